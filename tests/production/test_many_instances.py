"""Two gunicorn instances on one PostgreSQL and one Redis: an edit made through one is served by
the other at once, as behind a load balancer."""

import secrets
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection, connections

from profiles.models import JobProfile
from tests.production.conftest import need, redis_cache_settings

CLERK = "/job-profiles/health-records-clerk/"
# Both instances answer to the same name, as behind one load balancer, so they share cache keys.
SITE = {"Host": "localhost"}


def database_url():
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_instances(transactional_db, redis_url, start_instance, settings):
    need("PostgreSQL (DATABASE_URL=postgres://...)", connection.vendor == "postgresql")
    prefix = f"test-{secrets.token_hex(4)}"
    # This test process saves through the ORM too: it must expire pages in the same cache.
    settings.CACHES = redis_cache_settings(redis_url, prefix)
    call_command("load_content", verbosity=0)
    shared = {
        "DATABASE_URL": database_url(),
        "CACHE_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "WEB_CONCURRENCY": "2",
    }
    yield start_instance(**shared), start_instance(**shared)
    # Playwright's event loop gives ORM calls made during a browser test (tests/browser/
    # test_many_instances.py) a connection of their own; close it, or PostgreSQL refuses to drop
    # the test database at the end of the run.
    connections.close_all()


def test_pages_cached_by_one_instance_are_served_by_the_other(two_instances):
    a, b = two_instances
    first = a.get(CLERK, headers=SITE)
    assert first.status == 200
    assert first.headers["x-page-cache"] == "miss"
    second = b.get(CLERK, headers=SITE)
    assert second.headers["x-page-cache"] == "hit"
    assert second.body == first.body


def test_an_edit_saved_to_the_database_is_served_by_both_instances_at_once(two_instances):
    a, b = two_instances
    for instance in (a, b, a, b):
        assert instance.get(CLERK, headers=SITE).status == 200
    profile = JobProfile.objects.get(slug="health-records-clerk")

    profile.summary = "Keeps patients' records in order, on every instance."
    profile.save()
    for instance in (b, a):
        assert "on every instance" in instance.get(CLERK, headers=SITE).body

    profile.status = JobProfile.Status.DRAFT
    profile.save()
    assert b.get(CLERK, headers=SITE).status == 404
    assert a.get(CLERK, headers=SITE).status == 404

    profile.status = JobProfile.Status.PUBLISHED
    profile.save()
    assert b.get(CLERK, headers=SITE).status == 200
