"""Every change is recorded with who, when and what, and an earlier version can be restored,
its rows included."""

import re

from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from profiles.models import Skill
from tests.conftest import OLD_DATE
from tests.profiles.admin_forms import (
    change_url,
    form_data,
    publish_held,
    row_index,
    save_and_publish,
)


def _history_url(profile):
    return reverse("admin:profiles_jobprofile_history", args=[profile.pk])


def _edit(client, profile, **changes):
    """Change the task 'Sort post', delete the skill 'Accuracy' and add a skill."""
    data = form_data(client, change_url(profile))
    data[f"tasks-{row_index(data, 'tasks', 'text', 'Sort post')}-text"] = "Sort the post"
    data[f"skills-{row_index(data, 'skills', 'text', 'Accuracy')}-DELETE"] = "on"
    data[f"skills-{row_index(data, 'skills', 'text', '')}-text"] = "Tact"
    data.update(changes)
    response = save_and_publish(client, profile, data)
    assert response.status_code == 302


def test_first_change_keeps_the_version_before_it(editor_client, profile):
    _edit(editor_client, profile)
    versions = Version.objects.get_for_object(profile).select_related("revision")
    assert [v.revision.get_comment() for v in versions][-1] == (
        "As it was before its first change in the admin."
    )
    first = versions.last()
    tasks = {
        v.field_dict["text"] for v in first.revision.version_set.all() if "text" in v.field_dict
    }
    assert "Sort post" in tasks


def test_history_shows_who_when_and_what(editor_client, editor, profile):
    editor.first_name, editor.last_name = "Ada", "Editor"
    editor.save()
    _edit(editor_client, profile)
    response = editor_client.get(_history_url(profile))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Editor" in html
    assert timezone.localtime().strftime("%-d %B %Y") in html
    assert "Changed Text for task “Sort the post”." in html
    assert "Deleted skill “Accuracy”." in html
    assert "Added skill “Tact”." in html


def test_history_is_linked_from_the_change_form(editor_client, profile):
    response = editor_client.get(change_url(profile))
    assert _history_url(profile) in response.content.decode()


def test_restoring_an_earlier_version_brings_back_its_rows(editor_client, profile):
    _edit(editor_client, profile, summary="A new summary.")
    profile.refresh_from_db()
    assert profile.content_updated == timezone.localdate()
    earliest = Version.objects.get_for_object(profile).last()
    restore_url = reverse("admin:profiles_jobprofile_revision", args=[profile.pk, earliest.pk])

    page = editor_client.get(restore_url)
    assert page.status_code == 200
    assert "Restore this version" in page.content.decode()
    # Looking changes nothing.
    assert profile.tasks.filter(text="Sort the post").exists()

    response = editor_client.post(restore_url, form_data(editor_client, restore_url))
    assert response.status_code == 302
    # Restoring a live profile holds the earlier version as changes, like any edit.
    profile.refresh_from_db()
    assert profile.summary == "A new summary."
    publish_held(profile)
    profile.refresh_from_db()
    assert profile.summary == "Test jobs exist for tests."
    assert list(profile.tasks.values_list("text", flat=True)) == ["Sort post", "File records"]
    assert list(profile.skills.values_list("text", flat=True)) == [
        "Organisation skills",
        "Accuracy",
        "Patience",
    ]
    assert not Skill.objects.filter(text="Tact").exists()
    # The public content changed again today: the restored version's old date does not come back.
    assert profile.content_updated == timezone.localdate()
    latest = Version.objects.get_for_object(profile).first().revision
    assert latest.get_comment().startswith("Published. In a test.")


def test_restoring_the_same_content_keeps_the_date(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data["next_review_by"] = "2030-01-31"  # not public content: the date stays
    assert save_and_publish(editor_client, profile, data).status_code == 302
    earliest = Version.objects.get_for_object(profile).last()
    restore_url = reverse("admin:profiles_jobprofile_revision", args=[profile.pk, earliest.pk])
    editor_client.post(restore_url, form_data(editor_client, restore_url))
    publish_held(profile)
    profile.refresh_from_db()
    assert profile.status == "published"
    assert profile.content_updated == OLD_DATE


def test_restoring_a_renamed_profile_keeps_both_addresses_working(editor_client, client, profile):
    data = form_data(editor_client, change_url(profile))
    data["slug"] = "records-clerk"
    save_and_publish(editor_client, profile, data)
    earliest = Version.objects.get_for_object(profile).last()
    restore_url = reverse("admin:profiles_jobprofile_revision", args=[profile.pk, earliest.pk])
    editor_client.post(restore_url, form_data(editor_client, restore_url))
    publish_held(profile)
    profile.refresh_from_db()
    assert profile.slug == "health-records-clerk"
    assert client.get("/job-profiles/health-records-clerk/").status_code == 200
    response = client.get("/job-profiles/records-clerk/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/job-profiles/health-records-clerk/",
    )


def test_history_shows_seconds_and_each_field_before_and_after(editor_client, profile):
    _edit(editor_client, profile, summary="Clerks keep health records in order.")
    html = editor_client.get(_history_url(profile)).content.decode()
    assert timezone.localtime().strftime("%-d %B %Y, %H:") in html
    assert re.search(r"\d{2}:\d{2}:\d{2}</time>", html)
    changes = html.split('<details class="app-history-changes">')[1].split("</details>")[0]
    assert "<dt>Summary</dt>" in changes
    assert "<dd>Before: Test jobs exist for tests.</dd>" in changes
    assert "<dd>After: Clerks keep health records in order.</dd>" in changes
    assert "Sort the post" in changes  # the task list, before and after
    assert "Tact" in changes and "Accuracy" in changes
