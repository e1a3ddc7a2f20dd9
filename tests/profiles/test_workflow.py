"""Editors work on live profiles safely: changes are held, reviewed, then published."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from profiles import workflow
from profiles.models import JobProfile, ReviewStatus, ReviewStep, ReviewType
from tests.profiles.admin_forms import change_url, form_data

NEW_SUMMARY = "Health records clerks keep patient notes safe, complete and easy to find."


def _review_url(profile):
    return reverse("admin:profiles_jobprofile_review", args=[profile.pk])


def _edit_summary(client, profile, summary=NEW_SUMMARY):
    data = form_data(client, change_url(profile))
    data["summary"] = summary
    response = client.post(change_url(profile), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Wraps a call so that what waits for its commit (the emails) runs when it returns: a
    test's own transaction never commits."""

    def wrap(call):
        def wrapped(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return call(*args, **kwargs)

        return wrapped

    return wrap


def _step(client, profile, step, **fields):
    data = {"step": step, **{f"{step}-{name}": value for name, value in fields.items()}}
    return client.post(_review_url(profile), data, follow=True)


def _public_summary(client, profile):
    return NEW_SUMMARY in client.get(profile.get_absolute_url()).content.decode()


# Held changes.


def test_editing_a_live_profile_leaves_the_public_page_search_and_api_alone(
    editor_client, client, profile
):
    client.get(profile.get_absolute_url())  # the page is cached now
    _edit_summary(editor_client, profile)
    profile.refresh_from_db()
    assert profile.summary != NEW_SUMMARY
    assert not _public_summary(client, profile)  # from the cache, and rendered afresh:
    from django.core.cache import cache

    cache.clear()
    assert not _public_summary(client, profile)
    api = client.get(reverse("api:profile", args=[profile.slug])).json()
    assert api["summary"] != NEW_SUMMARY
    assert NEW_SUMMARY not in client.get(reverse("sitemap")).content.decode()
    # One profile still, everywhere but the copy's own row.
    assert JobProfile.objects.filter(slug=profile.slug).count() == 1
    assert JobProfile.with_held_changes.filter(slug=profile.slug).count() == 2


def test_the_form_shows_the_held_changes_and_says_the_live_page_is_unchanged(
    editor_client, profile
):
    _edit_summary(editor_client, profile)
    html = editor_client.get(change_url(profile)).content.decode()
    assert NEW_SUMMARY in html
    assert "Unpublished changes: in progress" in html
    assert "Visitors see the published version" in html
    copy = workflow.held_copy(profile)
    # The copy's own address leads back to the profile's.
    response = editor_client.get(change_url(copy))
    assert response.status_code == 302 and response["Location"] == change_url(profile)


def test_what_changed_is_shown_field_by_field_and_row_by_row(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data["summary"] = NEW_SUMMARY
    data["skills-1-DELETE"] = "on"
    editor_client.post(change_url(profile), data)
    page = editor_client.get(reverse("admin:profiles_jobprofile_changes", args=[profile.pk]))
    html = page.content.decode()
    assert "Test jobs exist for tests." in html and NEW_SUMMARY in html
    assert "Removed:" in html and "Accuracy" in html


def test_the_held_changes_are_previewed_as_the_public_would_see_them(editor_client, profile):
    _edit_summary(editor_client, profile)
    copy = workflow.held_copy(profile)
    preview = editor_client.get(reverse("admin:profiles_jobprofile_preview", args=[copy.pk]))
    assert preview.status_code == 200
    assert NEW_SUMMARY in preview.content.decode()


def test_discarding_held_changes_leaves_the_live_page_as_it_was(editor_client, client, profile):
    _edit_summary(editor_client, profile)
    response = _step(editor_client, profile, "discard")
    assert "are discarded" in response.content.decode()
    assert workflow.held_copy(profile) is None
    assert not _public_summary(client, profile)
    assert ReviewStep.objects.filter(profile=profile, action="discarded").exists()


def test_drafts_never_published_are_edited_directly(editor_client, make_profile):
    draft = make_profile(title="Archivist", status=JobProfile.Status.DRAFT)
    _edit_summary(editor_client, draft)
    draft.refresh_from_db()
    assert draft.summary == NEW_SUMMARY
    assert workflow.held_copy(draft) is None


# Review, from submitting to publishing.


def test_the_whole_review_from_submitting_to_publishing(
    editor, editor_client, publisher, publisher_client, client, profile, committed
):
    editor.email = "editor@example.org"
    editor.save()
    _step = committed(globals()["_step"])
    _edit_summary(editor_client, profile)
    response = _step(
        editor_client, profile, "submit", review_type=ReviewType.SUBJECT_EXPERT, note="New pay."
    )
    assert "is waiting for review" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["publisher@example.org"]]
    assert "New pay." in mail.outbox[0].body

    # The publisher asks for a change, with a note the editor is sent.
    response = _step(publisher_client, profile, "request_changes", note="Cite the source.")
    assert "Changes requested" in response.content.decode()
    assert mail.outbox[-1].to == ["editor@example.org"]
    assert "Cite the source." in mail.outbox[-1].body
    html = editor_client.get(change_url(profile)).content.decode()
    assert "Cite the source." in html
    assert workflow.held_copy(profile).review_status == ReviewStatus.CHANGES_REQUESTED

    # Fixed and sent again; approved; live.
    _edit_summary(editor_client, profile, NEW_SUMMARY + " ")
    _step(editor_client, profile, "submit", review_type=ReviewType.SUBJECT_EXPERT, note="Done.")
    response = _step(publisher_client, profile, "approve", note="Thanks.")
    assert "Published:" in response.content.decode()
    assert workflow.held_copy(profile) is None
    profile.refresh_from_db()
    assert profile.summary == NEW_SUMMARY
    assert profile.content_updated == timezone.localdate()
    assert profile.next_review_by == workflow.a_year_after(timezone.localdate())
    assert _public_summary(client, profile)
    assert mail.outbox[-1].to == ["editor@example.org"]
    # Every step is in the history, with who and the note.
    history = publisher_client.get(reverse("admin:profiles_jobprofile_history", args=[profile.pk]))
    html = history.content.decode()
    for words in ("Submitted for review", "Changes requested", "Cite the source.", "Published"):
        assert words in html
    steps = list(ReviewStep.objects.filter(profile=profile).values_list("action", "user__username"))
    assert ("published", "publisher") in steps and ("submitted", "editor") in steps


def test_a_failed_email_never_loses_the_review_step(
    editor_client, profile, publisher, settings, committed
):
    # A mail server that refuses connections (nothing listens on port 9 here).
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    _edit_summary(editor_client, profile)
    response = committed(_step)(editor_client, profile, "submit", review_type="content_design")
    assert response.status_code == 200
    assert workflow.held_copy(profile).review_status == ReviewStatus.READY
    assert ReviewStep.objects.filter(profile=profile, action="submitted").exists()


# Nobody publishes without the permission, by any path.


def test_an_editor_cannot_publish_by_any_admin_path(editor, editor_client, client, profile):
    _edit_summary(editor_client, profile)
    _step(editor_client, profile, "submit", review_type=ReviewType.CONTENT_DESIGN)
    for step in ("approve", "publish_now"):
        response = _step(editor_client, profile, step, note="Let me.")
        assert "Nothing was done." in response.content.decode()
    # A crafted POST of the form with a status: status is not the form's to set.
    data = form_data(editor_client, change_url(profile))
    data["status"] = "published"
    editor_client.post(change_url(profile), data)
    assert workflow.held_copy(profile) is not None
    assert not _public_summary(client, profile)
    # The list's bulk action, posted by hand.
    draft = JobProfile.objects.create(**{**_fields(profile), "slug": "new", "status": "draft"})
    workflow.submit(draft, editor, ReviewType.CONTENT_DESIGN, "")
    editor_client.post(
        reverse("admin:profiles_jobprofile_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == JobProfile.Status.DRAFT
    # And the function itself, whatever calls it.
    with pytest.raises(workflow.PermissionDenied):
        workflow.approve(workflow.held_copy(profile), editor)


def _fields(profile):
    names = ["title", "summary", "entry_requirements", "working_pattern", "working_environment"]
    names += ["career_path", "salary_starter_min", "salary_starter_max", "salary_experienced_max"]
    return {name: getattr(profile, name) for name in names + ["hours_min", "hours_max"]}


def test_a_publisher_cannot_approve_their_own_change(publisher, publisher_client, profile):
    _edit_summary(publisher_client, profile)
    _step(publisher_client, profile, "submit", review_type=ReviewType.CONTENT_DESIGN)
    response = _step(publisher_client, profile, "approve")
    assert "Nothing was done." in response.content.decode()
    assert workflow.held_copy(profile) is not None
    allowed, reason = workflow.may_publish(publisher, workflow.held_copy(profile))
    assert not allowed and "someone else must review it" in reason


def test_urgent_corrections_are_published_without_review_with_a_reason(
    publisher, publisher_client, client, profile
):
    from django.contrib.auth.models import Permission

    publisher.user_permissions.add(Permission.objects.get(codename="skipreview_jobprofile"))
    _edit_summary(publisher_client, profile)
    response = _step(publisher_client, profile, "publish_now", note="")
    assert "Nothing was done." in response.content.decode()
    response = _step(publisher_client, profile, "publish_now", note="The pay was wrong.")
    assert "Published:" in response.content.decode()
    assert _public_summary(client, profile)
    step = ReviewStep.objects.filter(profile=profile).first()
    assert (step.action, step.note) == ("published_without_review", "The pay was wrong.")


def test_restoring_an_earlier_version_of_a_live_profile_is_held(editor_client, client, profile):
    from reversion.models import Version

    from tests.profiles.admin_forms import publish_held

    _edit_summary(editor_client, profile)
    publish_held(profile)
    earliest = Version.objects.get_for_object(profile).last()
    restore = reverse("admin:profiles_jobprofile_revision", args=[profile.pk, earliest.pk])
    editor_client.post(restore, form_data(editor_client, restore))
    assert _public_summary(client, profile)  # still the published one
    assert workflow.held_copy(profile).summary == "Test jobs exist for tests."


# Two editors at once.


def test_the_second_of_two_editors_saving_at_once_is_told_and_nothing_is_lost(
    editor_client, publisher_client, profile
):
    first = form_data(editor_client, change_url(profile))
    second = form_data(publisher_client, change_url(profile))
    first["summary"] = NEW_SUMMARY
    assert editor_client.post(change_url(profile), first).status_code == 302
    second["summary"] = "Someone else's summary."
    response = publisher_client.post(change_url(profile), second)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert workflow.held_copy(profile).summary == NEW_SUMMARY
    # And again, both editing the held changes.
    first = form_data(editor_client, change_url(profile))
    second = form_data(publisher_client, change_url(profile))
    first["summary"] = NEW_SUMMARY + " Again."
    assert editor_client.post(change_url(profile), first).status_code == 302
    response = publisher_client.post(change_url(profile), second)
    assert "after you opened it" in response.content.decode()
    assert workflow.held_copy(profile).summary == NEW_SUMMARY + " Again."


# Publishing checks again, and refuses what became invalid.


def test_a_held_change_whose_link_now_leads_nowhere_is_refused_on_publish(
    editor, publisher, make_profile, profile
):
    other = make_profile(title="Ward clerk", slug="ward-clerk")
    copy = _held(profile, editor, career_path="See [ward clerk](/job-profiles/ward-clerk/).")
    workflow.submit(copy, editor, ReviewType.CONTENT_DESIGN, "")
    other.delete()
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.approve(workflow.held_copy(profile), publisher)
    assert "leads to no profile" in " ".join(m for _, m in refused.value.problems)
    profile.refresh_from_db()
    assert profile.career_path == "Up."
    assert workflow.held_copy(profile) is not None


def _held(profile, user, **changes):
    edited, categories, rows = workflow.snapshot(profile)
    for name, value in changes.items():
        setattr(edited, name, value)
    return workflow.hold_changes(profile, edited, categories, rows, user)


# Scheduling.


def test_a_scheduled_change_goes_live_when_due_and_not_before(
    editor, publisher, client, profile, django_capture_on_commit_callbacks
):
    copy = _held(profile, editor, summary=NEW_SUMMARY)
    workflow.submit(copy, editor, ReviewType.CONTENT_DESIGN, "")
    at = timezone.now() + datetime.timedelta(hours=1)
    workflow.approve(copy, publisher, publish_at=at)
    assert workflow.publish_due(now=at - datetime.timedelta(minutes=1)) == []
    assert not _public_summary(client, profile)
    done = workflow.publish_due(now=at + datetime.timedelta(seconds=1))
    assert [(p.pk, action) for p, action in done] == [(profile.pk, "published")]
    assert _public_summary(client, profile)
    assert workflow.publish_due(now=at + datetime.timedelta(minutes=2)) == []


def test_the_command_publishes_what_is_due_once_however_often_it_runs(editor, publisher, profile):
    from io import StringIO

    from django.core.management import call_command

    copy = _held(profile, editor, summary=NEW_SUMMARY)
    workflow.submit(copy, editor, ReviewType.CONTENT_DESIGN, "")
    workflow.approve(copy, publisher, publish_at=timezone.now() + datetime.timedelta(minutes=1))
    JobProfile.with_held_changes.filter(pk=copy.pk).update(publish_at=timezone.now())
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue().count("Published: health-records-clerk") == 1
    assert ReviewStep.objects.filter(profile=profile, action="published").count() == 1


def test_a_scheduled_unpublish_takes_the_page_down_when_due(publisher, client, profile):
    at = timezone.now() + datetime.timedelta(days=1)
    workflow.unpublish(profile, publisher, "Seasonal.", at=at)
    assert client.get(profile.get_absolute_url()).status_code == 200
    workflow.publish_due(now=at)
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_the_admin_lists_what_is_scheduled(editor, publisher, publisher_client, profile):
    copy = _held(profile, editor, summary=NEW_SUMMARY)
    workflow.submit(copy, editor, ReviewType.CONTENT_DESIGN, "")
    workflow.approve(copy, publisher, publish_at=timezone.now() + datetime.timedelta(days=2))
    html = publisher_client.get(reverse("admin:index")).content.decode()
    assert "Scheduled" in html and "publishes" in html
    listed = publisher_client.get(
        reverse("admin:profiles_jobprofile_changelist"), {"workflow": "scheduled"}
    )
    assert [p.title for p in listed.context["cl"].result_list] == [profile.title]


def test_a_time_in_the_past_is_refused(editor, publisher_client, profile):
    copy = _held(profile, editor, summary=NEW_SUMMARY)
    workflow.submit(copy, editor, ReviewType.CONTENT_DESIGN, "")
    response = _step(publisher_client, profile, "approve", publish_at="2020-01-01T09:00")
    assert "Choose a time in the future" in response.content.decode()
    assert workflow.held_copy(profile).review_status == ReviewStatus.READY


# Review-due dates and the work list.


def test_review_due_filters_and_the_work_list(editor, editor_client, make_profile, profile):
    today = timezone.localdate()
    JobProfile.objects.filter(pk=profile.pk).update(next_review_by=today - datetime.timedelta(1))
    soon = make_profile(title="Ward clerk", next_review_by=today + datetime.timedelta(days=10))
    make_profile(title="Porter", next_review_by=today + datetime.timedelta(days=90))
    url = reverse("admin:profiles_jobprofile_changelist")
    overdue = editor_client.get(url, {"review": "overdue"}).context["cl"].result_list
    due = editor_client.get(url, {"review": "soon"}).context["cl"].result_list
    assert [p.title for p in overdue] == [profile.title]
    assert [p.title for p in due] == [soon.title]
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Reviews overdue (1)" in html
    _edit_summary(editor_client, profile)
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Your drafts and changes in progress" in html
    assert "(changes to the live page)" in html


def test_waiting_for_review_lists_what_others_submitted(
    editor, editor_client, publisher_client, profile
):
    _edit_summary(editor_client, profile)
    _step(editor_client, profile, "submit", review_type=ReviewType.STAKEHOLDER)
    html = publisher_client.get(reverse("admin:index")).content.decode()
    start = html.index("Waiting for your review")
    assert profile.title in html[start : start + 600]


def test_the_list_shows_each_profile_once_and_counts_no_copies(editor_client, profile):
    _edit_summary(editor_client, profile)
    response = editor_client.get(reverse("admin:profiles_jobprofile_changelist"))
    changelist = response.context["cl"]
    assert [p.title for p in changelist.result_list].count(profile.title) == 1
    assert changelist.full_result_count == JobProfile.objects.count() == 2
    assert "Unpublished changes: in progress" in response.content.decode()


def test_the_admin_list_and_change_page_cost_a_fixed_number_of_queries(
    editor_client, profile, make_profile, django_assert_num_queries
):
    for n in range(5):
        make_profile(title=f"Extra {n}")
    _edit_summary(editor_client, profile)
    editor_client.get(change_url(profile))
    # The change page of held changes: the form, its ten lists, the review panel's checks,
    # and the figure sources to choose from for the salary and for the hours.
    with django_assert_num_queries(39):
        editor_client.get(change_url(profile))
    # The list, as without held changes (test_admin_profile_list.py): one query for the page
    # of profiles, their review state joined in.
    with django_assert_num_queries(11):
        editor_client.get(reverse("admin:profiles_jobprofile_changelist"))


def test_categories_count_profiles_not_their_held_copies(editor_client, profile):
    _edit_summary(editor_client, profile)
    response = editor_client.get(reverse("admin:profiles_category_changelist"))
    (category,) = response.context["cl"].result_list
    assert category.profile_count == 1


def test_deleting_a_live_profile_is_for_publishers_and_a_copy_is_discarded_not_deleted(
    editor_client, publisher_client, profile
):
    delete = reverse("admin:profiles_jobprofile_delete", args=[profile.pk])
    assert editor_client.get(delete).status_code == 403
    _edit_summary(editor_client, profile)
    copy_delete = reverse("admin:profiles_jobprofile_delete", args=[workflow.held_copy(profile).pk])
    assert publisher_client.post(copy_delete, {"post": "yes"}).status_code == 403
    assert workflow.held_copy(profile) is not None
    assert publisher_client.get(delete).status_code == 200
