import re

import pytest

pytestmark = pytest.mark.browser


def test_job_seeker_searches_reads_a_result_follows_a_related_career_and_comes_back(site, page):
    page.goto(f"{site.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Explore careers"
    page.get_by_label("Search job profiles").fill("clinical coder")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=clinical\+coder$"))
    assert re.match(
        r"\d+ results? for ‘clinical coder’", page.locator("#result-count").inner_text()
    )

    results = page.locator(".app-profile-list__title a")
    assert results.first.inner_text() == "Clinical coder"
    results.first.click()
    page.wait_for_url("**/job-profiles/clinical-coder/")
    assert page.get_by_role("heading", level=1).inner_text() == "Clinical coder"

    page.locator("#related-careers ~ ul").get_by_role("link", name="Health records clerk").click()
    page.wait_for_url("**/job-profiles/health-records-clerk/")
    assert page.get_by_role("heading", level=1).inner_text() == "Health records clerk"

    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"/search/\?q=clinical\+coder$"))
    assert page.get_by_label("Search job profiles").input_value() == "clinical coder"
    assert page.locator(".app-profile-list__title a").first.inner_text() == "Clinical coder"


def test_a_misspelt_search_offers_the_corrected_one(site, page):
    page.goto(f"{site.url}/search/?q=helth+recods")
    page.get_by_role("link", name="health records", exact=True).click()
    page.wait_for_url(re.compile(r"/search/\?q=health%20records$"))
    assert "Did you mean" not in page.locator("main").inner_text()
    first_two = page.locator(".app-profile-list__title a").all_inner_texts()[:2]
    assert sorted(first_two) == ["Health records clerk", "Health records manager"]


def test_suggestions_appear_while_typing_and_the_keyboard_chooses_one(site, page):
    page.goto(f"{site.url}/")
    box = page.get_by_role("combobox", name="Search job profiles")
    box.press_sequentially("lorr", delay=40)
    option = page.get_by_role("option", name="HGV driver (also called Lorry driver)")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("status").filter(has_text="1 suggestion").count() == 1

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/job-profiles/hgv-driver/")


def test_escape_closes_suggestions_and_enter_still_searches(site, page):
    page.goto(f"{site.url}/")
    box = page.get_by_role("combobox", name="Search job profiles")
    box.press_sequentially("nurse", delay=40)
    page.get_by_role("listbox").wait_for()
    assert 1 <= page.get_by_role("option").count() <= 5
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox").is_hidden()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=nurse$"))
    assert page.locator(".app-profile-list__title a").first.inner_text() == "Adult nurse"


def test_search_and_browsing_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/")
    page.get_by_label("Search job profiles").fill("electrician")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=electrician$"))
    assert page.locator(".app-profile-list__title a").first.inner_text() == "Electrician"

    page.get_by_role("link", name="Job profiles A to Z").click()
    page.get_by_role("link", name="W", exact=True).click()
    page.wait_for_url(re.compile(r"/job-profiles/\?letter=W$"))
    assert "Ward clerk" in page.locator("main").inner_text()

    page.get_by_role("link", name="Job categories").first.click()
    page.get_by_role("link", name="Construction and trades").click()
    main = page.locator("main").inner_text()
    context.close()
    assert "Plumber" in main
    assert "Nurse" not in main
