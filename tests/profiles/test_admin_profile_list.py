"""Editors find profiles: title, status, categories and last updated; search; filters; bulk
publish and unpublish."""

from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from profiles.models import AlternativeTitle, JobProfile
from tests.conftest import OLD_DATE

LIST_URL = reverse("admin:profiles_jobprofile_changelist")


def _titles(response):
    return [profile.title for profile in response.context["cl"].result_list]


def test_list_shows_title_status_categories_and_last_updated(editor_client, profile, text_of):
    text = text_of(editor_client.get(LIST_URL))
    assert "Health records clerk Published Live Healthcare - 11 Sep 2018" in text


def test_list_is_in_title_order(editor_client, profile, make_profile):
    make_profile(title="Archivist")
    assert _titles(editor_client.get(LIST_URL)) == [
        "Archivist",
        "Health records clerk",
        "Medical secretary",
    ]


def test_search_finds_alternative_titles_once(editor_client, profile):
    AlternativeTitle.objects.create(profile=profile, title="Medical records officer")
    response = editor_client.get(LIST_URL, {"q": "medical records"})
    assert _titles(response) == ["Health records clerk"]


def test_filters_by_status_category_and_last_updated(editor_client, profile, make_profile):
    make_profile(title="Archivist", status=JobProfile.Status.DRAFT)
    assert _titles(editor_client.get(LIST_URL, {"status__exact": "draft"})) == ["Archivist"]
    category = profile.categories.get()
    assert _titles(editor_client.get(LIST_URL, {"categories__id__exact": category.pk})) == [
        "Health records clerk"
    ]
    today = timezone.localdate()
    recent = {"content_updated__gte": today.isoformat()}
    assert _titles(editor_client.get(LIST_URL, recent)) == ["Archivist", "Medical secretary"]
    html = editor_client.get(LIST_URL).content.decode()
    assert "By last updated" in html


def test_list_costs_a_fixed_number_of_queries(
    editor_client, profile, make_profile, django_assert_num_queries
):
    for n in range(5):
        make_profile(title=f"Extra {n}").categories.set(profile.categories.all())
    editor_client.get(LIST_URL)
    # Session, user, permissions (2), the filter's category list, the count (twice: filtered
    # and total), the page of profiles and their categories; and django-reversion's savepoint
    # and its release around the list (for bulk actions).
    with django_assert_num_queries(11):
        editor_client.get(LIST_URL)


def test_publishers_publish_and_unpublish_many_at_once(
    editor, publisher_client, profile, make_profile
):
    from profiles import workflow
    from profiles.models import ReviewType

    draft = make_profile(title="Archivist", status=JobProfile.Status.DRAFT)
    workflow.submit(draft, editor, ReviewType.CONTENT_DESIGN, "Ready.")
    unsubmitted = make_profile(title="Bookkeeper", status=JobProfile.Status.DRAFT)
    response = publisher_client.post(
        LIST_URL,
        {"action": "publish", "_selected_action": [profile.pk, draft.pk, unsubmitted.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Published 1 profile." in html
    assert "Not published: Bookkeeper (It has not been submitted for review yet)" in html
    draft.refresh_from_db()
    unsubmitted.refresh_from_db()
    assert draft.status == JobProfile.Status.PUBLISHED
    assert unsubmitted.status == JobProfile.Status.DRAFT
    # Publishing does not change the content, so not its date either.
    profile.refresh_from_db()
    assert profile.content_updated == OLD_DATE
    assert Version.objects.get_for_object(draft).first().revision.get_comment() == (
        "Published. From the list."
    )
    response = publisher_client.post(
        LIST_URL, {"action": "unpublish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Unpublished 1 profile." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == JobProfile.Status.DRAFT


def test_editors_are_not_offered_publishing_from_the_list(editor_client, make_profile):
    draft = make_profile(title="Archivist", status=JobProfile.Status.DRAFT)
    response = editor_client.get(LIST_URL)
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "publish" not in actions and "unpublish" not in actions
    # Posted anyway, the action is refused and nothing changes.
    response = editor_client.post(
        LIST_URL, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == JobProfile.Status.DRAFT
