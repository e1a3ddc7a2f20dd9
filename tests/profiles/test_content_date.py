""" "Last updated" moves when the public content changes, and only then."""

import pytest
from django.utils import timezone
from reversion.models import Version

from profiles.models import Category, JobProfile
from tests.conftest import OLD_DATE
from tests.profiles.admin_forms import change_url, form_data, row_index, save_and_publish


def _save(client, profile, data):
    response = save_and_publish(client, profile, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    profile.refresh_from_db()
    return profile


def test_saving_without_changes_keeps_the_date(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    assert _save(editor_client, profile, data).content_updated == OLD_DATE


def test_changing_the_summary_dates_the_profile_today(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data["summary"] = "Health records clerks keep patients' notes in order."
    assert _save(editor_client, profile, data).content_updated == timezone.localdate()


def test_changing_only_a_task_dates_the_profile_today(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data[f"tasks-{row_index(data, 'tasks', 'text', 'Sort post')}-text"] = "Sort the post"
    profile = _save(editor_client, profile, data)
    assert profile.content_updated == timezone.localdate()
    assert list(profile.tasks.values_list("text", flat=True)) == ["Sort the post", "File records"]


def test_reordering_only_skills_dates_the_profile_today(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data[f"skills-{row_index(data, 'skills', 'text', 'Patience')}-position"] = "0"
    profile = _save(editor_client, profile, data)
    assert profile.content_updated == timezone.localdate()
    assert list(profile.skills.values_list("text", "position")) == [
        ("Patience", 1),
        ("Organisation skills", 2),
        ("Accuracy", 3),
    ]


def test_adding_a_category_dates_the_profile_today(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    extra = Category.objects.create(name="Administration", slug="administration")
    data["categories"] = [data["categories"], str(extra.pk)]
    assert _save(editor_client, profile, data).content_updated == timezone.localdate()


@pytest.mark.parametrize(
    "changes",
    [{"status": JobProfile.Status.DRAFT}, {"slug": "records-clerk"}],
    ids=["status", "slug"],
)
def test_changing_what_the_page_does_not_show_keeps_the_date(editor_client, profile, changes):
    data = form_data(editor_client, change_url(profile))
    data.update(changes)
    assert _save(editor_client, profile, data).content_updated == OLD_DATE


def test_renumbering_without_reordering_keeps_the_date(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    for index in range(3):
        data[f"skills-{index}-position"] = str((index + 1) * 10)
    profile = _save(editor_client, profile, data)
    assert profile.content_updated == OLD_DATE
    # The numbers are tidied to 1, 2, 3 for the next editor.
    assert list(profile.skills.values_list("position", flat=True)) == [1, 2, 3]


def test_a_new_row_left_unnumbered_goes_last(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    blank = row_index(data, "tasks", "text", "")
    data[f"tasks-{blank}-text"] = "Answer the phone"
    profile = _save(editor_client, profile, data)
    assert list(profile.tasks.values_list("text", flat=True)) == [
        "Sort post",
        "File records",
        "Answer the phone",
    ]
    assert profile.content_updated == timezone.localdate()


def test_a_row_given_a_taken_number_goes_before_the_row_that_had_it(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data[f"skills-{row_index(data, 'skills', 'text', 'Patience')}-position"] = "1"
    profile = _save(editor_client, profile, data)
    assert list(profile.skills.values_list("text", "position")) == [
        ("Patience", 1),
        ("Organisation skills", 2),
        ("Accuracy", 3),
    ]


def test_line_breaks_as_browsers_send_them_are_no_change(editor_client, profile):
    JobProfile.objects.filter(pk=profile.pk).update(career_path="Senior clerk.\n\nThen manager.")
    data = form_data(editor_client, change_url(profile))
    # Browsers send a text area's line breaks as CR LF.
    data = {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for name, value in data.items()
    }
    profile = _save(editor_client, profile, data)
    assert profile.career_path == "Senior clerk.\n\nThen manager."
    assert profile.content_updated == OLD_DATE
    assert (
        Version.objects.get_for_object(profile)
        .first()
        .revision.get_comment()
        .endswith("No fields changed.")
    )
