"""WCAG 2.2 AA in a real browser: axe-core on every public page type, and the keyboard."""

import pytest

from tests.browser.quality import (
    axe_violations,
    describe_violations,
    open_page_type,
    sweep_keyboard,
)
from tests.page_types import PROFILE_PATH, page_type_params

pytestmark = pytest.mark.browser


@pytest.fixture
def audit_page(browser):
    """A page for audits; the CSP is bypassed only so that axe-core can be injected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("page_type", page_type_params())
def test_page_type_has_no_axe_violations(seeded_site, audit_page, page_type):
    open_page_type(audit_page, seeded_site.url, page_type)
    violations = axe_violations(audit_page)
    assert not violations, f"axe-core on {page_type.name}:\n{describe_violations(violations)}"


@pytest.mark.parametrize(
    ("markup", "rule"),
    [
        ('<img data-bug src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', "image-alt"),
        ('<input data-bug type="text" name="unlabelled">', "label"),
    ],
    ids=["image-without-alt", "unlabelled-input"],
)
def test_axe_reports_a_deliberate_accessibility_bug(seeded_site, audit_page, markup, rule):
    audit_page.goto(seeded_site.url + PROFILE_PATH)
    audit_page.evaluate(
        """markup => {
            document.querySelector("main").insertAdjacentHTML("beforeend", markup);
        }""",
        markup,
    )
    violations = {violation["id"]: violation for violation in axe_violations(audit_page)}
    assert rule in violations, f"axe-core missed the {rule} bug: {sorted(violations)}"
    nodes = [node["html"] for node in violations[rule]["nodes"]]
    assert any("data-bug" in html for html in nodes), nodes


def test_skip_link_moves_focus_past_the_header(seeded_site, checked_page):
    page = checked_page
    page.goto(seeded_site.url + PROFILE_PATH)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is in the main content or after it, never back in the header.
    after_main = page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const position = main.compareDocumentPosition(document.activeElement);
            return Boolean(position & (Node.DOCUMENT_POSITION_FOLLOWING
                | Node.DOCUMENT_POSITION_CONTAINED_BY));
        }"""
    )
    assert after_main, page.evaluate("document.activeElement.outerHTML.slice(0, 200)")


@pytest.mark.parametrize("page_type", page_type_params())
def test_tab_reaches_the_skip_link_first_then_every_control_visibly_focused(
    seeded_site, checked_page, page_type
):
    open_page_type(checked_page, seeded_site.url, page_type)
    sweep = sweep_keyboard(checked_page)
    assert sweep.first == "<a> Skip to main content", f"the first Tab reaches {sweep.first}"
    assert not sweep.unreachable, f"Tab never reaches on {page_type.name}: {sweep.unreachable}"
    assert not sweep.invisible, f"no visible focus style on {page_type.name}: {sweep.invisible}"


def test_keyboard_sweep_reports_a_link_without_a_focus_style(seeded_site, audit_page):
    audit_page.goto(seeded_site.url + PROFILE_PATH)
    audit_page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML("afterbegin", `
            <style>#bug, #bug:focus, #bug:focus-visible { outline: none; box-shadow: none;
                background: none; color: #0b0c0c; text-decoration: none; }</style>
            <a id="bug" href="#main-content">No focus style</a>`)"""
    )
    sweep = sweep_keyboard(audit_page)
    assert sweep.invisible == ["<a> No focus style"], sweep
