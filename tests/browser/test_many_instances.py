"""Two gunicorn instances on one PostgreSQL and one Redis: an edit an editor publishes in one
instance's admin is served by the other at once (the rest is in tests/production/)."""

import secrets

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from profiles.models import JobProfile
from tests.production.conftest import redis_url, start_instance  # noqa: F401 - fixtures
from tests.production.test_many_instances import CLERK, SITE, two_instances  # noqa: F401

pytestmark = pytest.mark.browser


def test_an_edit_published_in_one_instances_admin_is_served_by_the_other_at_once(
    two_instances,  # noqa: F811 - the fixture imported above
    browser,
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
    page.click("[name=_continue]")
    page.wait_for_load_state()
    assert "saved and held" in page.content()
    # Held until published: instance B still serves the published page from the cache.
    assert b.get(CLERK, headers=SITE).headers["x-page-cache"] == "hit"
    # A superuser may publish an urgent correction without review.
    page.fill("#id_publish_now-note", "Testing two instances.")
    page.get_by_role("button", name="Publish now without review").click()
    page.wait_for_load_state()
    assert "Published:" in page.content()
    context.close()

    response = b.get(CLERK, headers=SITE)
    assert response.headers["x-page-cache"] == "miss"
    assert "Saved through instance A, read through instance B." in response.body
