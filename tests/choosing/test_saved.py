"""Saved careers: a shortlist in a signed cookie, with no account and nothing kept on the server."""

from django.apps import apps

from choosing import shortlist
from profiles.models import JobProfile

URL = "/saved-careers/"


def _row_counts():
    return {model: model.objects.count() for model in apps.get_models()}


def _save(client, slug, next_path="/job-profiles/chef/", **headers):
    return client.post(f"{URL}save/", {"slug": slug, "next": next_path}, headers=headers)


def test_saving_returns_to_the_page_and_lists_the_career(client, seeded, text_of):
    response = _save(client, "chef")
    assert response.status_code == 303
    assert response["Location"] == "/job-profiles/chef/"
    _save(client, "waiter", next_path="/explore-careers/?level=none")
    text = text_of(client.get(URL))
    assert "Your saved careers" in text
    assert text.index("Chef") < text.index("Waiter")
    assert "Starting salary:" in text


def test_the_list_is_a_signed_cookie_and_nothing_else(client, seeded):
    rows_before = _row_counts()
    _save(client, "chef")
    cookie = client.cookies[shortlist.COOKIE]
    assert cookie.value.split(":")[0] == "chef"
    assert cookie["samesite"] == "Lax"
    assert _row_counts() == rows_before
    # A forged cookie reads as an empty list, not an error.
    client.cookies[shortlist.COOKIE] = "chef:forged"
    assert client.get(URL).context["profiles"] == []


def test_removing_returns_to_the_page(client, seeded):
    _save(client, "chef")
    _save(client, "waiter")
    response = client.post(f"{URL}remove/", {"slug": "chef", "next": "/job-profiles/waiter/"})
    assert response.status_code == 303
    assert response["Location"] == "/job-profiles/waiter/"
    assert [p.slug for p in client.get(URL).context["profiles"]] == ["waiter"]


def test_a_next_off_the_site_is_ignored(client, seeded):
    response = _save(client, "chef", next_path="https://evil.example/")
    assert response["Location"] == URL


def test_at_most_30_and_a_clear_message_after(client, seeded):
    slugs = list(JobProfile.objects.values_list("slug", flat=True)[:31])
    for slug in slugs[:30]:
        assert _save(client, slug).status_code == 303
    response = _save(client, slugs[30])
    assert response.status_code == 400
    assert "Your saved careers list is full" in response.content.decode()
    assert len(client.get(URL).context["profiles"]) == 30


def test_thirty_saved_careers_cost_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    for slug in JobProfile.objects.values_list("slug", flat=True)[:30]:
        _save(client, slug)
    with django_assert_max_num_queries(4):
        assert len(client.get(URL).context["profiles"]) == 30


def test_other_sites_cannot_save_or_remove(client, seeded):
    assert _save(client, "chef", Sec_Fetch_Site="cross-site").status_code == 403
    assert _save(client, "chef", Origin="https://evil.example").status_code == 403
    assert shortlist.COOKIE not in client.cookies or not client.cookies[shortlist.COOKIE].value


def test_unknown_or_draft_careers_are_not_saved(client, seeded):
    JobProfile.objects.filter(slug="chef").update(status=JobProfile.Status.DRAFT)
    assert _save(client, "chef").status_code == 404
    assert _save(client, "no-such-career").status_code == 404


def test_the_share_link_opens_the_same_list_on_another_device(client, seeded, text_of):
    _save(client, "chef")
    _save(client, "waiter")
    share_url = client.get(URL).context["share_url"]
    assert share_url == "http://testserver/saved-careers/?p=chef&p=waiter"
    client.cookies.clear()
    shared = client.get(share_url)
    assert [p.slug for p in shared.context["profiles"]] == ["chef", "waiter"]
    assert "A shared list of careers" in text_of(shared)
    keep = client.post(f"{URL}keep/", {"p": ["chef", "waiter"]})
    assert keep.status_code == 303
    assert [p.slug for p in client.get(URL).context["profiles"]] == ["chef", "waiter"]


def test_pages_showing_the_list_are_private(client, seeded):
    _save(client, "chef")
    response = client.get(URL)
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_cached_profile_page_offers_save_to_everyone(client, seeded):
    first = client.get("/job-profiles/chef/")
    _save(client, "chef")
    again = client.get("/job-profiles/chef/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "Save this career" in again.content.decode()


def test_compare_these_sends_the_ticked_careers_to_compare(client, seeded):
    for slug in ("chef", "waiter", "barista"):
        _save(client, slug)
    html = client.get(URL).content.decode()
    assert 'action="/compare/"' in html
    assert 'name="p" type="checkbox" value="chef"' in html
