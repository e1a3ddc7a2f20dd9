"""The benchmark's own SQLite database, and the environment the site is run in around it."""

import json
import os
import secrets
import subprocess
import time

from . import PYTHON, ROOT

# Settings that must not leak in from the developer's shell or .env: the benchmark always
# measures the defaults `make run` uses (SQLite, the on-disk cache, a worker process per CPU).
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


class Database:
    """bench.sqlite3 in a folder of its own, never the developer's db.sqlite3."""

    def __init__(self, folder):
        self.folder = folder
        self.path = folder / "bench.sqlite3"
        self.secret = secrets.token_urlsafe(50)

    def env(self, page_cache=True):
        env = {name: value for name, value in os.environ.items() if name not in SITE_VARIABLES}
        return env | {
            "ENV_FILE": str(self.folder / "no.env"),  # not the developer's .env
            "DATABASE_URL": f"sqlite:///{self.path}",
            # The default cache, in the benchmark's folder rather than the checkout's var/cache.
            "CACHE_URL": f"diskcache://{self.folder / 'cache'}",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "PAGE_CACHE_SECONDS": "3600" if page_cache else "0",
            # Recycling the worker mid-row would stall it, and hide the memory growth we measure.
            "GUNICORN_MAX_REQUESTS": "0",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *command):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=self.env(), check=True)

    def build(self, profiles):
        """The seed content and the synthetic profiles; the time generate_profiles took."""
        marker = self.folder / f"built-{profiles}"
        if self.path.exists() and marker.exists():
            print(f"Reusing {self.path}")
            return json.loads(marker.read_text())["generate_seconds"]
        for path in self.folder.glob("bench.sqlite3*"):
            path.unlink()
        print(f"Building {self.path} with {profiles:,} synthetic profiles")
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("load_content")
        started = time.monotonic()
        self.manage("generate_profiles", "--count", str(profiles))
        seconds = time.monotonic() - started
        marker.write_text(json.dumps({"generate_seconds": seconds}))
        return seconds


def relevance(folder):
    """Search's figures on the judged queries, as a Markdown table: on a database of the seed
    content alone, which is what the queries were judged against."""
    seed = Database(folder / "relevance")
    seed.folder.mkdir(parents=True, exist_ok=True)
    for path in seed.folder.glob("bench.sqlite3*"):
        path.unlink()
    seed.manage("migrate", "--noinput", "--verbosity", "0")
    subprocess.run(
        [PYTHON, "manage.py", "load_content"], cwd=ROOT, env=seed.env(), check=True,
        capture_output=True,
    )  # fmt: skip
    measured = subprocess.run(
        [PYTHON, "manage.py", "measure_search"],
        cwd=ROOT,
        env=seed.env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return measured.stdout.strip()
