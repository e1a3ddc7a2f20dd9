import os
import subprocess
import sys

from django.conf import settings
from django.db import connection

CHECK = [sys.executable, "-c", "import django; django.setup()"]


def _run(**env_vars):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    env.update(ENV_FILE=os.devnull, DJANGO_SETTINGS_MODULE="careers_site.settings", **env_vars)
    return subprocess.run(
        CHECK, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )


def test_start_up_stops_without_a_secret_key_when_debug_is_off():
    result = _run(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_start_up_works_with_a_secret_key():
    assert _run(DEBUG="false", SECRET_KEY="x" * 50).returncode == 0


def test_debug_is_off_unless_asked_for():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**os.environ, "ENV_FILE": os.devnull, "SECRET_KEY": "x" * 50, "DEBUG": ""}
        # Start-up log lines go to stdout too; keep them out of the answer.
        | {"DJANGO_SETTINGS_MODULE": "careers_site.settings", "LOG_LEVEL": "WARNING"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5
