"""An editor teaches search two words visitors use: a synonym set, and a hidden title on one
profile. A visitor's search finds the profile as soon as the change is published."""

import pytest

from profiles.models import JobProfile
from tests.browser.conftest import EDITOR_PASSWORD
from tests.profiles.admin_forms import publish_held

pytestmark = pytest.mark.browser


def _first_result(page, site, query, when="after"):
    # `when` keeps the two visits apart: browsers may keep a public page for a minute.
    page.goto(f"{site.url}/search/?q={query}&when={when}")
    results = page.locator(".app-profile-list__title a")
    return results.first.inner_text() if results.count() else None


def test_an_editor_adds_a_synonym_and_a_hidden_title_and_search_finds_them(site, editor, page):
    assert _first_result(page, site, "steeplejack", "before") != "Roofer"
    assert _first_result(page, site, "spanner+monkey", "before") != "Plumber"

    page.goto(f"{site.url}/admin/")
    page.get_by_label("Username:").fill("editor")
    page.get_by_label("Password:").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Search synonym sets").click()
    page.get_by_role("link", name="Add search synonym set").click()
    page.get_by_label("Terms:").fill("steeplejack, roofer")
    page.get_by_label("Note:").fill("Old name for work at height")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    page.goto(f"{site.url}/admin/profiles/jobprofile/?q=plumber")
    page.get_by_role("link", name="Plumber", exact=True).click()
    hidden = page.locator("#search_titles-group")
    hidden.locator("input[name$='-title']:not([name*='__prefix__'])").last.fill("Spanner monkey")
    page.get_by_role("button", name="Save", exact=True).first.click()
    assert "saved and held" in page.locator(".messagelist").inner_text()
    # A live profile's change waits for a publisher; published, search has it at once.
    assert _first_result(page, site, "spanner+monkey", "held") != "Plumber"
    publish_held(JobProfile.objects.get(slug="plumber"))

    assert _first_result(page, site, "steeplejack") == "Roofer"
    assert _first_result(page, site, "spanner+monkey") == "Plumber"
    # Hidden: the profile's own page never shows it.
    page.goto(f"{site.url}/job-profiles/plumber/")
    assert "Spanner monkey" not in page.locator("main").inner_text()
