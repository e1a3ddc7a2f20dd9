"""Helpers for the production-path tests: real Redis, real PostgreSQL, real gunicorn processes.

Tests needing a service skip, saying which, unless CI_REQUIRE_SERVICES=1 (set by .ci/run), which
turns the skip into a failure: in CI these tests must run.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
REQUIRED = os.environ.get("CI_REQUIRE_SERVICES") == "1"

# The process environment of a production instance; each test adds the database and cache.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "ENV_FILE": os.devnull,
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "json",
}


def manage(env, *args, stdin=None):
    """Run manage.py as an operator would, in a production environment plus `env`; its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION_ENV, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def need(what, available):
    """Skip (or, in CI, fail) a test whose service is not configured."""
    if available:
        return
    if REQUIRED:
        pytest.fail(f"{what} is required here (CI_REQUIRE_SERVICES=1) but not configured")
    pytest.skip(f"needs {what}")


def configured_redis_url():
    """The Redis server to test against: CACHE_URL if it is one, else REDIS_URL."""
    for name in ("CACHE_URL", "REDIS_URL"):
        value = os.environ.get(name, "")
        if value.startswith(("redis://", "rediss://")):
            return value
    return None


@pytest.fixture
def redis_url():
    url = configured_redis_url()
    need(
        "a Redis server (set REDIS_URL=redis://127.0.0.1:6379/15, a database tests may empty)", url
    )
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {url} is configured but not answering: {error}")
    return url


def redis_cache_settings(url, prefix):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict
    body: str


def fetch(base_url, path, method="GET", headers=None):
    """One HTTP request, redirects not followed; header names in lower case."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


@dataclass
class Instance:
    url: str
    process: subprocess.Popen
    log_path: Path

    def get(self, path, **kwargs):
        return fetch(self.url, path, **kwargs)

    def log_lines(self):
        return self.log_path.read_text().splitlines()


@pytest.fixture
def start_instance(tmp_path):
    """Start the site under gunicorn (gunicorn.conf.py) as production runs it; stop it after."""
    instances = []

    def start(**env_vars):
        port = free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "PYTEST_"))
        }
        env |= PRODUCTION_ENV | {"HOST": "127.0.0.1", "PORT": str(port)} | env_vars
        log_path = tmp_path / f"gunicorn-{port}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        instance = Instance(f"http://127.0.0.1:{port}", process, log_path)
        instances.append(instance)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return instance
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"gunicorn did not start in 30 s:\n{log_path.read_text()}")

    yield start
    for instance in instances:
        # SIGINT: gunicorn's quick shutdown (SIGTERM waits for keep-alive connections to idle).
        instance.process.send_signal(signal.SIGINT)
    for instance in instances:
        try:
            instance.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            instance.process.kill()
            instance.process.wait()
