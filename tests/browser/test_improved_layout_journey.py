import pytest

pytestmark = pytest.mark.browser

CLERK = "/job-profiles/health-records-clerk/"
SECRETARY = "/job-profiles/medical-secretary/"


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    failures = []
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    yield page
    context.close()
    assert not failures, f"requests failed: {failures}"


def _layout_cookie(page):
    return [c for c in page.context.cookies() if c["name"] == "profile_layout"]


def test_visitor_without_javascript_tries_the_improved_layout_and_goes_back(site, no_js_page):
    page = no_js_page
    page.goto(f"{site.url}{CLERK}")
    main = page.locator("main")
    callout = page.locator(".app-layout-choice")
    assert "Try an improved version of this page" in callout.inner_text()
    assert "Current opportunities" not in main.inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Try it out").click()
    assert page.url == f"{site.url}{CLERK}"
    page.screenshot(path="/tmp/improved-layout-clerk.png", full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Health records clerk"
    assert "You're using the improved version of this page" in callout.inner_text()
    assert page.get_by_role("heading", name="1. How to get into this career").is_visible()
    for route in ["Apprenticeship", "Work", "Restrictions and requirements"]:
        assert page.get_by_role("heading", name=route, exact=True).is_visible()
    assert "Disclosure and Barring Service (DBS)" in main.inner_text()
    assert page.get_by_role("heading", name="7. Current opportunities").is_visible()
    opportunities = page.locator("#current-opportunities ~ * .app-opportunity__title a")
    assert opportunities.all_inner_texts() == [
        "Medical records administration apprenticeship (example)",
        "Health records and information management certificate (example)",
    ]
    # The contents list follows the layout.
    page.get_by_role("link", name="7. Current opportunities").click()
    assert page.url.endswith("#current-opportunities")
    [cookie] = _layout_cookie(page)
    assert cookie["value"] == "improved" and cookie["httpOnly"]

    # The choice sticks on the next profile.
    page.get_by_role("link", name="Medical secretary").click()
    page.wait_for_url(f"{site.url}{SECRETARY}")
    assert page.get_by_role("heading", level=1).inner_text() == "Medical secretary"
    assert page.get_by_role("heading", name="7. Current opportunities").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Go back to the old version").click()
    assert page.url == f"{site.url}{SECRETARY}"
    assert page.get_by_role("heading", level=1).inner_text() == "Medical secretary"
    assert page.get_by_role("button", name="Try it out").is_visible()
    assert page.get_by_role("heading", name="1. Entry requirements").is_visible()
    assert "Current opportunities" not in main.inner_text()
    assert not _layout_cookie(page)

    # The original again everywhere, the first profile included.
    page.goto(f"{site.url}{CLERK}")
    page.screenshot(path="/tmp/original-layout-clerk.png", full_page=True)
    assert "Try an improved version of this page" in callout.inner_text()
    assert page.get_by_role("heading", name="1. Entry requirements").is_visible()
    assert "Current opportunities" not in main.inner_text()


def test_layout_buttons_are_reachable_by_keyboard(site, no_js_page):
    page = no_js_page
    page.goto(f"{site.url}{CLERK}")
    page.get_by_role("button", name="Try it out").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Go back to the old version").is_visible()
