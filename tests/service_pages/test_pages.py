"""Privacy, cookies, accessibility statement and contact: seeded, editable, linked from every page."""

import pytest
from django.test import Client
from django.urls import reverse

from lib import cookies
from service_pages.models import ServicePage
from tests.conftest import PASSWORD

PAGES = {
    "/privacy/": "Privacy notice",
    "/cookies/": "Cookies",
    "/accessibility-statement/": "Accessibility statement",
    "/contact/": "Contact us",
}


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_each_page_exists_from_the_first_migrate_with_its_default_words(client, db, path, title):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{title}</h1>' in html
    assert "Last updated:" in html


def test_the_privacy_notice_says_what_feedback_keeps_and_for_how_long(client, db, text_of):
    text = text_of(client.get("/privacy/"))
    assert "Feedback, and the daily counts of searches, are deleted after a year" in text
    # The quiz keeps nothing; search keeps only words searched for by three or more a day.
    assert "your answers are kept only in the address of the page you are on" in text
    assert "fewer than three people in a day are not kept at all" in text
    assert "delete_old_feedback" in text
    assert "We do not use analytics" in text
    assert (
        '<h2 class="govuk-heading-m">What we keep</h2>' in client.get("/privacy/").content.decode()
    )


def test_the_accessibility_statement_says_how_it_was_tested_and_where_to_complain(
    client, db, text_of
):
    text = text_of(client.get("/accessibility-statement/"))
    for words in (
        "axe-core",
        "Nu Html Checker",
        "320 pixels",
        "Equality Advisory and Support Service",
        "1 December 2026",
    ):
        assert words in text


def test_every_page_links_to_all_four_in_its_footer(client, db):
    for page in ("/", "/job-profiles/", "/search/?q=nurse", "/explore-careers/", "/privacy/"):
        footer = (
            client.get(page, follow=True).content.decode().split('<footer class="govuk-footer">')[1]
        )
        for path in PAGES:
            assert f'href="{path}">' in footer, (page, path)


def test_the_cookies_page_lists_every_declared_cookie(client, db, text_of):
    text = text_of(client.get("/cookies/"))
    for cookie in cookies.declared():
        assert cookie.name in text
        assert cookie.purpose in text


def _names_set(response):
    """Cookies a response sets (not those it deletes)."""
    return {
        name for name, morsel in response.cookies.items() if morsel.value and morsel["max-age"] != 0
    }


def test_the_cookies_page_names_exactly_the_cookies_the_site_sets(client, seeded, editor):
    """Do everything that sets a cookie, and compare what arrived with what the page lists."""
    seen = set()
    seen |= _names_set(client.post("/page-layout/", {"layout": "improved", "next": "/"}))
    seen |= _names_set(client.post("/saved-careers/save/", {"slug": "chef", "next": "/"}))
    seen |= _names_set(client.get("/compare/?p=chef&p=waiter"))
    for page in ("/", "/job-profiles/chef/", "/explore-careers/", "/saved-careers/", "/feedback/"):
        seen |= _names_set(client.get(page))
    seen |= _names_set(client.get(reverse("admin:login")))
    seen |= _names_set(
        client.post(reverse("admin:login"), {"username": editor.username, "password": PASSWORD})
    )
    page = ServicePage.objects.get(slug="contact")
    change = reverse("admin:service_pages_servicepage_change", args=[page.pk])
    seen |= _names_set(
        client.post(change, {"title": page.title, "body": page.body, "updated": "2026-12-01"})
    )
    assert seen == {cookie.name for cookie in cookies.declared()}


def test_an_editor_changes_a_page_and_the_cached_copy_goes(
    editor_client, db, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 3600
    client = Client()  # a visitor, not signed in: pages for them come from the cache
    assert client.get("/contact/")["X-Page-Cache"] == "miss"
    assert client.get("/contact/")["X-Page-Cache"] == "hit"
    page = ServicePage.objects.get(slug="contact")
    change = reverse("admin:service_pages_servicepage_change", args=[page.pk])
    body = "## Write to us\n\nCareers Service, 1 High Street, Anytown."
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change, {"title": "Contact us", "body": body, "updated": "2026-12-01"}
        )
    assert response.status_code == 302
    fresh = client.get("/contact/")
    assert fresh["X-Page-Cache"] == "miss"
    assert '<h2 class="govuk-heading-m">Write to us</h2>' in fresh.content.decode()
    history = editor_client.get(reverse("admin:service_pages_servicepage_history", args=[page.pk]))
    assert history.status_code == 200


def test_editors_change_the_four_pages_but_cannot_add_or_delete_one(editor_client, db):
    assert (
        editor_client.get(reverse("admin:service_pages_servicepage_changelist")).status_code == 200
    )
    assert editor_client.get(reverse("admin:service_pages_servicepage_add")).status_code == 403
    page = ServicePage.objects.get(slug="privacy")
    assert (
        editor_client.get(
            reverse("admin:service_pages_servicepage_delete", args=[page.pk])
        ).status_code
        == 403
    )


def test_what_an_editor_writes_is_sanitised(client, db):
    ServicePage.objects.filter(slug="contact").update(
        body='<script>alert(1)</script> [click](javascript:alert(1)) <a href="x">raw</a>'
    )
    html = client.get("/contact/").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert "<script>" not in main
    assert 'href="javascript' not in main
    assert "&lt;script&gt;" in main
