"""The public "Page history": what changed and why, as editors summed it up when publishing,
and when visitors' feedback asked for it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback
from profiles import workflow
from profiles.models import ReviewStep, ReviewType
from tests.profiles.admin_forms import change_url, form_data

SUMMARY = "Pay figures updated to 2026 data"


def _held_and_submitted(client, profile):
    data = form_data(client, change_url(profile))
    data["salary_note"] = "These figures are a guide, from 2026 pay bands."
    assert client.post(change_url(profile), data).status_code == 302
    review = reverse("admin:profiles_jobprofile_review", args=[profile.pk])
    client.post(review, {"step": "submit", "submit-review_type": ReviewType.SUBJECT_EXPERT})
    return review


def _approve(client, review, **fields):
    data = {"step": "approve", **{f"approve-{name}": value for name, value in fields.items()}}
    return client.post(review, data, follow=True)


def _history(client, profile):
    html = client.get(profile.get_absolute_url()).content.decode()
    if "Page history" not in html:
        return None
    return html[html.index("Page history") :].split("</details>")[0]


def test_a_summary_given_when_publishing_is_shown_under_last_updated(
    editor_client, publisher_client, client, profile
):
    assert _history(client, profile) is None  # nothing said yet: no disclosure at all
    review = _held_and_submitted(editor_client, profile)
    response = _approve(publisher_client, review, public_summary=f"  {SUMMARY} ")
    assert "Published:" in response.content.decode()
    history = _history(client, profile)
    today = timezone.localdate()
    assert f"{today.day} {today:%B %Y}</time>: {SUMMARY}" in history
    assert "visitors asked" not in history


def test_a_change_published_without_a_summary_is_not_listed(
    editor_client, publisher_client, client, profile
):
    _approve(publisher_client, _held_and_submitted(editor_client, profile))
    assert _history(client, profile) is None


def test_a_summary_with_markup_is_refused_and_nothing_is_published(
    editor_client, publisher_client, client, profile
):
    review = _held_and_submitted(editor_client, profile)
    for summary in ("<b>New pay</b>", "[New pay](https://evil.example/)"):
        response = _approve(publisher_client, review, public_summary=summary)
        assert "Use plain words only" in response.content.decode()
    assert workflow.held_copy(profile) is not None
    assert _history(client, profile) is None


def test_a_scheduled_change_keeps_its_summary(editor, publisher, client, profile):
    edited, categories, rows = workflow.snapshot(profile)
    copy = workflow.hold_changes(profile, edited, categories, rows, editor)
    workflow.submit(copy, editor, ReviewType.CONTENT_DESIGN, "")
    at = timezone.now() + datetime.timedelta(hours=1)
    workflow.approve(copy, publisher, publish_at=at, public_summary=SUMMARY)
    assert _history(client, profile) is None
    workflow.publish_due(now=at)
    assert SUMMARY in _history(client, profile)


def test_feedback_resolved_by_a_change_is_said_on_the_page_and_never_who(
    editor_client, publisher_client, client, profile
):
    review = _held_and_submitted(editor_client, profile)
    _approve(publisher_client, review, public_summary=SUMMARY)
    assert "visitors asked" not in _history(client, profile)  # cached now
    feedback = Feedback.objects.create(
        kind=Feedback.Kind.PROBLEM, page=profile.get_absolute_url(), message="The pay is old."
    )
    step = ReviewStep.objects.public_changes().get(profile=profile)
    url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
    data = form_data(editor_client, url, form_id="feedback_form")
    offered = editor_client.get(url).content.decode()
    assert f'<option value="{step.pk}">' in offered and f": {SUMMARY}</option>" in offered
    data["resolved_by"] = str(step.pk)
    assert editor_client.post(url, data).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RESOLVED
    history = _history(client, profile)
    assert "(a change visitors asked for in their feedback)" in history
    assert "The pay is old." not in history
