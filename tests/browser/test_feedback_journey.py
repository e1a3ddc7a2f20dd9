"""Feedback as visitors and editors give and triage it, with JavaScript and without it."""

import re
import uuid

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect

from feedback.models import Feedback

pytestmark = pytest.mark.browser

PROFILE = "/job-profiles/health-records-clerk/"


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def visitor(request, browser):
    """A visitor's page with JavaScript on or off; fails on console errors and 4xx/5xx answers."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=request.param
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    page.javascript = request.param
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def editor(transactional_db):
    """A member of staff who may read and resolve feedback, and nothing more."""
    user = User.objects.create_user("feedback-editor", password="correct horse 42", is_staff=True)
    user.user_permissions.add(
        *(
            Permission.objects.get(content_type__app_label="feedback", codename=codename)
            for codename in ["view_feedback", "change_feedback"]
        )
    )
    return user


def test_visitor_sends_feedback_and_an_editor_resolves_it(site, visitor, editor, browser):
    page = visitor
    message = f"The starter salary looks out of date ({uuid.uuid4().hex[:8]})."

    page.goto(site.url + PROFILE)
    page.locator(".govuk-phase-banner").get_by_role("link", name="feedback").click()
    page.wait_for_url(f"**/feedback/?page={PROFILE}")
    assert page.get_by_role("heading", level=1).inner_text() == "Give feedback on Careers"

    page.get_by_role("button", name="Send feedback").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link", name="Enter what went wrong, or what could be better").click()
    assert page.evaluate("document.activeElement.id") == "feedback-message"
    count = page.locator(".govuk-character-count").first
    if page.javascript:
        page.get_by_label("What went wrong, or what could be better?").fill("x" * 1210)
        assert "You have 10 characters too many" in count.inner_text()
    else:
        assert "You can enter up to 1,200 characters" in count.inner_text()

    page.get_by_label("What went wrong, or what could be better?").fill(message)
    page.get_by_label("What were you doing? (optional)").fill("Comparing salaries")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url("**/feedback/thanks/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"

    page.get_by_role("link", name="Go back to the page you were looking at").click()
    page.wait_for_url(site.url + PROFILE)
    assert page.get_by_role("heading", level=1).inner_text() == "Health records clerk"

    stored = Feedback.objects.get(message=message)
    assert (stored.kind, stored.page, stored.doing) == ("general", PROFILE, "Comparing salaries")

    # The editor, in the admin, on a browser of their own.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    admin.goto(f"{site.url}/admin/feedback/feedback/")
    admin.get_by_label("Username").fill("feedback-editor")
    admin.get_by_label("Password").fill("correct horse 42")
    admin.get_by_role("button", name="Log in").click()
    admin.wait_for_url(f"{site.url}/admin/feedback/feedback/")
    admin.locator("#searchbar").fill(message[-10:-2])
    admin.locator("#searchbar").press("Enter")
    admin.wait_for_url("**/admin/feedback/feedback/?q=*")
    rows = admin.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    assert message[:40] in rows.first.inner_text()
    rows.first.locator("input.action-select").check()
    admin.locator("select[name=action]").select_option("mark_resolved")
    admin.get_by_role("button", name="Run").or_(admin.get_by_role("button", name="Go")).click()
    expect(admin.locator(".messagelist")).to_contain_text("Marked 1 as resolved.")
    context.close()

    stored.refresh_from_db()
    assert stored.status == "resolved" and stored.resolved_at is not None


def test_is_this_page_useful_yes(site, visitor):
    page = visitor
    page.goto(site.url + PROFILE)
    page.get_by_role("button", name="Yes").click()
    if page.javascript:
        thanks = page.locator(".app-page-feedback__thanks")
        thanks.wait_for()
        assert thanks.inner_text() == "Thank you for your feedback"
        assert page.url == site.url + PROFILE  # answered in place
        assert page.evaluate("document.activeElement.className").endswith("__thanks")
        assert not page.get_by_role("button", name="Yes").is_visible()
    else:
        page.wait_for_url("**/feedback/thanks/**")
        assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
    answer = Feedback.objects.get()
    assert (answer.kind, answer.page) == ("useful", PROFILE)


def test_is_this_page_useful_no_offers_the_short_form(site, visitor):
    page = visitor
    page.goto(site.url + PROFILE)
    page.get_by_role("button", name="No").click()
    if page.javascript:
        heading = page.get_by_role("heading", name="Help us improve this page")
        heading.wait_for()
        assert page.url == site.url + PROFILE  # the form came to the visitor
        assert page.evaluate("document.activeElement.textContent") == "Help us improve this page"
    else:
        page.wait_for_url("**/feedback/?**")
        assert "Thank you for your answer." in page.locator("main").inner_text()
    assert Feedback.objects.get().kind == "not_useful"

    page.get_by_label("What went wrong, or what could be better?").fill("No salary for Wales.")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url("**/feedback/thanks/**")
    page.get_by_role("link", name="Go back to the page you were looking at").click()
    page.wait_for_url(site.url + PROFILE)
    report = Feedback.objects.get(kind="problem")
    assert (report.page, report.message) == (PROFILE, "No salary for Wales.")


def test_report_a_problem_link(site, visitor):
    page = visitor
    page.goto(site.url + PROFILE)
    page.get_by_role("link", name="Report a problem with this page").click()
    page.wait_for_url(re.compile(r".*/feedback/\?page=.*kind=problem"))
    assert page.get_by_role("heading", level=1).inner_text() == "Report a problem with a page"


def test_another_site_cannot_answer_for_a_visitor(site, browser):
    """A page elsewhere that posts to the answer form is refused by the visitor's own browser's word."""
    context = browser.new_context()
    page = context.new_page()
    attack = (
        f'<form method="post" action="{site.url}/feedback/useful/">'
        '<input name="answer" value="no"><input name="page" value="/">'
        "<button>Send</button></form>"
    )
    page.route(
        "http://elsewhere.example/",
        lambda route: route.fulfill(body=attack, content_type="text/html"),
    )
    page.goto("http://elsewhere.example/")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send").click()
    assert navigation.value.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Your answer was not sent"
    context.close()
    assert not Feedback.objects.exists()


def test_too_many_answers_get_the_429_page_with_javascript_too(site, browser, settings):
    settings.FEEDBACK_RATE_LIMIT_ANSWERS = 0
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + PROFILE)
    # The script's request is refused, so it lets the browser send the form and show the page.
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Yes").click()
    assert navigation.value.status == 429
    heading = page.get_by_role("heading", level=1).inner_text()
    context.close()
    assert heading == "Sorry, you have sent too many requests"
    assert not Feedback.objects.exists()
