"""The site under load while its parts fail: Redis stopped and hung, PostgreSQL's connections
killed and the server refused, then each brought back.

The site runs as production runs it (gunicorn.conf.py, a worker per CPU) against a Redis and a
PostgreSQL of the test's own (servers.py). Every response must be a page or JSON answer, never a
5xx while only the cache is failing; with the database down, pages in the cache are still
served and the rest get the site's error page; and every feedback answer the site accepted
(201) is in the database afterwards. Each test prints its figures (docs/quality.md has a run).
"""

import http.client
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from tests.faults.servers import PostgresServer, RedisServer
from tests.production.conftest import BASE_DIR, PRODUCTION_ENV, need

PROFILES = [
    "health-records-clerk",
    "medical-secretary",
    "ward-clerk",
    "gp-receptionist",
    "receptionist",
    "bookkeeper",
    "accountant",
    "plumber",
]
FEEDBACK_PAGE = "/job-profiles/health-records-clerk/"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    need("redis-server (apt-get install redis-server)", RedisServer.available)
    need("PostgreSQL's server binaries (apt-get install postgresql)", PostgresServer.available)
    folder = tmp_path_factory.mktemp("faults")
    postgres, redis = PostgresServer(folder), RedisServer(folder)
    postgres.init()
    postgres.start()
    postgres.sql("CREATE DATABASE careers", database="postgres")
    redis.start()
    env = {"DATABASE_URL": postgres.url, "CACHE_URL": redis.url}
    for command in (["migrate", "--no-input", "-v0"], ["load_content", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env={"PATH": "/usr/bin:/bin", **PRODUCTION_ENV, **env},
            check=True,
            capture_output=True,
            timeout=300,
        )
    yield postgres, redis, env
    redis.kill()
    postgres.remove()


@pytest.fixture
def site(servers, start_instance):
    postgres, redis, env = servers
    for server in (postgres, redis):
        if server.process.poll() is not None:
            server.start()
    return start_instance(
        **env,
        # One address sends everything here; the limits are tested elsewhere.
        FEEDBACK_RATE_LIMIT_ANSWERS="1000000",
        API_RATE_LIMIT="1000000",
    )


class Load:
    """Threads asking for pages, the API, search and /healthz and posting feedback answers."""

    def __init__(self, url, threads=6):
        self.netloc = urlsplit(url).netloc
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]
        self.results, self.stopping = [], threading.Event()
        self._lock = threading.Lock()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)

    def _request(self, kind, method, path, body=None, headers=None):
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.netloc, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            status, content_type = response.status, response.getheader("Content-Type", "")
            cached = response.getheader("X-Page-Cache", "")
            content = response.read()
        except OSError:
            status, content_type, content = None, "", b""  # no answer in 20 s, or reset
            cached = ""
        finally:
            connection.close()
        with self._lock:
            self.results.append(
                {
                    "kind": kind,
                    "path": path,
                    "status": status,
                    "seconds": time.monotonic() - started,
                    "type": content_type,
                    "site_page": b"govuk-template" in content,
                    "cache": cached,
                }
            )

    def _run(self, n):
        step = 0
        while not self.stopping.is_set():
            step += 1
            slug = PROFILES[(n + step) % len(PROFILES)]
            choice = step % 5
            if choice == 0:
                self._request("page", "GET", f"/job-profiles/{slug}/")
            elif choice == 1:
                self._request("api", "GET", f"/api/job-profiles/{slug}/")
            elif choice == 2:
                self._request("search", "GET", f"/search/?q={slug.replace('-', '+')}")
            elif choice == 3:
                self._request(
                    "feedback",
                    "POST",
                    "/feedback/useful/",
                    body=f"answer=yes&page={FEEDBACK_PAGE}",
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/json",
                        "Sec-Fetch-Site": "same-origin",
                    },
                )
            else:
                self._request("healthz", "GET", "/healthz")

    def summary(self):
        statuses = Counter((r["kind"], r["status"]) for r in self.results)
        return {f"{kind} {status}": count for (kind, status), count in sorted(statuses.items())}


def _stored_answers(postgres):
    return int(postgres.sql("SELECT count(*) FROM feedback_feedback WHERE kind = 'useful'"))


def _check_and_report(name, load, postgres, stored_before):
    accepted = sum(1 for r in load.results if r["kind"] == "feedback" and r["status"] == 201)
    unanswered = sum(1 for r in load.results if r["status"] is None)
    stored = _stored_answers(postgres) - stored_before
    slowest = max(r["seconds"] for r in load.results)
    figures = {
        "scenario": name,
        "requests": len(load.results),
        "statuses": load.summary(),
        "feedback accepted": accepted,
        "feedback stored": stored,
        "unanswered": unanswered,
        "slowest seconds": round(slowest, 2),
    }
    print("FAULTS " + json.dumps(figures))
    # Nothing the site said it took is lost; an answer lost in transit may still be stored.
    assert accepted <= stored <= accepted + unanswered
    for result in load.results:
        if result["status"] is not None and result["path"].startswith("/api/"):
            assert result["type"].startswith("application/json"), result
    return figures


def _warm(site):
    """Every profile page the load asks for is in the page cache before anything fails."""
    netloc = urlsplit(site.url).netloc
    for slug in PROFILES:
        for _ in range(5):
            connection = http.client.HTTPConnection(netloc, timeout=20)
            connection.request("GET", f"/job-profiles/{slug}/")
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.getheader("X-Page-Cache") == "hit":
                break
        else:
            pytest.fail(f"/job-profiles/{slug}/ was never served from the cache")


def _run_with_fault(site, postgres, fault, recover, *, before=2, during=5, after=12):
    _warm(site)
    stored_before = _stored_answers(postgres)
    with Load(site.url) as load:
        time.sleep(before)
        fault()
        time.sleep(during)
        recover()
        time.sleep(after)
        # The end of the run: every kind of request answers normally again.
        tail = len(load.results)
        time.sleep(3)
    recovered = load.results[tail:]
    return load, stored_before, recovered


def _no_server_errors(results, allow_healthz_503=True):
    for result in results:
        if result["kind"] == "healthz" and result["status"] == 503 and allow_healthz_503:
            continue
        assert result["status"] is not None and result["status"] < 500, result


def _all_well(results):
    assert results, "no requests after recovery"
    for result in results:
        assert result["status"] in (200, 201), result


def test_redis_stopped_then_restarted(site, servers):
    postgres, redis, _ = servers
    load, stored_before, recovered = _run_with_fault(site, postgres, redis.stop, redis.start)
    figures = _check_and_report("Redis stopped 5 s, restarted", load, postgres, stored_before)
    _no_server_errors(load.results)
    assert any(r["kind"] == "healthz" and r["status"] == 503 for r in load.results)
    _all_well(recovered)
    assert figures["unanswered"] == 0


def test_redis_hung_then_resumed(site, servers):
    postgres, redis, _ = servers
    load, stored_before, recovered = _run_with_fault(site, postgres, redis.hang, redis.resume)
    figures = _check_and_report("Redis hung (SIGSTOP) 5 s, resumed", load, postgres, stored_before)
    _no_server_errors(load.results)
    _all_well(recovered)
    # A hung cache costs each worker one socket timeout (2 s) before it is left alone, and
    # /healthz waits for its own checks: nothing waits anywhere near gunicorn's 30 s.
    assert figures["slowest seconds"] < 10
    assert figures["unanswered"] == 0


def test_postgres_connections_killed_under_load(site, servers):
    postgres, _, _ = servers

    def kill_repeatedly():
        for _ in range(5):
            postgres.kill_connections()
            time.sleep(1)

    load, stored_before, recovered = _run_with_fault(
        site, postgres, kill_repeatedly, lambda: None, during=0
    )
    _check_and_report("PostgreSQL sessions killed 5 times", load, postgres, stored_before)
    for result in load.results:
        # A query cut off mid-request may fail; it gets the site's page (or JSON), never a
        # bare error, and the next request reconnects.
        if result["status"] and result["status"] >= 500:
            assert result["site_page"] or result["type"].startswith("application/json"), result
    _all_well(recovered)


def test_postgres_refused_then_back(site, servers):
    postgres, _, _ = servers
    load, stored_before, recovered = _run_with_fault(site, postgres, postgres.stop, postgres.start)
    _check_and_report("PostgreSQL stopped 5 s, restarted", load, postgres, stored_before)
    for result in load.results:
        if result["status"] and result["status"] >= 500 and result["kind"] != "healthz":
            # The site's error page (or JSON under /api/), never a bare error or a hang.
            assert result["site_page"] or result["type"].startswith("application/json"), result
    # Pages in the cache are served while the database is away: no profile page failed.
    assert not [r for r in load.results if r["kind"] == "page" and r["status"] != 200]
    _all_well(recovered)
