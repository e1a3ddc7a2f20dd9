"""Two gunicorn instances on one PostgreSQL and one Redis: an edit made through one is served by
the other at once, as behind a load balancer."""

import secrets
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from profiles.models import JobProfile
from tests.browser.conftest import browser  # noqa: F401 - the session's Chromium
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
    # Playwright's event loop gives ORM calls made during a browser test a connection of their
    # own; close it, or PostgreSQL refuses to drop the test database at the end of the run.
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


@pytest.mark.browser
def test_an_edit_saved_in_one_instances_admin_is_served_by_the_other_at_once(
    two_instances,
    browser,  # noqa: F811
):
    a, b = two_instances
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("editor", "editor@example.org", password)
    profile = JobProfile.objects.get(slug="health-records-clerk")
    b.get(CLERK, headers=SITE)
    assert b.get(CLERK, headers=SITE).headers["x-page-cache"] == "hit"

    context = browser.new_context()
    page = context.new_page()
    change = reverse("admin:profiles_jobprofile_change", args=[profile.pk])
    page.goto(f"{a.url}{reverse('admin:login')}?next={change}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("[type=submit]")
    page.fill("#id_summary", "Saved through instance A, read through instance B.")
    page.click("[name=_save]")
    page.wait_for_load_state()
    assert "was changed successfully" in page.content()
    context.close()

    response = b.get(CLERK, headers=SITE)
    assert response.headers["x-page-cache"] == "miss"
    assert "Saved through instance A, read through instance B." in response.body
