"""The measurements: each row and the mixed traffic against each server, and the page weight."""

import gzip
import re
import statistics
import sys
from urllib.parse import urljoin

from .database import Database
from .load import FLOOR_SECONDS, fetch, per_second, python_load, round_seconds
from .plan import planned
from .report import report
from .server import Server


class Bench:
    def __init__(self, folder, args, load):
        self.args, self.load = args, load
        self.database = Database(folder)
        self.log = folder / "gunicorn.log"

    def run(self):
        generate_seconds = self.database.build(self.args.profiles)
        plan = planned(self.database.env())
        print(f"Load generator: {self.load.name}")
        rows, memory = [], {}
        for page_cache in (True, False):
            label = "page cache on" if page_cache else "page cache off"
            with Server(self.database.env(page_cache), self.log) as server:
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
        sizes, compressed = [], []
        for path in row["paths"][:5]:
            status, body, _ = fetch(server.base + path)
            if status != 200:
                sys.exit(f"\n{path} answered {status}: the benchmark needs every page to work")
            sizes.append(len(body))
            compressed.append(len(gzip.compress(body)))
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
            "gzipped": max(compressed),
            "cpu": cpu / requests if cpu is not None and requests else None,
        }

    def check(self, row, run):
        problems = run["errors"] + run["bad_status"]
        if problems:
            sys.exit(f"\n{row['name']}: {problems} requests failed under load; see {self.log}")


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
