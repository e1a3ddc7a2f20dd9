"""/healthz and the error pages, including with the database down."""

import json
import secrets
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import visible_text
from tests.production.conftest import need, redis_cache_settings

LAYOUT_MARKERS = ("govuk-service-navigation", "govuk-footer", "/static/dist/careers.")


def in_site_layout(html):
    return all(marker in html for marker in LAYOUT_MARKERS) and "Traceback" not in html


def test_healthz_reports_a_healthy_database_and_cache(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get(reverse("healthz"))


def test_healthz_answers_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = redis_cache_settings("redis://127.0.0.1:1/0", "down")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "failing"}


@pytest.fixture
def failing_client(settings, db):
    settings.ROOT_URLCONF = "tests.production.urls"
    return Client(raise_request_exception=False)


def test_a_bad_request_gets_the_400_page_in_the_site_layout(failing_client, caplog):
    response = failing_client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert in_site_layout(response.text)
    assert "Sorry, we could not understand that request" in visible_text(response.text)
    # A bad Host header is the visitor's problem, not the page cache's.
    assert "Page cache unavailable" not in caplog.text


def test_a_forbidden_page_gets_the_403_page_in_the_site_layout(failing_client):
    response = failing_client.get("/test/forbidden/")
    assert response.status_code == 403
    assert in_site_layout(response.text)
    assert "You cannot see this page" in visible_text(response.text)


def test_a_form_without_its_security_token_gets_the_site_layout_and_saves_nothing(db):
    from feedback.models import Feedback

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("feedback:form"), {"message": "Hello"})
    assert response.status_code == 403
    assert in_site_layout(response.text)
    assert "Your form could not be sent" in visible_text(response.text)
    assert not Feedback.objects.exists()


def test_a_missing_page_gets_the_404_page_in_the_site_layout(client, db):
    response = client.get("/job-profiles/no-such-job/")
    assert response.status_code == 404
    assert in_site_layout(response.text)
    assert "Page not found" in visible_text(response.text)


def test_a_bug_gets_the_500_page_in_the_site_layout(failing_client):
    response = failing_client.get("/test/broken/")
    assert response.status_code == 500
    assert in_site_layout(response.text)
    assert "Sorry, there is a problem with the service" in visible_text(response.text)
    assert "no-store" in response["Cache-Control"]


def test_with_the_database_down_healthz_is_503_and_pages_get_the_500_page(start_instance):
    # Nothing listens on port 1: the database is as down as it gets.
    instance = start_instance(DATABASE_URL="postgres://postgres@127.0.0.1:1/careers")

    health = instance.get("/healthz")
    assert health.status == 503
    assert json.loads(health.body) == {
        "status": "unavailable",
        "database": "failing",
        "cache": "ok",
    }
    assert "no-store" in health.headers["cache-control"]

    for path in ("/job-profiles/health-records-clerk/", "/job-profiles/", "/"):
        page = instance.get(path)
        assert page.status == 500, path
        assert in_site_layout(page.body), page.body
        assert "Sorry, there is a problem with the service" in visible_text(page.body)
        assert "public" not in page.headers.get("cache-control", "")

    # The cause is logged, as JSON on stdout, for whoever is on call.
    records = [json.loads(line) for line in instance.log_lines() if line.startswith("{")]
    errors = [r for r in records if r["message"].startswith("Internal Server Error")]
    assert errors and "OperationalError" in errors[0]["exception"]
    access = [r for r in records if r["logger"] == "gunicorn.access" and r["path"] == "/healthz"]
    assert access and access[0]["status"] == "503"


def test_when_postgresql_loses_the_database_healthz_turns_503_and_pages_get_the_500_page(
    start_instance,
):
    from django.db import connection

    need("PostgreSQL (DATABASE_URL=postgres://...)", connection.vendor == "postgresql")
    import psycopg
    from psycopg import sql

    db = connection.settings_dict
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    if db["PASSWORD"]:
        server["password"] = db["PASSWORD"]
    name = f"careers_gone_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
            url = f"postgres://{db['USER']}{password}@{server['host']}:{server['port']}/{name}"
            instance = start_instance(DATABASE_URL=url)
            assert instance.get("/healthz").status == 200

            # The database goes away under the running instance, connections and all.
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))

            health = instance.get("/healthz")
            assert health.status == 503
            assert json.loads(health.body)["database"] == "failing"
            page = instance.get("/job-profiles/health-records-clerk/")
            assert page.status == 500
            assert in_site_layout(page.body)
            assert "Sorry, there is a problem with the service" in visible_text(page.body)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
