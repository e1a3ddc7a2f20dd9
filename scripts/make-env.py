"""Create .env from .env.example with a fresh SECRET_KEY; never touch an existing .env."""

import secrets
import sys
from pathlib import Path

example, target = map(Path, sys.argv[1:3])
if target.exists():
    sys.exit(0)
key = secrets.token_urlsafe(50)
lines = [
    f"SECRET_KEY={key}" if line.startswith("SECRET_KEY=") else line
    for line in example.read_text().splitlines()
]
target.write_text("\n".join(lines) + "\n")
target.chmod(0o600)
print(f"Created {target} with a new SECRET_KEY.")
