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
"""

import argparse
import gzip
import http.client
import itertools
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WRK_SCRIPT = ROOT / "scripts" / "bench.lua"
DOCS = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"

# Settings that must not leak in from the developer's shell or .env: the benchmark always
# measures the defaults `make run` uses (SQLite, local memory cache, one threaded process).
SITE_VARIABLES = {
    "DATABASE_URL",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "PAGE_CACHE_SECONDS",
    "DEBUG",
    "HTTPS",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
    "HOST",
    "PORT",
    "LOG_FORMAT",
    "LOG_LEVEL",
}

MB = 1024 * 1024
FLOOR_SECONDS = 2  # the static file's rate, measured before each round of a row
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}

# Targets from the issue "Fast at any size", on the 2-core machine at 10,000 profiles.
WARM_PROFILE_RATIO, COLD_PROFILE_RATIO = 0.8, 0.25
P95_LIMIT_MS = 50
LIST_PAGE_LIMIT_KB = 200
PAGE_WEIGHT_LIMIT_KB = 50
MEMORY_LIMIT_MB, MEMORY_GROWTH_LIMIT = 150, 0.10


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
        # Runs inside the benchmark's environment, in a process of its own: see plan().
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
    report += f"\nThe whole benchmark took {time.monotonic() - started:.0f} s.\n"
    print("\n" + report)
    if not args.no_docs:
        write_docs(report)
        print(f"Written to {DOCS.relative_to(ROOT)}.")


class Bench:
    def __init__(self, folder, args, load):
        self.folder, self.args, self.load = folder, args, load
        self.database = folder / "bench.sqlite3"
        self.secret = secrets.token_urlsafe(50)
        self.log = folder / "gunicorn.log"

    def env(self, page_cache=True):
        env = {name: value for name, value in os.environ.items() if name not in SITE_VARIABLES}
        return env | {
            "ENV_FILE": str(self.folder / "no.env"),  # not the developer's .env
            "DATABASE_URL": f"sqlite:///{self.database}",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "PAGE_CACHE_SECONDS": "3600" if page_cache else "0",
            # Recycling the worker mid-row would stall it, and hide the memory growth we measure.
            "GUNICORN_MAX_REQUESTS": "0",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *command):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=self.env(), check=True)

    def build_database(self):
        """The seed content and the synthetic profiles; the time generate_profiles took."""
        marker = self.folder / f"built-{self.args.profiles}"
        if self.database.exists() and marker.exists():
            print(f"Reusing {self.database}")
            return json.loads(marker.read_text())["generate_seconds"]
        for path in self.folder.glob("bench.sqlite3*"):
            path.unlink()
        print(f"Building {self.database} with {self.args.profiles:,} synthetic profiles")
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("load_content")
        started = time.monotonic()
        self.manage("generate_profiles", "--count", str(self.args.profiles))
        seconds = time.monotonic() - started
        marker.write_text(json.dumps({"generate_seconds": seconds}))
        return seconds

    def plan(self):
        result = subprocess.run(
            [PYTHON, __file__, "plan"],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def run(self):
        generate_seconds = self.build_database()
        plan = self.plan()
        print(f"Load generator: {self.load.name}")
        rows, memory = [], {}
        for page_cache in (True, False):
            label = "page cache on" if page_cache else "page cache off"
            with Server(self.env(page_cache), self.log) as server:
                print(f"Serving at {server.base} ({label})")
                # 10,000 requests take a while: once, as production runs (cache on), is enough.
                if page_cache:
                    memory[label] = self.measure_memory(server, plan["mixed"])
                else:
                    memory[label] = {"on start": server.worker_rss()}
                floor = None
                for row in plan["rows"]:
                    if row["page_cache"] != page_cache:
                        continue
                    rows.append(self.measure_row(server, row, floor))
                    floor = floor or row
                memory[label]["after all rows"] = server.worker_rss()
                if page_cache:
                    weight = page_weight(server.base, plan["profile_page"])
        return report(rows, memory, weight, plan, generate_seconds, self.args, self.load)

    def measure_memory(self, server, paths):
        """The worker's RSS on start, after 1,000 requests and after 10,000 (a mix of pages)."""
        rss = {"on start": server.worker_rss()}
        # Python's generator, which stops at a number of answers (wrk only stops on time).
        python_load(server.base, paths, self.args.clients, 300, limit=1_000)
        rss["after 1,000 requests"] = server.worker_rss()
        python_load(server.base, paths[1_000:], self.args.clients, 300, limit=9_000)
        rss["after 10,000 requests"] = server.worker_rss()
        return rss

    def rate(self, server, paths):
        return per_second(self.load.run(server.base, paths, self.args.clients, FLOOR_SECONDS))

    def measure_row(self, server, row, floor):
        print(f"  {row['name']} ", end="", flush=True)
        sizes = []
        for path in row["paths"][:5]:
            status, body, _ = fetch(server.base + path)
            if status != 200:
                sys.exit(f"\n{path} answered {status}: the benchmark needs every page to work")
            sizes.append(len(body))
        if row.get("warm"):
            for path in row["paths"]:
                fetch(server.base + path)
        # Rates drift with whatever else the machine does, so each round measures the static
        # file and then the row, back to back, and the report takes the median of the rounds.
        rates, ratios, requests, cpu = [], [], 0, 0.0
        for _ in range(self.args.rounds):
            floor_rps = self.rate(server, floor["paths"]) if floor else None
            cpu_before = server.worker_cpu()
            loaded = self.load.run(
                server.base, row["paths"], self.args.clients, round_seconds(self.args)
            )
            cpu_after = server.worker_cpu()
            known = None not in (cpu, cpu_before, cpu_after)
            cpu = cpu + cpu_after - cpu_before if known else None
            self.check(row, loaded)
            rps = per_second(loaded)
            rates.append(rps)
            ratios.append(rps / floor_rps if floor_rps else 1.0)
            requests += loaded["requests"]
        alone = self.load.run(server.base, row["paths"], 1, self.args.seconds)
        self.check(row, alone)
        rps, ratio = statistics.median(rates), statistics.median(ratios)
        print(f"{rps:,.0f} req/s ({ratio:.2f} × floor), p95 {alone['p95_us'] / 1000:.1f} ms")
        return row | {
            "rps": rps,
            "ratio": ratio,
            "p50": alone["p50_us"] / 1000,
            "p95": alone["p95_us"] / 1000,
            "p99": alone["p99_us"] / 1000,
            "size": max(sizes),
            "cpu": cpu / requests if cpu is not None and requests else None,
        }

    def check(self, row, run):
        problems = run["errors"] + run["bad_status"]
        if problems:
            sys.exit(f"\n{row['name']}: {problems} requests failed under load; see {self.log}")


class Server:
    """gunicorn as `make run` starts it, on a free port, stopped on leaving the block."""

    def __init__(self, env, log_path):
        self.env, self.log_path = env, log_path
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(
                    f"gunicorn stopped with exit code {self.process.returncode}; see {self.log_path}"
                )
            try:
                if fetch(self.base + "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        sys.exit(f"gunicorn did not answer within a minute; see {self.log_path}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def worker_cpu(self):
        """Seconds of CPU the worker process has used (Linux), or None."""
        try:
            stat = Path(f"/proc/{self.worker_pid()}/stat").read_text()
        except (OSError, TypeError):
            return None
        # Fields after the command name, which is in brackets and may hold spaces.
        utime, stime = stat.rsplit(")", 1)[1].split()[11:13]
        return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")

    def worker_pid(self):
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return int(children.read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return None

    def worker_rss(self):
        """The worker process's resident memory in bytes (Linux), or None."""
        try:
            status = Path(f"/proc/{self.worker_pid()}/status").read_text()
        except OSError:
            return None
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024


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


def page_weight(base, path):
    """Bytes sent for a page, its stylesheets and its scripts (with their imports), compressed."""
    url = base + path
    status, body, headers = fetch(url)
    html = decoded(body, headers).decode()
    sizes = {"HTML": len(body), "CSS": 0, "JS": 0}
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    seen = set()
    for kind, queue in (("CSS", stylesheets), ("JS", scripts)):
        while queue:
            asset = urljoin(url, queue.pop())
            if asset in seen:
                continue
            seen.add(asset)
            status, body, headers = fetch(asset)
            sizes[kind] += len(body)
            if kind == "JS":
                source = decoded(body, headers).decode()
                queue += [urljoin(asset, name) for name in re.findall(r'from\s*"([^"]+)"', source)]
    return sizes


def decoded(body, headers):
    return gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body


def plan():
    """What to request: run in the benchmark's environment, with Django set up."""
    import random
    from collections import Counter

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.templatetags.static import static as static_url
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from profiles.models import Category, JobProfile
    from profiles.views import LIST_PAGE_SIZE
    from search import text
    from search.models import Term

    rng = random.Random(9)
    published = JobProfile.objects.published()
    slugs = list(published.order_by("pk").values_list("slug", flat=True))
    titles = list(published.values_list("title", flat=True))

    def profile_paths(count):
        return [reverse("profiles:detail", args=[slug]) for slug in rng.sample(slugs, count)]

    def pages(url, count, **query):
        return [
            f"{url}?" + "&".join([*(f"{k}={v}" for k, v in query.items()), f"page={n}"])
            for n in range(1, math.ceil(count / LIST_PAGE_SIZE) + 1)
        ]

    def search(*queries):
        return [f"{reverse('search:results')}?q={q.replace(' ', '+')}" for q in queries]

    letter, in_letter = Counter(title[0].upper() for title in titles).most_common(1)[0]
    category = Category.objects.with_profile_counts().order_by("-profile_count").first()
    a_to_z = pages(reverse("profiles:a_to_z"), in_letter, letter=letter)
    in_category = pages(category.get_absolute_url(), category.profile_count)
    # Words from job titles used by the most profiles, and titles shared by the most profiles.
    common = [
        term.word
        for term in Term.objects.filter(in_names__gt=0).order_by("-documents")[:20]
        if len(term.word) >= 6
    ][:5]
    two_words = [title.lower() for title, _ in Counter(titles).most_common(5)]
    known = set(Term.objects.values_list("word", flat=True))
    # One letter left out of the middle, as a hurried typist does; never another real word.
    misspelt = [
        typo
        for word in common
        for typo in [word[: len(word) // 2] + word[len(word) // 2 + 1 :]]
        if typo not in known and text.allowed_edits(typo)
    ]
    if not (common and two_words and misspelt):
        raise SystemExit("The catalogue has too few words in its titles to search for.")
    static = static_url("dist/careers.css")  # hashed, as pages link it
    warm_profiles = profile_paths(min(100, len(slugs)))
    rows = [
        ("static file (floor)", True, [static], None),
        ("/healthz", True, [reverse("healthz")], None),
        ("profile page, warm cache", True, warm_profiles, "warm"),
        (f"search ‘{common[0]}’ …, cached", True, search(*common), "warm"),
        (f"A–Z, letter {letter}, cached", True, a_to_z, "warm"),
        (f"category ‘{category.name}’, cached", True, in_category, "warm"),
        ("static file (floor)", False, [static], None),
        ("profile page, caching off", False, profile_paths(min(2000, len(slugs))), None),
        (f"search, common word: {', '.join(common[:2])} …", False, search(*common), None),
        (f"search, two words: {', '.join(two_words[:2])} …", False, search(*two_words), None),
        (f"search, misspelt: {', '.join(misspelt[:2])} …", False, search(*misspelt), None),
        (f"A–Z, letter {letter} ({in_letter:,} profiles)", False, a_to_z, None),
        (
            f"category ‘{category.name}’ ({category.profile_count:,} profiles)",
            False,
            in_category,
            None,
        ),
    ]

    client = Client()

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return len(captured)

    plans = []
    for name, page_cache, paths, warm in rows:
        seconds = settings.PAGE_CACHE_SECONDS if page_cache else 0
        counts = set()
        with override_settings(PAGE_CACHE_SECONDS=seconds):
            for path in paths[:5]:
                cache.clear()
                cold = queries(path)
                counts.add((cold, queries(path)) if page_cache else (cold,))
        plans.append(
            {
                "name": name,
                "page_cache": page_cache,
                "paths": paths,
                "warm": warm == "warm",
                "queries": sorted(counts),
            }
        )
    # Traffic as a site sees it: mostly popular profiles (served from the cache), a long tail
    # of others (rendered), and lists and searches; 10,000 requests in all.
    long_tail = profile_paths(min(2000, len(slugs)))
    lists = [*search(*common, *two_words, *misspelt), *a_to_z, *in_category]
    mixed = [
        rng.choice(warm_profiles if roll < 0.7 else long_tail if roll < 0.9 else lists)
        for roll in (rng.random() for _ in range(10_000))
    ]
    return {
        "rows": plans,
        "mixed": mixed,
        "profile_page": reverse("profiles:detail", args=["health-records-clerk"]),
        "published": len(slugs),
    }


def machine():
    cpu = "unknown CPU"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", cpuinfo).group(1).strip()
    except (OSError, AttributeError):
        pass
    try:
        meminfo = Path("/proc/meminfo").read_text()
        ram = f"{int(re.search(r'MemTotal:\s+(\d+)', meminfo).group(1)) / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        ram = "unknown"
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    load = " / ".join(f"{n:.1f}" for n in os.getloadavg())
    import django
    import gunicorn

    return [
        ("CPU", f"{cpu}, {cores} cores"),
        ("memory", ram),
        ("system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("Django, gunicorn", f"{django.get_version()}, {gunicorn.__version__}"),
        ("load average at the start (1, 5, 15 min)", load),
    ]


def megabytes(value):
    return f"{value / MB:.0f} MB" if value else "n/a"


def report(rows, memory, weight, plan, generate_seconds, args, load):
    lines = [
        f"Measured on {date.today().isoformat()} by `make bench` "
        f"({plan['published']:,} published profiles of {args.profiles:,} synthetic ones plus "
        f"the seed; `generate_profiles --count {args.profiles}` took {generate_seconds:.0f} s).",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine()),
        f"| load generator | {load.name}: {args.clients} clients for req/s, {args.rounds} rounds "
        f"of {FLOOR_SECONDS} s of the static file then {round_seconds(args)} s of the page; "
        f"1 client for latency, {args.seconds} s |",
        "",
        "Requests a second with "
        f"{args.clients} clients and the ratio to the static file's rate (medians of "
        f"{args.rounds} rounds, each measuring the static file and then the page, back to back, "
        "on the same server); latency with one client; the worker's CPU time per "
        "request under load (steadier than the rates on a busy machine); queries per request "
        "with a cold cache / a warm one; size "
        "sent compressed (largest of the first five addresses).",
        "",
        "| page | cache | req/s | × floor | CPU ms | p50 ms | p95 ms | p99 ms | queries | size "
        "| target |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for row in rows:
        queries = ", ".join(" / ".join(map(str, c)) for c in row["queries"])
        lines.append(
            f"| {row['name']} | {'on' if row['page_cache'] else 'off'} | {row['rps']:,.0f} "
            f"| {row['ratio']:.2f} | {cpu_ms(row['cpu'])} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} "
            f"| {queries} | {row['size'] / 1024:.1f} KB | {row_target(row)} |"
        )
    total = sum(weight.values())
    weight_ok = total / 1024 < PAGE_WEIGHT_LIMIT_KB
    lines += [
        "",
        f"Profile page weight ({plan['profile_page']}, compressed): "
        + ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in weight.items())
        + f"; **{total / 1024:.1f} KB** in all "
        f"(target < {PAGE_WEIGHT_LIMIT_KB} KB: {'met' if weight_ok else 'MISSED'}).",
        "",
        "Worker memory (RSS), one gunicorn worker, through 10,000 requests of mixed pages "
        f"(target < {MEMORY_LIMIT_MB} MB, growing < {MEMORY_GROWTH_LIMIT:.0%} from 1,000 to "
        "10,000 requests):",
        "",
    ]
    for label, rss in memory.items():
        first, tenth = rss.get("after 1,000 requests"), rss.get("after 10,000 requests")
        peak = max(value or 0 for value in rss.values())
        if not peak:
            verdict = "not measured (no /proc)"
        elif first and tenth:
            growth = tenth / first - 1
            ok = peak / MB < MEMORY_LIMIT_MB and growth < MEMORY_GROWTH_LIMIT
            verdict = f"peak {megabytes(peak)}, growth {growth:+.1%}: {'met' if ok else 'MISSED'}"
        else:
            verdict = (
                f"peak {megabytes(peak)}: {'met' if peak / MB < MEMORY_LIMIT_MB else 'MISSED'}"
            )
        lines.append(
            f"- {label}: "
            + ", ".join(f"{when} {megabytes(v)}" for when, v in rss.items())
            + f"; {verdict}"
        )
    return "\n".join(lines) + "\n"


def per_second(run):
    return run["requests"] / (run["duration_us"] / 1e6)


def round_seconds(args):
    """How long each round drives a row under load: about half of --seconds, at least 2."""
    return max(2, math.ceil(args.seconds / 2))


def cpu_ms(seconds):
    return f"{seconds * 1000:.2f}" if seconds is not None else "n/a"


def row_target(row):
    name = row["name"]
    if name.startswith("profile page, warm"):
        return verdict(row["ratio"] >= WARM_PROFILE_RATIO, f"≥ {WARM_PROFILE_RATIO} × floor")
    if name.startswith("profile page, caching off"):
        return verdict(row["ratio"] >= COLD_PROFILE_RATIO, f"≥ {COLD_PROFILE_RATIO} × floor")
    if row["page_cache"]:
        return ""
    if name.startswith("search"):
        return verdict(row["p95"] < P95_LIMIT_MS, f"p95 < {P95_LIMIT_MS} ms")
    if name.startswith(("A–Z", "category")):
        ok = row["p95"] < P95_LIMIT_MS and row["size"] / 1024 < LIST_PAGE_LIMIT_KB
        return verdict(ok, f"p95 < {P95_LIMIT_MS} ms, < {LIST_PAGE_LIMIT_KB} KB")
    return ""


def verdict(ok, target):
    return f"{target}: {'met' if ok else '**MISSED**'}"


def write_docs(report):
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(DOCS_START) + len(DOCS_START), text.index(DOCS_END)
    DOCS.write_text(text[:start] + "\n" + report + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
