"""The benchmark behind `make bench`, one module a job; scripts/bench.py is how it is run."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
