"""The README's other backups, run as written: pg_dump and pg_restore into an empty database, and
SQLite's online .backup; the restored site serves the same public pages as the original."""

import json
import secrets
import shutil
import sqlite3
import subprocess

import pytest

from tests.production.conftest import manage, need

PAGES = [
    "/",
    "/job-profiles/",
    "/job-profiles/health-records-clerk/",
    "/job-categories/",
    "/search/?q=nurse",
    "/explore-careers/",
    "/api/job-profiles/?page=1",
    "/api/job-profiles/health-records-clerk/",
    "/sitemap.xml",
]
# Rendered afresh, every time, in a process of its own: the pages as the database makes them.
FINGERPRINTS = f"""
import hashlib, json
from django.test import Client
client = Client()
pages = {{}}
for path in {PAGES!r}:
    response = client.get(path, HTTP_HOST="127.0.0.1")
    pages[path] = [response.status_code, hashlib.sha256(response.content).hexdigest()]
print(json.dumps(pages))
"""
PG = "postgres://postgres@127.0.0.1:5432"


def _manage(database, *args):
    # Every page rendered afresh from the database: no cache to hide a difference.
    env = {"CACHE_URL": "locmemcache://", "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "127.0.0.1"}
    return manage({**env, "DATABASE_URL": database}, *args)


def _pages(database):
    return json.loads(_manage(database, "shell", "-c", FINGERPRINTS).strip().splitlines()[-1])


def _site(database):
    _manage(database, "migrate", "--no-input", "-v0")
    _manage(database, "load_content", "-v0")
    pages = _pages(database)
    assert all(status == 200 for status, _ in pages.values()), pages
    return pages


def _psql(statement):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", statement],
        check=True,
        capture_output=True,
        timeout=60,
    )


def _postgres_available():
    if not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")):
        return False
    answer = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc", "SELECT 1"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return answer.stdout.strip() == "1"


@pytest.fixture
def databases():
    need("PostgreSQL on 127.0.0.1:5432 with pg_dump and pg_restore", _postgres_available())
    names = [f"careers_backup_{secrets.token_hex(4)}" for _ in range(2)]
    for name in names:
        _psql(f"CREATE DATABASE {name}")
    yield [f"{PG}/{name}" for name in names]
    for name in names:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _restore(dump, database):
    """The README's restore; --if-exists lets it run into an empty database as well."""
    restored = subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={database}", str(dump)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr


def test_pg_dump_restores_into_an_empty_database_with_the_same_pages(databases, tmp_path):
    original, empty = databases
    before = _site(original)
    dump = tmp_path / "careers.dump"
    # As the README gives them.
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", original], check=True, timeout=120
    )
    _restore(dump, empty)
    assert _pages(empty) == before
    # Restoring over a live copy (the README's usual case) works the same way.
    _restore(dump, empty)
    assert _pages(empty) == before


def test_sqlite_online_backup_gives_the_same_pages(tmp_path):
    original = tmp_path / "db.sqlite3"
    before = _site(f"sqlite:///{original}")
    copy = tmp_path / "careers.sqlite3"
    if shutil.which("sqlite3"):
        # The README's command.
        subprocess.run(["sqlite3", str(original), f".backup {copy}"], check=True, timeout=60)
    else:
        # The same online backup API, from Python's own sqlite3 module.
        with sqlite3.connect(original) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    assert _pages(f"sqlite:///{copy}") == before
