"""Nothing lost: many visitors sending feedback at once, through real server processes.

The site runs under gunicorn (several worker processes, several threads each), as in production,
against a database file for SQLite (WAL, busy timeout: what `make run` uses; the in-memory test
database would hide locking between processes) or against the test database on PostgreSQL.
"""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from feedback.models import Feedback

THREADS = 12
SUBMISSIONS_PER_THREAD = 20  # alternately a message and a yes/no answer
WORKERS, WORKER_THREADS = 4, 4


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_url():
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def load_database(transactional_db, tmp_path):
    """(DATABASE_URL for the server, a function listing the stored (kind, page, message))."""
    if connection.vendor == "sqlite":
        path = tmp_path / "load.sqlite3"
        url = f"sqlite:///{path}"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=_server_env(url),
            check=True,
        )

        def stored():
            with sqlite3.connect(path) as db:
                return db.execute("SELECT kind, page, message FROM feedback_feedback").fetchall()

        return url, stored
    # Other engines: the test database itself, committed to (transactional) so the server sees it.
    return _postgres_url(), lambda: list(Feedback.objects.values_list("kind", "page", "message"))


def _server_env(database_url, port=None):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        ENV_FILE=os.devnull,
        DJANGO_SETTINGS_MODULE="careers_site.settings",
        SECRET_KEY="load-test-" + "x" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CACHE_URL="locmemcache://",
        LOG_LEVEL="WARNING",
        # Every request comes from one address here; the limits are tested elsewhere.
        FEEDBACK_RATE_LIMIT_MESSAGES="1000000",
        FEEDBACK_RATE_LIMIT_ANSWERS="1000000",
    )
    return env


@pytest.fixture
def server(load_database, tmp_path):
    database_url, stored = load_database
    port = _free_port()
    config = tmp_path / "gunicorn.conf.py"
    config.write_text("")  # this test's settings only, not the project's gunicorn.conf.py
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "careers_site.wsgi",
            f"--config={config}",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=gthread",
            f"--workers={WORKERS}",
            f"--threads={WORKER_THREADS}",
            "--timeout=60",
        ],
        cwd=settings.BASE_DIR,
        env=_server_env(database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _request(port, "GET", "/feedback/")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield port, stored, tmp_path / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        conn.close()


def _visitor(port, number, start):
    """One visitor: fetch the form once for a CSRF token, then send feedback again and again."""
    status, headers, html = _request(port, "GET", "/feedback/")
    assert status == 200
    cookie = next(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "csrf" in v)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    same_site = form | {"Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"}
    thanked, refused = set(), []
    start.wait()
    for n in range(SUBMISSIONS_PER_THREAD):
        page = f"/load/{number}-{n}/"
        if n % 2:
            body = urlencode({"answer": "yes", "page": page})
            status, headers, _ = _request(port, "POST", "/feedback/useful/", body, same_site)
            submission = ("useful", page, "")
        else:
            message = f"Load test message {number}-{n}"
            body = urlencode({"csrfmiddlewaretoken": token, "message": message, "page": page})
            status, headers, _ = _request(port, "POST", "/feedback/", body, form)
            submission = ("general", page, message)
        location = {k.lower(): v for k, v in headers}.get("location", "")
        if status == 303 and location.startswith("/feedback/thanks/"):
            thanked.add(submission)
        else:
            refused.append((status, submission))
    return thanked, refused


def test_every_thanked_submission_is_stored_under_concurrent_load(server):
    port, stored, log = server
    start = threading.Barrier(THREADS)
    began = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda n: _visitor(port, n, start), range(THREADS)))
    seconds = time.monotonic() - began

    thanked = set().union(*(thanked for thanked, _ in results))
    refused = [refusal for _, refusals in results for refusal in refusals]
    total = THREADS * SUBMISSIONS_PER_THREAD
    print(
        f"\n{connection.vendor}: {total} submissions from {THREADS} threads to "
        f"{WORKERS}x{WORKER_THREADS} gunicorn workers in {seconds:.1f}s; "
        f"{len(thanked)} thanked, {len(refused)} refused"
    )
    assert not refused, f"{refused[:5]}\n{log.read_text()[-3000:]}"
    assert len(thanked) == total
    assert set(stored()) == thanked
    assert len(stored()) == total  # and nothing stored twice
