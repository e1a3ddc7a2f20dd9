"""JavaScript only enhances: every page type works without it, and runs cleanly with it."""

import pytest

from tests.browser.quality import open_page_type, watched_context
from tests.page_types import PROFILE_PATH, page_type_params

pytestmark = pytest.mark.browser

JS_RAN = "document.body.classList.contains('js-enabled')"


@pytest.mark.parametrize("page_type", page_type_params())
def test_page_type_works_without_javascript(seeded_site, browser, page_type):
    context, errors = watched_context(browser, java_script_enabled=False)
    page = context.new_page()
    open_page_type(page, seeded_site.url, page_type)
    heading = page.locator("main h1")
    heading_shown = heading.count() == 1 and heading.is_visible()
    main_text = page.locator("main").inner_text()
    scripts_ran = page.evaluate(JS_RAN)
    context.close()
    assert not scripts_ran, "JavaScript was meant to be off"
    assert heading_shown, f"{page_type.name} has no visible main heading without JavaScript"
    assert len(main_text.split()) >= 10, f"{page_type.name} is nearly empty: {main_text!r}"
    assert not errors, f"the browser reported errors: {errors}"


@pytest.mark.parametrize("page_type", page_type_params())
def test_page_type_runs_its_javascript_without_errors_or_csp_violations(
    seeded_site, checked_page, page_type
):
    open_page_type(checked_page, seeded_site.url, page_type)
    checked_page.wait_for_function(JS_RAN)
    # checked_page fails the test on any console error, page error or CSP violation.


def test_a_csp_violation_is_reported(seeded_site, browser):
    context, errors = watched_context(browser)
    page = context.new_page()
    # The site's own policy: its one inline script is allowed by its hash, and nothing else is.
    page.goto(seeded_site.url + PROFILE_PATH)
    page.wait_for_function(JS_RAN)
    assert not errors, errors
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)  # the violation event is queued as a task after the append
    injected = page.evaluate("window.injected === true")
    context.close()
    assert not injected, "the injected script ran"
    assert any(error.startswith("CSP violation: script-src") for error in errors), errors
