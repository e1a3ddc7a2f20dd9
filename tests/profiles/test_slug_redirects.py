"""A renamed profile's old addresses answer 301 to the current one: one hop, never a loop."""

from profiles.models import JobProfile, SlugRedirect
from tests.profiles.admin_forms import change_url, form_data, save_and_publish


def _rename(client, profile, slug):
    data = form_data(client, change_url(profile))
    data["slug"] = slug
    assert save_and_publish(client, profile, data).status_code == 302


def _answer(client, path):
    response = client.get(path)
    return response.status_code, response.get("Location")


def test_two_renames_each_answer_one_hop_to_the_current_address(editor_client, client, profile):
    _rename(editor_client, profile, "records-clerk")
    _rename(editor_client, profile, "patient-records-clerk")
    client.logout()
    current = "/job-profiles/patient-records-clerk/"
    assert _answer(client, "/job-profiles/health-records-clerk/") == (301, current)
    assert _answer(client, "/job-profiles/records-clerk/") == (301, current)
    assert client.get(current).status_code == 200


def test_taking_back_an_old_slug_makes_no_loop(editor_client, client, profile):
    _rename(editor_client, profile, "records-clerk")
    _rename(editor_client, profile, "health-records-clerk")
    assert client.get("/job-profiles/health-records-clerk/").status_code == 200
    assert _answer(client, "/job-profiles/records-clerk/") == (
        301,
        "/job-profiles/health-records-clerk/",
    )
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["records-clerk"]


def test_the_redirect_keeps_the_query_string(editor_client, client, profile):
    _rename(editor_client, profile, "records-clerk")
    assert _answer(client, "/job-profiles/health-records-clerk/?utm_source=leaflet") == (
        301,
        "/job-profiles/records-clerk/?utm_source=leaflet",
    )


def test_old_address_of_a_draft_is_not_found(editor_client, client, profile):
    _rename(editor_client, profile, "records-clerk")
    JobProfile.objects.filter(pk=profile.pk).update(status=JobProfile.Status.DRAFT)
    assert client.get("/job-profiles/health-records-clerk/").status_code == 404


def test_unknown_address_is_not_found(client, profile):
    assert client.get("/job-profiles/no-such-job/").status_code == 404


def test_redirect_costs_two_queries(editor_client, client, profile, django_assert_num_queries):
    _rename(editor_client, profile, "records-clerk")
    # The profile lookup that missed, the redirect with its profile, and nothing else.
    with django_assert_num_queries(2):
        client.get("/job-profiles/health-records-clerk/")


def test_old_addresses_are_listed_on_the_form(editor_client, profile):
    _rename(editor_client, profile, "records-clerk")
    assert "<code>/job-profiles/health-records-clerk/</code>" in (
        editor_client.get(change_url(profile)).content.decode()
    )


def test_browsers_are_told_not_to_keep_the_redirect(editor_client, client, profile):
    # A slug may be taken back later; a redirect a browser kept for ever would then loop.
    _rename(editor_client, profile, "records-clerk")
    response = client.get("/job-profiles/health-records-clerk/")
    assert "no-cache" in response["Cache-Control"]


def test_an_address_typed_in_capitals_leads_to_the_profile(client, profile):
    response = client.get("/job-profiles/HEALTH-RECORDS-CLERK/?from=leaflet")
    assert response.status_code == 301
    assert response["Location"] == "/job-profiles/health-records-clerk/?from=leaflet"
    assert client.get("/job-profiles/Health-Records-Clerk/").status_code == 301


def test_capitals_that_name_no_profile_or_a_draft_are_not_found(client, profile, make_profile):
    draft = make_profile(slug="draft-job", status="draft")
    assert client.get("/job-profiles/NO-SUCH-JOB/").status_code == 404
    assert client.get(f"/job-profiles/{draft.slug.upper()}/").status_code == 404
