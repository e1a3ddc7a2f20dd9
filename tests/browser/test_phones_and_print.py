"""Every page type fits a small phone; a profile prints cleanly."""

import pytest

from tests.browser.quality import open_page_type, watched_context
from tests.page_types import page_type_params

pytestmark = pytest.mark.browser

# The narrowest width WCAG's reflow criterion (1.4.10) asks for.
PHONE = {"width": 320, "height": 640}

# What a visitor printing a profile wants gone: everything around the profile itself.
PRINT_HIDDEN = [
    ".govuk-skip-link",
    "header",
    ".govuk-phase-banner",
    "nav",
    ".govuk-breadcrumbs",
    "form",
    "[class*=feedback]",
    "footer",
]
PRINT_HIDDEN_TEXT = [
    "Skip to main content",
    "We're building a new service",
    "Is this page useful?",
    "Report a problem with this page",
    "Try an improved version of this page",
    "You're using the improved version of this page",
    "Go back to the old version",
    "On this page",
]


@pytest.fixture
def phone_page(browser):
    context, errors = watched_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


@pytest.mark.parametrize("page_type", page_type_params())
def test_page_type_fits_a_320px_phone_without_sideways_scrolling(
    seeded_site, phone_page, page_type
):
    open_page_type(phone_page, seeded_site.url, page_type)
    sticking_out = phone_page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5
                && element.checkVisibility())
            .slice(0, 5)
            .map((element) => element.outerHTML.slice(0, 120))"""
    )
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page_type.name} scrolls sideways by {overflow}px: {sticking_out}"


@pytest.mark.parametrize("page_type", page_type_params(["profile", "profile-improved"]))
def test_profile_prints_without_chrome_and_with_link_addresses(
    seeded_site, checked_page, page_type
):
    page = checked_page
    open_page_type(page, seeded_site.url, page_type)
    page.emulate_media(media="print")

    shown = page.evaluate(
        """selectors => selectors.flatMap((selector) =>
            [...document.querySelectorAll(selector)]
                .filter((element) => element.checkVisibility())
                .map((element) => `${selector}: ${element.outerHTML.slice(0, 80)}`))""",
        PRINT_HIDDEN,
    )
    assert not shown, f"printed but should not be: {shown}"
    text = page.locator("body").inner_text()
    assert not [words for words in PRINT_HIDDEN_TEXT if words in text]
    assert page.get_by_role("heading", level=1).is_visible()
    assert "6. Career path and progression" in text

    links = page.evaluate(
        """() => [...document.querySelectorAll("main a[href]")]
            .filter((link) => link.checkVisibility() && !link.getAttribute("href").startsWith("#"))
            .map((link) => [link.getAttribute("href"),
                            getComputedStyle(link, "::after").content])"""
    )
    assert links, "the printed profile has no links to check"
    unshown = [href for href, after in links if href not in after]
    assert not unshown, f"printed without their addresses: {unshown}"
