"""The benchmark behind `make bench`: the site at 10,000 profiles, served by gunicorn, under load.

Builds a separate SQLite database in a temporary folder (never the developer's db.sqlite3) with
the seed content and `generate_profiles --count N`, then serves it twice with gunicorn on a free
port on 127.0.0.1, configured as `make run` configures it: once with the page cache on, once with
it off (PAGE_CACHE_SECONDS=0). Each row drives one kind of page for a bounded time with wrk
(Debian's `apt-get install wrk`; without it a slower Python load generator stands in), first with
several clients for requests a second, then with one client for latencies. It prints one table,
the machine it ran on and every target met or missed, and writes the same into
docs/performance.md between its markers (--no-docs leaves the file alone).

A report, not a test: numbers move with whatever else the machine is doing, so the load average
at the start is printed too.

The work is done in scripts/benchmark/, a module for each job: the database, the plan of what to
request, gunicorn, the load, the measurements and the report.
"""

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

from benchmark import ROOT
from benchmark.database import relevance
from benchmark.load import Load
from benchmark.measure import Bench
from benchmark.plan import plan
from benchmark.report import DOCS, write_docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000, help="synthetic profiles to make")
    parser.add_argument("--seconds", type=int, default=5, help="seconds each row is driven")
    parser.add_argument("--clients", type=int, default=4, help="clients for requests a second")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of (static file, row) under load for each row; the report takes the median",
    )
    parser.add_argument(
        "--database-folder",
        help="build the database here and reuse it on the next run (default: a temporary folder)",
    )
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "plan"])
    args = parser.parse_args()
    if args.command == "plan":
        # Runs inside the benchmark's environment, in a process of its own: see planned().
        print(json.dumps(plan()))
        return
    # Stopped (Ctrl-C, or a TERM from a CI's timeout): leave through the finally blocks, which
    # stop gunicorn and remove the temporary database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    load = Load()
    with tempfile.TemporaryDirectory(prefix="careers-bench-") as temporary:
        folder = Path(args.database_folder or temporary).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        bench = Bench(folder, args, load)
        report = bench.run()
        report += (
            "\n**Search relevance** on the judged queries (`fixtures/search/judged_queries.json`; "
            "`manage.py measure_search`), on the seed content alone, SQLite:\n\n"
            + relevance(folder)
            + "\n"
        )
    report += f"\nThe whole benchmark took {time.monotonic() - started:.0f} s.\n"
    print("\n" + report)
    if not args.no_docs:
        write_docs(report)
        print(f"Written to {DOCS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
