import pytest

pytestmark = pytest.mark.browser


def test_job_seeker_reads_a_profile_and_follows_a_related_career(site, page):
    page.goto(f"{site.url}/job-profiles/health-records-clerk/")
    assert page.title().startswith("Health records clerk")
    assert page.get_by_role("heading", level=1).inner_text() == "Health records clerk"
    banner = page.locator(".govuk-phase-banner")
    assert "BETA" in banner.inner_text().upper()
    feedback = banner.get_by_role("link", name="feedback")
    assert feedback.get_attribute("href") == "/feedback/?page=/job-profiles/health-records-clerk/"

    page.get_by_role("link", name="4. Salary").click()
    assert page.url.endswith("#salary")

    page.get_by_role("link", name="Medical secretary").click()
    page.wait_for_url("**/job-profiles/medical-secretary/")
    assert page.get_by_role("heading", level=1).inner_text() == "Medical secretary"


def test_first_tab_reaches_skip_link(site, page):
    page.goto(f"{site.url}/job-profiles/health-records-clerk/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


@pytest.mark.parametrize("width", [320, 360])
def test_profile_fits_a_phone_without_sideways_scrolling(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{site.url}/job-profiles/health-records-clerk/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0


def test_profile_reads_the_same_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/job-profiles/health-records-clerk/")
    text = page.locator("main").inner_text()
    context.close()
    assert "6. Career path and progression" in text
    assert "Last updated: 11 September 2018" in text
