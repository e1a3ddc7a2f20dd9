"""gunicorn.conf.py: workers from the CPU count, one process when the cache is process-local."""

import json
import os
import subprocess
import sys
import time

from django.conf import settings

SHOW = (
    "import json, os, runpy; c = runpy.run_path('gunicorn.conf.py'); "
    "print(json.dumps({k: c.get(k) for k in ['workers', 'threads', 'timeout', 'bind', "
    "'accesslog', 'errorlog', 'logconfig_dict']} | {'cpus': len(os.sched_getaffinity(0))}))"
)


def gunicorn_config(**env_vars):
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "WEB_CONCURRENCY"}}
    env |= {"ENV_FILE": os.devnull} | env_vars
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_with_a_shared_cache_there_are_workers_for_every_cpu():
    config = gunicorn_config(CACHE_URL="redis://127.0.0.1:6379/0")
    assert config["workers"] == 2 * config["cpus"] + 1
    assert config["threads"] == 1


def test_by_default_the_on_disk_cache_is_shared_so_there_are_workers_for_every_cpu():
    config = gunicorn_config()
    assert config["workers"] == 2 * config["cpus"] + 1
    assert config["threads"] == 1


def test_with_the_local_memory_cache_one_process_serves_with_threads():
    config = gunicorn_config(CACHE_URL="locmemcache://")
    assert config["workers"] == 1
    assert config["threads"] == 2 * config["cpus"] + 1


def test_web_concurrency_and_port_come_from_the_environment():
    config = gunicorn_config(WEB_CONCURRENCY="3", PORT="9001", HOST="0.0.0.0")
    assert config["workers"] == 3
    assert config["bind"] == ["0.0.0.0:9001"]


def test_requests_time_out_and_logs_go_to_stdout_as_json():
    config = gunicorn_config()
    assert config["timeout"] == 30
    assert config["errorlog"] == "-"
    handler = config["logconfig_dict"]["handlers"]["stdout"]
    assert handler["stream"] == "ext://sys.stdout"
    assert handler["formatter"] == "json"
    assert config["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == ["stdout"]
    assert gunicorn_config(LOG_FORMAT="text")["accesslog"] == "-"


def test_each_request_is_logged_as_one_json_line_with_what_an_operator_looks_for(start_instance):
    instance = start_instance()
    instance.get("/healthz?probe=1", headers={"User-Agent": "uptime-check", "Referer": "/x"})
    deadline = time.monotonic() + 10
    while not (access := _access_records(instance)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(access) == 1, instance.log_lines()
    record = access[0]
    assert record["message"] == "GET /healthz 200"
    assert {
        k: record[k] for k in ("method", "path", "query", "status", "user_agent", "referer")
    } == {
        "method": "GET",
        "path": "/healthz",
        "query": "probe=1",
        "status": "200",
        "user_agent": "uptime-check",
        "referer": "/x",
    }
    assert record["remote_addr"] == "127.0.0.1" and record["level"] == "INFO"
    assert record["bytes"] > 0 and record["duration_ms"] >= 0


def _access_records(instance):
    lines = [json.loads(line) for line in instance.log_lines() if line.startswith("{")]
    return [r for r in lines if r["logger"] == "gunicorn.access"]
