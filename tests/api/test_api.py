import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.views import PAGE_SIZE
from profiles import interchange
from profiles.models import AlternativeTitle, JobProfile, RelatedCareer

LIST = reverse("api:profiles")
SEARCH = reverse("api:search")


def detail_url(slug):
    return reverse("api:profile", kwargs={"slug": slug})


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    assert response["Access-Control-Allow-Origin"] == "*"
    return body["error"]["message"]


def test_list_gives_published_profiles_a_to_z_with_their_addresses(
    client, seed_content, make_profile
):
    make_profile(title="A draft", status=JobProfile.Status.DRAFT)
    body = client.get(LIST, {"page": 1}).json()
    published = JobProfile.objects.published()
    assert body["count"] == published.count()
    titles = [r["title"] for r in body["results"]]
    assert titles == sorted(published.values_list("title", flat=True))[:PAGE_SIZE]
    assert "A draft" not in titles
    clerk = next(r for r in body["results"] if r["slug"] == "health-records-clerk")
    assert clerk == {
        "slug": "health-records-clerk",
        "title": "Health records clerk",
        "url": "http://testserver/job-profiles/health-records-clerk/",
        "api_url": "http://testserver/api/job-profiles/health-records-clerk/",
        "content_updated": "2018-09-11",
    }
    assert (body["page"], body["previous"]) == (1, None)


def test_list_comes_in_pages_linked_to_each_other(client, make_profile):
    for n in range(PAGE_SIZE + 10):
        make_profile(title=f"Job {n:03d}")
    first = client.get(LIST).json()
    assert (first["count"], first["pages"], len(first["results"])) == (PAGE_SIZE + 10, 2, PAGE_SIZE)
    assert first["next"] == "http://testserver/api/job-profiles/?page=2"
    second = client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]][0] == f"Job {PAGE_SIZE:03d}"
    assert len(second["results"]) == 10
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/job-profiles/?page=1"


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "", "١"])
def test_a_page_that_is_not_a_whole_number_from_one_is_400(client, db, page):
    message = assert_json_error(client.get(LIST, {"page": page}), 400)
    assert "page" in message


def test_a_page_past_the_last_is_404(client, make_profile):
    make_profile()
    assert "last page is 1" in assert_json_error(client.get(LIST, {"page": 2}), 404)


def test_detail_is_the_whole_profile_in_the_export_format(client, seed_content):
    response = client.get(detail_url("health-records-clerk"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body.pop("url") == "http://testserver/job-profiles/health-records-clerk/"
    assert body.pop("api_url") == "http://testserver/api/job-profiles/health-records-clerk/"
    exported = interchange.export_catalogue()["profiles"]
    assert body == next(p for p in exported if p["slug"] == "health-records-clerk")
    assert body["salary"] == {
        "starter_min": 15000,
        "starter_max": 18000,
        "experienced_max": 28250,
        "experienced_note": "assistant manager",
        "note": "These figures are a guide.",
        # Where the seed's 2018 figures came from is not recorded, so nothing is claimed.
        "source": None,
        "period": None,
        "area": "",
    }
    assert body["content_updated"] == "2018-09-11"
    assert body["related_careers"] == ["medical-secretary", "health-records-manager"]


def test_detail_leaves_out_related_careers_that_are_drafts(client, seed_content, make_profile):
    draft = make_profile(status=JobProfile.Status.DRAFT)
    RelatedCareer.objects.create(
        from_profile=seed_content["health-records-clerk"], to_profile=draft, position=9
    )
    body = client.get(detail_url("health-records-clerk")).json()
    assert draft.slug not in body["related_careers"]
    assert body["related_careers"] == ["medical-secretary", "health-records-manager"]


def test_an_unknown_slug_is_a_json_404(client, seed_content):
    assert_json_error(client.get(detail_url("no-such-job")), 404)


def test_a_draft_is_a_json_404(client, make_profile):
    draft = make_profile(status=JobProfile.Status.DRAFT)
    assert_json_error(client.get(detail_url(draft.slug)), 404)


def test_any_other_api_address_is_a_json_404(client, db):
    assert_json_error(client.get("/api/"), 404)
    assert_json_error(client.get("/api/nothing/here/"), 404)
    assert_json_error(client.get("/api/job-profiles/a/b/"), 404)
    assert_json_error(client.get("/api/job-profiles/3%C2%A9J%0AF/"), 404)


def test_an_address_without_its_final_slash_is_redirected(client, db):
    response = client.get("/api/job-profiles")
    assert response.status_code == 301
    assert response["Location"] == LIST


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused_with_405_and_the_allowed_methods(client, seed_content, method):
    response = getattr(client, method)(detail_url("health-records-clerk"))
    assert "read-only" in assert_json_error(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert JobProfile.objects.filter(slug="health-records-clerk").exists()


def test_an_unchanged_answer_is_304_with_its_etag(client, seed_content):
    first = client.get(detail_url("health-records-clerk"))
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(detail_url("health-records-clerk"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_etag_changes_with_the_content(client, seed_content):
    etag = client.get(detail_url("health-records-clerk"))["ETag"]
    AlternativeTitle.objects.create(profile=seed_content["health-records-clerk"], title="Filer")
    response = client.get(detail_url("health-records-clerk"), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Filer" in response.json()["alternative_titles"]


def test_answers_may_be_cached_publicly_for_a_while(client, seed_content, settings):
    settings.API_CACHE_SECONDS = 120
    cache_control = client.get(LIST)["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=120" in cache_control


def test_errors_are_not_cached(client, db):
    assert "no-store" in client.get(detail_url("no-such-job"))["Cache-Control"]


def test_any_site_may_read_the_api_from_a_browser(client, seed_content):
    response = client.get(LIST, headers={"Origin": "https://school.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        LIST,
        headers={
            "Origin": "https://school.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_a_client_over_its_limit_gets_429_json_until_the_window_ends(client, db, settings):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW = 60
    remaining = [client.get(LIST)["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    response = client.get(LIST)
    assert "Too many requests" in assert_json_error(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["X-RateLimit-Limit"] == "3"


def test_the_limit_counts_each_client_on_its_own(client, db, settings):
    settings.API_RATE_LIMIT = 2
    for _ in range(2):
        client.get(LIST, REMOTE_ADDR="192.0.2.1")
    assert client.get(LIST, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(LIST, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_search_finds_published_profiles_as_the_site_search_does(
    client, seed_content, make_profile
):
    make_profile(title="Records draft", status=JobProfile.Status.DRAFT)
    by_title = client.get(SEARCH, {"q": "records"}).json()
    assert by_title["query"] == "records"
    found = {r["slug"] for r in by_title["results"]}
    assert {"health-records-clerk", "health-records-manager"} <= found
    assert not any(r["title"] == "Records draft" for r in by_title["results"])
    by_alternative = client.get(SEARCH, {"q": "Medical records clerk"}).json()
    assert by_alternative["results"][0]["slug"] == "health-records-clerk"
    nothing = client.get(SEARCH, {"q": "zzzz"}).json()
    assert (nothing["count"], nothing["results"], nothing["pages"]) == (0, [], 1)


def test_search_suggests_a_spelling_as_the_site_does(client, seed_content):
    body = client.get(SEARCH, {"q": "recrods clerk"}).json()
    assert body["did_you_mean"] == "records clerk"
    assert client.get(SEARCH, {"q": "records"}).json()["did_you_mean"] is None


@pytest.mark.parametrize("query", [None, "", "x" * 201, " " + "x" * 200])
def test_search_without_q_or_with_too_long_a_q_is_400(client, db, query):
    params = {} if query is None else {"q": query}
    assert "q " in assert_json_error(client.get(SEARCH, params), 400)


@pytest.mark.parametrize("query", ["   ", "\x1f", "?!", "\ufeff"])
def test_search_for_no_words_finds_nothing(client, seed_content, query):
    body = client.get(SEARCH, {"q": query}).json()
    assert (body["count"], body["results"]) == (0, [])


def test_the_openapi_document_describes_the_profile_format(client, db):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["openapi"].startswith("3.")
    profile = document["components"]["schemas"]["Profile"]
    keys = {"url", "api_url", *interchange.LAYOUT}
    assert set(profile["required"]) == keys
    assert set(profile["properties"]) == keys


def test_the_list_takes_one_query_however_many_profiles(
    client, make_profile, django_assert_num_queries
):
    for _ in range(30):
        make_profile()
    client.get(LIST)  # reads the facts the filters use (choosing/facts.py), once a change
    with django_assert_num_queries(1):  # the page; the count and order come from the facts
        assert client.get(LIST).status_code == 200


def test_the_detail_takes_one_query_per_kind_of_row(
    client, seed_content, django_assert_num_queries
):
    # The profile, then its alternative titles, entry routes, skills, tasks, opportunities,
    # categories and related careers.
    with django_assert_num_queries(1 + len(interchange.ROW_LISTS) + 2):
        response = client.get(detail_url("health-records-clerk"))
    assert response.status_code == 200


def test_search_costs_the_site_search_and_one_query_more(client, seed_content):
    # The search app's own queries (their number depends on the database's engine), then the
    # summaries' dates for the page. Fewer results than either page holds, so both read one
    # window of them. The first search after the content loaded reads the synonym sets, which
    # the rest share: it is made first.
    client.get(reverse("search:results"), {"q": "warm"})
    with CaptureQueriesContext(connection) as site:
        client.get(reverse("search:results"), {"q": "records clerk"})
    with CaptureQueriesContext(connection) as api:
        assert client.get(SEARCH, {"q": "records clerk"}).json()["count"] >= 2
    site_search = [q["sql"] for q in site if "search_" in q["sql"]]
    assert [q["sql"] for q in api if "search_" in q["sql"]] == site_search
    assert len(api) == len(site_search) + 3  # the page's profiles, their titles, the dates


def test_bodies_are_compact_utf8_json(client, make_profile):
    make_profile(title="Café manager", slug="cafe-manager")
    response = client.get(detail_url("cafe-manager"))
    assert "Café manager".encode() in response.content
    assert json.loads(response.content)["title"] == "Café manager"


def test_a_compressed_answer_s_etag_also_gives_304(client, seed_content):
    gzip = {"Accept-Encoding": "gzip"}
    first = client.get(detail_url("health-records-clerk"), headers=gzip)
    assert first["Content-Encoding"] == "gzip"
    etag = first["ETag"]
    assert etag.startswith('W/"')  # compression makes it weak
    again = client.get(detail_url("health-records-clerk"), headers={**gzip, "If-None-Match": etag})
    assert again.status_code == 304


def test_a_failure_on_our_side_is_a_json_500_and_logged(client, seed_content, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(interchange, "profile_to_dict", broken)
    response = client.get(detail_url("health-records-clerk"))
    assert "went wrong on our side" in assert_json_error(response, 500)
    assert "the disk is on fire" not in response.content.decode()
    assert "the disk is on fire" in caplog.text


def test_an_unknown_slug_names_it(client, db):
    assert "'no-such-job'" in assert_json_error(client.get(detail_url("no-such-job")), 404)
