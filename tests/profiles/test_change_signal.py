"""One save in the admin is one change: profiles_changed once, the profile re-indexed once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import EntryRoute, Opportunity
from profiles.signals import profiles_changed
from search import engine
from tests.profiles.admin_forms import change_url, form_data, publish_held, row_index


@pytest.fixture
def sent():
    """Every profiles_changed notice sent while the test runs."""
    notices = []

    def receive(sender, **kwargs):
        notices.append(kwargs)

    profiles_changed.connect(receive, dispatch_uid="test-notices")
    yield notices
    profiles_changed.disconnect(dispatch_uid="test-notices")


def _writes_to_the_index(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
        and "search_profiledocument" in q["sql"]
    ]


@pytest.mark.django_db(transaction=True)
def test_one_admin_save_of_a_profile_and_all_its_rows_reindexes_it_once(
    editor_client, profile, sent
):
    EntryRoute.objects.create(profile=profile, kind=EntryRoute.Kind.COLLEGE, text="A course.")
    Opportunity.objects.create(
        profile=profile,
        kind=Opportunity.Kind.COURSE,
        title="A course",
        provider="A college",
        location="York",
        start_date="2099-01-01",
        url="https://example.org/",
    )
    data = form_data(editor_client, change_url(profile))
    # A change to the profile and to a row of every kind it has.
    data["summary"] = "Keeps patients' notes in order."
    data[
        f"alternative_titles-{row_index(data, 'alternative_titles', 'title', 'Medical records clerk')}-title"
    ] = "Patient records clerk"
    data[f"skills-{row_index(data, 'skills', 'text', 'Accuracy')}-text"] = "Being accurate"
    data[f"tasks-{row_index(data, 'tasks', 'text', 'Sort post')}-text"] = "Sort the post"
    data["entry_routes-0-text"] = "A college course."
    data["opportunities-0-title"] = "A better course"
    data["related_to-0-position"] = "5"
    sent.clear()

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(change_url(profile), data)
    assert response.status_code == 302
    # Held for review: nothing public changed, so nothing is re-indexed.
    assert all(not notice["visible_ids"] for notice in sent)
    assert not _writes_to_the_index(queries)

    sent.clear()
    with CaptureQueriesContext(connection) as queries:
        publish_held(profile)
    assert {pk for notice in sent for pk in notice["visible_ids"]} == {profile.pk}
    assert len(_writes_to_the_index(queries)) == 1
    assert [p.title for p in engine.search("patient records clerk").results[:1]] == [profile.title]


@pytest.mark.django_db(transaction=True)
def test_a_draft_changed_in_the_admin_is_sent_as_nothing_public(editor_client, profile, sent):
    profile.status = profile.Status.DRAFT
    profile.save()
    data = form_data(editor_client, change_url(profile))
    data["summary"] = "A draft's new summary."
    sent.clear()
    assert editor_client.post(change_url(profile), data).status_code == 302
    assert [(n["profile_ids"], n["visible_ids"]) for n in sent] == [({profile.pk}, set())]
