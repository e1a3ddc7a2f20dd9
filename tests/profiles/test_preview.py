"""Editors preview a draft, or changes not yet saved, exactly as the public would see them."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from reversion.models import Version

from profiles.models import JobProfile
from tests.profiles.admin_forms import change_url, form_data, row_index, snapshot


def _preview_url(profile):
    return reverse("admin:profiles_jobprofile_preview", args=[profile.pk])


@pytest.fixture
def draft(profile):
    JobProfile.objects.filter(pk=profile.pk).update(status=JobProfile.Status.DRAFT)
    profile.refresh_from_db()
    return profile


def test_draft_is_hidden_from_the_public_and_previewed_for_editors(
    editor_client, client, draft, text_of
):
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = editor_client.get(_preview_url(draft))
    assert response.status_code == 200
    text = text_of(response)
    assert "Preview This is a preview of a draft. The public cannot see it" in text
    assert "Health records clerk Medical records clerk" in text
    assert "Sort post File records" in text


def test_preview_is_never_cached_nor_indexed(editor_client, draft):
    response = editor_client.get(_preview_url(draft))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_preview_is_behind_the_sign_in(client, draft):
    response = client.get(_preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_permission_cannot_preview(client, draft):
    client.force_login(User.objects.create_user("intern", is_staff=True))
    assert client.get(_preview_url(draft)).status_code == 403
    assert client.post(_preview_url(draft), {}).status_code == 403


def test_preview_of_a_saved_profile_costs_a_fixed_number_of_queries(
    editor_client, draft, django_assert_num_queries
):
    editor_client.get(_preview_url(draft))  # sessions and permissions warm up
    # Session, user, the profile (twice: permission check, then the page), 2 permission
    # lookups, its categories, and 7 for the page: titles, skills, tasks, working times,
    # workplaces, related careers, page history.
    with django_assert_num_queries(14):
        editor_client.get(_preview_url(draft))


def test_unsaved_changes_are_previewed_and_not_saved(editor_client, draft, text_of):
    data = form_data(editor_client, change_url(draft))
    data[f"tasks-{row_index(data, 'tasks', 'text', 'Sort post')}-text"] = "Sort the post"
    data[f"skills-{row_index(data, 'skills', 'text', 'Patience')}-position"] = "0"
    data[f"skills-{row_index(data, 'skills', 'text', 'Accuracy')}-DELETE"] = "on"
    data[f"tasks-{row_index(data, 'tasks', 'text', '')}-text"] = "Answer the phone"
    data["summary"] = "A summary not saved yet."
    before, versions = snapshot(draft), Version.objects.count()

    response = editor_client.post(_preview_url(draft), data)

    assert response.status_code == 200
    text = text_of(response)
    assert "This is a preview of changes that are not saved yet." in text
    assert "A summary not saved yet." in text
    assert "You'll need: Patience Organisation skills Day-to-day" not in text
    assert "You'll need: Patience Organisation skills" in text
    assert "Sort the post File records Answer the phone" in text
    assert snapshot(draft) == before
    assert Version.objects.count() == versions


def test_a_new_profile_is_previewed_before_it_is_first_saved(editor_client, profile, text_of):
    add_url = reverse("admin:profiles_jobprofile_add")
    data = form_data(editor_client, add_url)
    data.update(
        title="Clinical coder",
        slug="clinical-coder",
        summary="Clinical coders turn patients' notes into codes.",
        salary_starter_min="20000",
        salary_starter_max="24000",
        salary_experienced_max="35000",
        hours_min="37",
        hours_max="40",
        entry_requirements="GCSEs.",
        working_pattern="Days.",
        working_environment="Office.",
        career_path="Senior coder.",
    )
    data[f"skills-{row_index(data, 'skills', 'text', '')}-text"] = "Attention to detail"
    data["related_to-0-to_profile"] = str(profile.pk)  # the blank row's empty list
    count = JobProfile.objects.count()

    response = editor_client.post(reverse("admin:profiles_jobprofile_preview_new"), data)

    assert response.status_code == 200
    text = text_of(response)
    assert '<h1 class="govuk-heading-xl">Clinical coder</h1>' in response.content.decode()
    assert "Clinical coders turn patients' notes into codes." in text
    assert "You'll need: Attention to detail" in text
    assert "You may be interested in: Health records clerk" in text
    assert JobProfile.objects.count() == count


def test_preview_of_invalid_changes_lists_the_errors_and_saves_nothing(editor_client, draft):
    data = form_data(editor_client, change_url(draft))
    data.update(hours_min="50", hours_max="40")
    before = snapshot(draft)
    response = editor_client.post(_preview_url(draft), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The preview cannot be shown until these are put right." in html
    assert (
        "Hours a week to</strong>: The upper hours figure must be at least the lower one." in html
    )
    assert snapshot(draft) == before


def test_change_form_has_a_preview_button_posting_the_form(editor_client, draft):
    html = editor_client.get(change_url(draft)).content.decode()
    assert f'formaction="{_preview_url(draft)}" formtarget="_blank"' in html


def test_view_on_site_only_for_published_profiles(editor_client, profile, draft):
    html = editor_client.get(change_url(draft)).content.decode()
    assert "View on site" not in html
    JobProfile.objects.filter(pk=draft.pk).update(status=JobProfile.Status.PUBLISHED)
    html = editor_client.get(change_url(draft)).content.decode()
    assert "View the live page" in html


def test_unsaved_changes_are_previewed_in_the_improved_layout_too(editor_client, draft, text_of):
    editor_client.cookies["profile_layout"] = "improved"
    data = form_data(editor_client, change_url(draft))
    data.update(
        {
            "entry_routes-TOTAL_FORMS": "1",
            "entry_routes-0-kind": "college",
            "entry_routes-0-text": "A level 2 course in health and social care.",
            "entry_routes-0-position": "",
        }
    )
    before = snapshot(draft)
    response = editor_client.post(_preview_url(draft), data)
    assert response.status_code == 200
    text = text_of(response)
    assert "You can get into this career through: College" in text
    assert "A level 2 course in health and social care." in text
    assert snapshot(draft) == before
