"""Choosing a career in a real browser: filter, open one, compare three, save two, share the list.

With and without JavaScript, on a desktop and on a 320 px phone.
"""

import re

import pytest

from tests.browser.quality import watched_context

pytestmark = pytest.mark.browser

NO_DEGREE = (
    "No qualifications needed",
    "GCSEs or equivalent",
    "A levels",
    "A higher apprenticeship",
)
CANONICAL = "/explore-careers/?level=none&level=gcse&level=advanced&level=higher&leave-out=weekends"


def _for(action, title):
    """A list's button for one career: its visible words, then (hidden) the career's title."""
    return re.compile(rf"^{re.escape(action)}\W+{re.escape(title)}$")


def _fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{page.url} is {width} px wide on a {page.width} px screen"


def _filter_to_no_degree_and_no_weekends(page):
    form = page.locator("#explore-filters")
    for label in NO_DEGREE:
        form.get_by_label(re.compile(f"^{re.escape(label)}")).check()
    leave_out = form.locator("fieldset", has_text="Leave out jobs that can ask for")
    leave_out.get_by_label(re.compile("^Weekends")).check()
    if page.javascript:
        # Applied as each box is ticked; the count is announced once the last answer is in.
        page.wait_for_url(f"**{CANONICAL}")
        page.locator("#explore-announcer").filter(has_text="match your filters").wait_for()
    else:
        form.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(f"**{CANONICAL}")


def test_a_career_changer_filters_compares_saves_and_shares(site, visitor, browser):
    page = visitor
    page.goto(f"{site.url}/")
    page.get_by_role("link", name="Explore careers", exact=True).first.click()
    page.wait_for_url("**/explore-careers/")
    _filter_to_no_degree_and_no_weekends(page)
    count = page.locator("#explore-count").inner_text()
    assert re.match(r"\d+ careers match your filters", count), count
    _fits_the_screen(page)
    results = page.locator("#explore-results .app-profile-list__title a")
    titles = results.all_inner_texts()
    assert len(titles) >= 3

    # Open the first, and start a comparison from its page.
    results.first.click()
    assert page.get_by_role("heading", level=1).inner_text() == titles[0]
    page.get_by_role("button", name="Add to compare").click()
    page.wait_for_url(re.compile(r"/compare/\?p=[^&]+$"))
    assert "Choose 2 or 3 careers" in page.locator("main").inner_text()

    # Two others, added from the results.
    for title in titles[1:3]:
        page.goto(f"{site.url}{CANONICAL}")
        page.get_by_role("button", name=_for("Add to compare", title)).click()
    page.wait_for_url(re.compile(r"/compare/\?p=[^&]+&p=[^&]+&p=[^&]+$"))
    table = page.get_by_role("table")
    caption = table.locator("caption").inner_text()
    assert caption == f"{titles[0]}, {titles[1]} and {titles[2]} compared"
    assert table.get_by_role("columnheader").count() == 3
    assert table.get_by_role("rowheader", name="Qualification usually needed to start").count() == 1
    _fits_the_screen(page)
    table.get_by_role("link", name=f"Remove {titles[1]}").click()
    page.wait_for_url(re.compile(r"/compare/\?p=[^&]+&p=[^&]+$"))
    assert page.get_by_role("columnheader").count() == 2

    # Save two careers from the results; each time the visitor comes back to the results.
    for title in titles[:2]:
        page.goto(f"{site.url}{CANONICAL}")
        page.get_by_role("button", name=_for("Save", title)).click()
        page.wait_for_url(f"**{CANONICAL}")
    if page.javascript:
        assert page.get_by_role("button", name=_for("Remove from saved", titles[0])).count() == 1
    page.get_by_role("link", name="Saved careers").first.click() if page.width > 640 else page.goto(
        f"{site.url}/saved-careers/"
    )
    page.wait_for_url("**/saved-careers/")
    saved = page.locator("main .app-profile-list__title a").all_inner_texts()
    assert saved == titles[:2]
    _fits_the_screen(page)
    share = page.locator(".app-share-link a").inner_text()

    # Another device: a fresh browser with nothing saved opens the same list from the link.
    other, errors = watched_context(browser, java_script_enabled=page.javascript)
    try:
        elsewhere = other.new_page()
        elsewhere.goto(share)
        assert elsewhere.get_by_role("heading", level=1).inner_text() == "A shared list of careers"
        assert elsewhere.locator("main .app-profile-list__title a").all_inner_texts() == titles[:2]
        elsewhere.get_by_role("button", name="Add these to my saved careers on this device").click()
        elsewhere.wait_for_url("**/saved-careers/")
        assert elsewhere.locator("main .app-profile-list__title a").all_inner_texts() == titles[:2]
    finally:
        other.close()
    assert not errors, errors

    # Back on the first device: compare the two saved careers by ticking them.
    for title in titles[:2]:
        page.get_by_label(f"Compare {title}").check()
    page.get_by_role("button", name="Compare these").click()
    page.wait_for_url(re.compile(r"/compare/\?p=[^&]+&p=[^&]+$"))
    assert page.get_by_role("columnheader").all_inner_texts()[0].startswith(titles[0])
