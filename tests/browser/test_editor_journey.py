"""An editor (not a superuser) changes a live profile in the admin; a publisher reviews it, asks
for a change, then approves it; the public sees it only then. Restoring from history is held too."""

import pytest
from django.utils import timezone

from profiles.models import JobProfile
from tests.browser.conftest import EDITOR_PASSWORD
from tests.profiles.admin_forms import publish_held

pytestmark = pytest.mark.browser

OLD_TASK = "storing test results and letters"
NEW_TASK = "storing test results, letters and scans"
SKILLS = [
    "excellent communication skills",
    "the ability to stay calm under pressure",
    "IT and administrative skills",
]


def _sign_in(page, site, username="editor"):
    page.goto(f"{site.url}/admin/")
    page.get_by_label("Username:").fill(username)
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


def _message(page):
    return page.locator(".messagelist").inner_text()


def _submit_for_review(page, note):
    panel = page.get_by_role("region", name="Review and publishing")
    panel.get_by_label("Subject expert (facts, pay, entry routes)").check()
    panel.get_by_label("Note for the reviewer (optional)").fill(note)
    panel.get_by_role("button", name="Submit for review").click()
    assert "is waiting for review" in _message(page)


def test_a_change_to_a_live_profile_is_reviewed_before_the_public_sees_it(
    site, editor, publisher, page, browser
):
    public_url = f"{site.url}/job-profiles/health-records-clerk/"
    _, _, last_updated_before = _public_lists(page, public_url)
    _sign_in(page, site)
    _open_profile(page, "Health records clerk")
    page.locator(f"input[value='{OLD_TASK}']").fill(NEW_TASK)
    skill_row = page.locator("tr.form-row", has=page.locator(f"input[value='{SKILLS[2]}']"))
    skill_row.locator("input[name$='-position']").fill("0")
    page.get_by_role("button", name="Save and continue editing").first.click()
    assert "saved and held: the public page is unchanged" in _message(page)
    edit_url = page.url

    # The public page is as it was.
    skills, tasks, _ = _public_lists(page, public_url)
    assert skills == SKILLS and OLD_TASK in tasks

    page.goto(edit_url)
    _submit_for_review(page, "New scanning work.")

    # A publisher finds it in their work list and asks for a change.
    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(reviewer, site, "publisher")
    work = reviewer.get_by_role("region", name="Your work")
    # Its review is overdue too (the seed's date is 2018): the item waiting is the change.
    waiting = work.get_by_role("listitem").filter(has_text="(changes to the live page)")
    waiting.get_by_role("link", name="Health records clerk").click()
    reviewer.wait_for_selector("#jobprofile_form")
    panel = reviewer.get_by_role("region", name="Review and publishing")
    assert "New scanning work." in panel.inner_text()
    panel.get_by_label("What needs to change").fill("Say which scans.")
    panel.get_by_role("button", name="Request changes").click()
    assert "Changes requested" in _message(reviewer)

    # The editor sees why, fixes it and sends it back.
    page.goto(edit_url)
    assert (
        "Say which scans." in page.get_by_role("region", name="Review and publishing").inner_text()
    )
    page.locator(f"input[value='{NEW_TASK}']").fill(NEW_TASK + " of referral letters")
    page.get_by_role("button", name="Save and continue editing").first.click()
    _submit_for_review(page, "Scans of referral letters.")

    # Approved: the public page, search and the API all show it, and "Last updated" moves.
    reviewer.goto(edit_url)
    reviewer.get_by_role("region", name="Review and publishing").get_by_role(
        "button", name="Approve and publish"
    ).click()
    assert "Published:" in _message(reviewer)
    skills, tasks, last_updated = _public_lists(page, public_url)
    today = timezone.localdate()
    assert skills == [SKILLS[2], SKILLS[0], SKILLS[1]]
    assert NEW_TASK + " of referral letters" in tasks and OLD_TASK not in tasks
    assert last_updated == f"Last updated: {today.day} {today:%B %Y}" != last_updated_before
    page.goto(f"{site.url}/search/?q=referral+letters+scans")
    assert "Health records clerk" in page.get_by_role("main").inner_text()
    api = page.request.get(f"{site.url}/api/job-profiles/health-records-clerk/").json()
    assert any("referral letters" in task for task in api["tasks"])
    reviewer.context.close()


def test_restoring_an_earlier_version_is_held_then_published(
    site, editor, publisher, page, browser
):
    public_url = f"{site.url}/job-profiles/health-records-clerk/"
    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(reviewer, site, "publisher")
    _sign_in(page, site)
    _open_profile(page, "Health records clerk")
    edit_url = page.url
    # A change, published, gives the profile a history.
    page.locator(f"input[value='{OLD_TASK}']").fill(NEW_TASK)
    page.get_by_role("button", name="Save and continue editing").first.click()
    _submit_for_review(page, "A task.")
    reviewer.goto(edit_url)
    reviewer.get_by_role("button", name="Approve and publish").click()
    assert "Published:" in _message(reviewer)

    page.goto(edit_url)
    page.get_by_role("link", name="History").first.click()
    first = page.get_by_role("row").filter(has_text="As it was before its first change")
    first.get_by_role("link", name="View or restore").click()
    page.wait_for_url("**/history/*/")
    page.wait_for_selector("#jobprofile_form")
    assert page.locator(f"input[value='{OLD_TASK}']").count() == 1
    page.get_by_role("button", name="Restore this version").first.click()
    assert "held as unpublished changes" in _message(page)
    _, tasks, _ = _public_lists(page, public_url)
    assert NEW_TASK in tasks  # the published version, until the restored one is reviewed

    page.goto(edit_url)
    _submit_for_review(page, "Back to the old task.")
    reviewer.goto(edit_url)
    reviewer.get_by_role("button", name="Approve and publish").click()
    skills, tasks, _ = _public_lists(page, public_url)
    assert skills == SKILLS
    assert OLD_TASK in tasks and NEW_TASK not in tasks
    reviewer.context.close()


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
        # Held for review; published as a publisher would.
        skills, _, _ = _public_lists(page, f"{site.url}/job-profiles/health-records-clerk/")
        assert skills == SKILLS
        publish_held(JobProfile.objects.get(slug="health-records-clerk"))
        skills, _, _ = _public_lists(page, f"{site.url}/job-profiles/health-records-clerk/")
        assert skills == [*SKILLS, "a calm manner on the phone"]
    finally:
        context.close()
