"""Every page type fits a small phone, with its navigation folded only when JavaScript can unfold it;
a profile prints cleanly."""

from contextlib import contextmanager

import pytest

from tests.browser.quality import open_page_type, watched_context
from tests.page_types import PROFILE_PATH, page_type_params

pytestmark = pytest.mark.browser

# The narrowest width WCAG's reflow criterion (1.4.10) asks for.
PHONE = {"width": 320, "height": 640}
# A common phone, and a desktop.
IPHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
NAVIGATION_LINKS = [
    "Search",
    "Job profiles A to Z",
    "Job categories",
    "Explore careers",
    "Saved careers",
]
# A function, not an expression: Playwright polls an expression with eval(), which the CSP blocks.
JS_RAN = "() => document.body.classList.contains('js-enabled')"

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


@contextmanager
def _mobile_page(browser, viewport):
    """A page in a touch-screen phone's browser, failing the test if the browser reports errors."""
    context, errors = watched_context(browser, viewport=viewport, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def phone_page(browser):
    with _mobile_page(browser, PHONE) as page:
        yield page


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


def _navigation(page):
    """Whether the menu button shows, and which service navigation links show."""
    toggle = page.locator(".govuk-service-navigation__toggle")
    links = page.locator(".govuk-service-navigation__list a")
    shown = [link.inner_text() for link in links.all() if link.is_visible()]
    return toggle.is_visible(), shown


def _heading_top(page):
    return page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")


@pytest.fixture
def iphone(browser):
    with _mobile_page(browser, IPHONE) as page:
        yield page


def test_on_phones_the_navigation_is_folded_before_its_script_runs_so_nothing_moves(
    seeded_site, iphone
):
    # Hold GOV.UK Frontend's script back, as a slow phone on a slow network would.
    held = []
    iphone.route("**/dist/careers.*mjs", lambda route: held.append(route))
    iphone.goto(seeded_site.url + PROFILE_PATH, wait_until="commit")
    iphone.wait_for_selector("main h1", state="attached")
    iphone.wait_for_function("() => document.querySelector('link[rel=stylesheet]').sheet !== null")
    iphone.evaluate(
        """() => {
            window.__shifts = 0;
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) window.__shifts += entry.value;
            }).observe({type: "layout-shift", buffered: true});
        }"""
    )
    assert held, "the page's script was not requested"
    before = (_navigation(iphone), _heading_top(iphone))
    assert not iphone.evaluate(JS_RAN)
    held[0].continue_()
    iphone.wait_for_function(JS_RAN)
    iphone.wait_for_timeout(200)  # layout shifts are reported in a later task
    assert before == ((True, []), _heading_top(iphone))
    assert _navigation(iphone) == (True, [])
    assert iphone.evaluate("window.__shifts") < 0.01


def test_on_phones_the_menu_button_opens_and_closes_the_navigation(seeded_site, iphone):
    iphone.goto(seeded_site.url + PROFILE_PATH)
    iphone.wait_for_function(JS_RAN)
    menu = iphone.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert _navigation(iphone) == (True, NAVIGATION_LINKS)
    menu.click()
    assert _navigation(iphone) == (True, [])


def test_on_phones_without_javascript_the_navigation_shows_every_link(seeded_site, browser):
    context, errors = watched_context(
        browser, viewport=IPHONE, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(seeded_site.url + PROFILE_PATH)
    navigation = _navigation(page)
    context.close()
    assert navigation == (False, NAVIGATION_LINKS)
    assert not errors, errors


def test_on_a_desktop_the_navigation_shows_every_link_without_a_menu_button(
    seeded_site, checked_page
):
    checked_page.goto(seeded_site.url + PROFILE_PATH)
    checked_page.wait_for_function(JS_RAN)
    assert _navigation(checked_page) == (False, NAVIGATION_LINKS)
