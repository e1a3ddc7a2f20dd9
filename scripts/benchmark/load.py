"""Driving load: wrk, or the Python generator when wrk is missing, and single requests."""

import http.client
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit

from . import ROOT

WRK_SCRIPT = ROOT / "scripts" / "bench.lua"
FLOOR_SECONDS = 2  # the static file's rate, measured before each round of a row
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}


class Load:
    """wrk if it is installed, else a small Python load generator (slower: numbers are lower)."""

    def __init__(self):
        self.wrk = shutil.which("wrk")
        if self.wrk:
            version = subprocess.run([self.wrk, "-v"], capture_output=True, text=True)
            self.name = (version.stdout or version.stderr).split("Copyright")[0].strip()
        else:
            print(
                "wrk is not installed (Debian: `apt-get install wrk`); using the Python load "
                "generator, which takes CPU from the server on a small machine.",
                file=sys.stderr,
            )
            self.name = "Python threads (wrk not installed)"

    def run(self, base, paths, clients, seconds):
        if not self.wrk:
            return python_load(base, paths, clients, seconds)
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
            listing.write("\n".join(paths))
            listing.flush()
            env = os.environ | {"BENCH_PATHS": listing.name}
            command = [self.wrk, "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "10s"]
            result = subprocess.run(
                [*command, "-s", str(WRK_SCRIPT), base],
                env=env,
                capture_output=True,
                text=True,
                timeout=seconds + 60,
                check=True,
            )
        line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
        return json.loads(line.removeprefix("BENCH "))


def python_load(base, paths, clients, seconds, limit=0):
    """Keep-alive clients in threads, taking paths in turn, for a time or a number of answers."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    deadline = time.monotonic() + seconds
    turns, lock = itertools.count(), threading.Lock()
    latencies, failures = [], {"errors": 0, "bad_status": 0}

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                turn = next(turns)
            if limit and turn >= limit:
                break
            began = time.perf_counter()
            try:
                connection.request("GET", paths[turn % len(paths)], headers=ACCEPT)
                response = connection.getresponse()
                response.read()
            except OSError:
                connection.close()
                with lock:
                    failures["errors"] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - began)
                failures["bad_status"] += response.status >= 400
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(p):
        if not latencies:
            return 0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1e6

    return {
        "requests": len(latencies),
        "duration_us": (time.perf_counter() - started) * 1e6,
        **failures,
        "p50_us": percentile(50),
        "p95_us": percentile(95),
        "p99_us": percentile(99),
    }


def fetch(url):
    """(status, body as sent, headers) for a GET asking for compression, as a browser asks."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=ACCEPT)
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def per_second(run):
    return run["requests"] / (run["duration_us"] / 1e6)


def round_seconds(args):
    """How long each round drives a row under load: about half of --seconds, at least 2."""
    return max(2, math.ceil(args.seconds / 2))
