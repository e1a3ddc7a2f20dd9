"""Lighthouse on the start, search and profile pages, served as `make run` serves them.

Starts gunicorn on a free port on 127.0.0.1, runs Lighthouse (Debian's Chromium) on each page, prints
the four category scores and the cumulative layout shift as a Markdown table with the audits that
cost points, and stops the server.
A report, not a test: scores move a little from run to run. Run it through `make audit`.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    ("start", "/"),
    ("search", "/search/?q=nurse"),
    ("profile", "/job-profiles/health-records-clerk/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Without the networking flags Chromium phones home at start-up, which a closed network refuses.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url, server, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit(f"gunicorn stopped with exit code {server.returncode}:\n{log.read()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {url} within {seconds}s")


def answer_status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def lighthouse(url, chrome, report):
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=os.environ | {"CHROME_PATH": chrome},
        check=True,
        timeout=300,
    )
    return json.loads(Path(report).read_text(encoding="utf-8"))


def lost_points(result):
    """The scored audits that did not pass, per category."""
    lost = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}: {audit['id']} ({audit['score']:.2f}) {audit['title']}")
    return lost


def main():
    chrome = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not shutil.which(chrome):
        sys.exit(f"Chromium not found at {chrome}: install Debian's chromium package.")
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: run `npm ci`.")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "gunicorn.log", "w+") as log:
        # Served as `make run` serves the site; the log is shown only if the server fails.
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [str(gunicorn), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(base + "/", server, log)
            for name, path in PAGES:
                status = answer_status(base + path)
                if status != 200:
                    rows.append((name, path, *[f"not audited ({status})"] * 5))
                    continue
                result = lighthouse(base + path, chrome, Path(folder) / f"{name}.json")
                scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
                shift = result["audits"]["cumulative-layout-shift"]["numericValue"]
                rows.append((name, path, *scores, f"{shift:.3f}"))
                notes += [f"{name}: {line}" for line in lost_points(result)]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    print(
        f"Lighthouse {lighthouse_version()}, mobile with simulated throttling, {time.strftime('%Y-%m-%d')}"
    )
    print()
    print("| page | path | performance | accessibility | best practices | SEO | layout shift |")
    print("|---|---|---|---|---|---|---|")
    for name, path, *scores in rows:
        print(f"| {name} | `{path}` | " + " | ".join(map(str, scores)) + " |")
    print()
    print("\n".join(notes) if notes else "Every scored audit passed.")


def lighthouse_version():
    result = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    return result.stdout.strip()


if __name__ == "__main__":
    main()
