"""An editor (not a superuser) fixes a profile in the admin, sees it on the public page, then
restores the earlier version from history."""

import pytest
from django.utils import timezone

from tests.browser.conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.browser

OLD_TASK = "storing test results and letters"
NEW_TASK = "storing test results, letters and scans"
SKILLS = [
    "excellent communication skills",
    "the ability to stay calm under pressure",
    "IT and administrative skills",
]


def _sign_in(page, site):
    page.goto(f"{site.url}/admin/")
    page.get_by_label("Username:").fill("editor")
    page.get_by_label("Password:").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site.url}/admin/")


def _open_profile(page, title):
    page.locator("#profiles-jobprofile").get_by_role("link", name="Job profiles").click()
    page.get_by_role("searchbox").fill("records clerk")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_selector("#jobprofile_form")


def _public_lists(page, url):
    page.goto(url)
    main = page.get_by_role("main")
    skills = main.locator("#skills + ul li, section[aria-labelledby=skills] li").all_inner_texts()
    tasks = main.locator("section[aria-labelledby=tasks] li").all_inner_texts()
    return skills, tasks, main.locator(".app-last-updated").inner_text()


def test_editor_changes_a_task_reorders_skills_and_restores_the_old_version(site, editor, page):
    public_url = f"{site.url}/job-profiles/health-records-clerk/"
    _sign_in(page, site)
    _open_profile(page, "Health records clerk")

    page.locator(f"input[value='{OLD_TASK}']").fill(NEW_TASK)
    skill_row = page.locator("tr.form-row", has=page.locator(f"input[value='{SKILLS[2]}']"))
    skill_row.locator("input[name$='-position']").fill("0")
    page.get_by_role("button", name="Save", exact=True).first.click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    skills, tasks, last_updated = _public_lists(page, public_url)
    today = timezone.localdate()
    assert skills == [SKILLS[2], SKILLS[0], SKILLS[1]]
    assert NEW_TASK in tasks and OLD_TASK not in tasks
    assert last_updated == f"Last updated: {today.day} {today:%B %Y}"

    page.go_back()
    page.goto(f"{site.url}/admin/")
    _open_profile(page, "Health records clerk")
    page.get_by_role("link", name="History").click()
    first = page.get_by_role("row").filter(has_text="As it was before its first change")
    first.get_by_role("link", name="View or restore").click()
    # count() does not wait: wait for the version's page before counting on it.
    page.wait_for_url("**/history/*/")
    page.wait_for_selector("#jobprofile_form")
    assert page.locator(f"input[value='{OLD_TASK}']").count() == 1
    page.get_by_role("button", name="Restore this version").first.click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    skills, tasks, _ = _public_lists(page, public_url)
    assert skills == SKILLS
    assert OLD_TASK in tasks and NEW_TASK not in tasks


def test_editor_previews_an_unsaved_change_in_a_new_tab(site, editor, page):
    _sign_in(page, site)
    _open_profile(page, "Health records clerk")
    page.locator(f"input[value='{OLD_TASK}']").fill(NEW_TASK)
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview (opens in a new tab)").first.click()
    preview = new_tab.value
    preview.wait_for_load_state()
    banner = preview.get_by_role("region", name="Preview")
    assert "changes that are not saved yet" in banner.inner_text()
    assert NEW_TASK in preview.get_by_role("main").inner_text()

    # Nothing was saved: the public page still has the old task.
    _, tasks, _ = _public_lists(preview, f"{site.url}/job-profiles/health-records-clerk/")
    assert OLD_TASK in tasks


def test_editor_adds_a_skill_row_with_javascript_off(site, editor, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, site)
        page.goto(f"{site.url}/admin/profiles/jobprofile/?q=records+clerk")
        page.get_by_role("link", name="Health records clerk", exact=True).click()
        page.wait_for_selector("#jobprofile_form")
        # The blank row the form always ends with; no "Add another" script needed.
        blank = page.locator("#skills-group tr.form-row:not(.empty-form)").last
        blank.locator("input[name$='-text']").fill("a calm manner on the phone")
        page.locator("#jobprofile_form").get_by_role(
            "button", name="Save", exact=True
        ).first.click()
        # Back to the list, as it was searched.
        page.wait_for_url(f"{site.url}/admin/profiles/jobprofile/?q=records+clerk")
        skills, _, _ = _public_lists(page, f"{site.url}/job-profiles/health-records-clerk/")
        assert skills == [*SKILLS, "a calm manner on the phone"]
    finally:
        context.close()
