"""A visitor reports old pay figures; an editor updates them with their source, a publisher
publishes the change with a public summary, the editor marks the feedback resolved by it; the
page's history says so, and the feedback report counts it."""

import pytest
from playwright.sync_api import expect

from feedback.models import Feedback
from profiles.models import FigureSource
from tests.browser.conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.browser

PROFILE = "/job-profiles/health-records-clerk/"
ASHE = "ONS Annual Survey of Hours and Earnings"
SUMMARY = "Pay figures updated to 2024 data"
REPORT = "The salary figures say nothing about when they are from."


def _sign_in(page, site, username):
    page.goto(f"{site.url}/admin/")
    page.get_by_label("Username:").fill(username)
    page.get_by_label("Password:").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site.url}/admin/")


def _message(page):
    return page.locator(".messagelist").inner_text()


def test_feedback_closes_the_loop_through_a_published_change(
    site, editor, publisher, page, browser
):
    # The site's database is emptied between browser tests, the migration's first source too.
    FigureSource.objects.get_or_create(
        name=ASHE, defaults={"url": "https://www.ons.gov.uk/", "review_every_months": 12}
    )

    # A visitor reports the problem from the page.
    visitor = browser.new_context(viewport={"width": 320, "height": 800}).new_page()
    visitor.goto(site.url + PROFILE)
    assert "Source" not in visitor.locator("section[aria-labelledby=salary]").inner_text()
    visitor.locator(".govuk-phase-banner").get_by_role("link", name="feedback").click()
    visitor.get_by_label("What went wrong, or what could be better?").fill(REPORT)
    visitor.get_by_role("button", name="Send feedback").click()
    visitor.wait_for_url("**/feedback/thanks/**")
    assert Feedback.objects.filter(message=REPORT, page=PROFILE).count() == 1

    # The editor updates the figures, says where they come from, and sends it for review.
    _sign_in(page, site, "editor")
    page.goto(f"{site.url}/admin/profiles/jobprofile/?q=records+clerk")
    page.get_by_role("link", name="Health records clerk", exact=True).click()
    page.wait_for_selector("#jobprofile_form")
    assert "Source: not recorded" in page.locator(".field-salary_figures_check").inner_text()
    page.locator("#id_salary_starter_min").fill("24000")
    page.locator("#id_salary_starter_max").fill("25500")
    page.locator("#id_salary_experienced_max").fill("31000")
    page.locator("#id_salary_source").select_option(label=ASHE)
    page.locator("#id_salary_period").fill("2024")
    page.locator("#id_salary_area").select_option(label="England")
    page.get_by_role("button", name="Save and continue editing").first.click()
    assert "saved and held" in _message(page)
    edit_url = page.url
    panel = page.get_by_role("region", name="Review and publishing")
    panel.get_by_label("Subject expert (facts, pay, entry routes)").check()
    panel.get_by_role("button", name="Submit for review").click()
    assert "is waiting for review" in _message(page)

    # A publisher publishes it with a one-line public summary.
    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(reviewer, site, "publisher")
    reviewer.goto(edit_url)
    panel = reviewer.get_by_role("region", name="Review and publishing")
    panel.get_by_label("Public summary of the change (optional)").first.fill(SUMMARY)
    panel.get_by_role("button", name="Approve and publish").click()
    assert "Published:" in _message(reviewer)
    reviewer.context.close()

    # The editor marks the visitor's feedback as resolved by that change.
    feedback = Feedback.objects.get(message=REPORT)
    page.goto(f"{site.url}/admin/")
    work = page.get_by_role("region", name="Your work")
    work.get_by_role("link", name="1 open").click()
    page.locator("#result_list tbody tr").first.locator("th.field-created a").click()
    page.wait_for_url(f"**/admin/feedback/feedback/{feedback.pk}/change/**")
    page.locator("#id_resolved_by").select_option(label=f"{_today()}: {SUMMARY}")
    page.locator("#feedback_form").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RESOLVED

    # The public page shows the figures' source and, under "Page history", the change.
    visitor.goto(site.url + PROFILE)
    salary = visitor.locator("section[aria-labelledby=salary]").inner_text()
    assert "£24,000 to £25,500" in salary
    assert f"Source: {ASHE}, 2024, England" in salary
    history = visitor.locator(".app-page-history")
    history.get_by_text("Page history").click()
    assert f"{SUMMARY} (a change visitors asked for in their feedback)" in history.inner_text()
    assert REPORT not in visitor.content()
    visitor.context.close()

    # The feedback report counts it: resolved, by a published change.
    page.goto(f"{site.url}/admin/feedback/feedback/by-page/")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=PROFILE))
    cells = row.get_by_role("cell").all_inner_texts()
    assert "1 (1)" in cells  # resolved, of them by a published change
    assert "100% resolved" in " ".join(cells)


def _today():
    from django.utils import timezone

    return f"{timezone.localdate():%-d %B %Y}"
