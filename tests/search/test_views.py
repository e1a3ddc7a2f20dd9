import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import JobProfile

SEARCH = reverse("search:results")
SUGGESTIONS = reverse("search:suggestions")


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a" * 5000,
        "nurse " * 400,
        "<script>alert('x')</script>",
        "<b>bold</b> nurse",
        "' OR 1=1 --",
        "'; DROP TABLE profiles_jobprofile; --",
        'NEAR(nurse clerk) OR "unclosed',
        "title:nurse AND body:*",
        "nurse*",
        "^nurse -clerk +chef",
        "💼🩺",
        "nurse 🩺",
        "\x00\x01nurse",
        "%_%",
        "\\",
        "Ça va? résumé",
        "ΑΒΓ 漢字",
    ],
)
def test_odd_queries_answer_200_calmly(client, seed, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert client.get(SUGGESTIONS, {"q": query}).status_code == 200


def test_a_query_over_200_characters_is_cut_and_says_so(client, seed, text_of):
    response = client.get(SEARCH, {"q": "electrician " + "x" * 300})
    text = text_of(response)
    assert "we used its first 200 characters" in text
    assert "Electrician" in text


def test_no_results_says_so_and_suggests_browsing(client, seed, text_of):
    response = client.get(SEARCH, {"q": "xylophonist"})
    assert "We found no job profiles matching ‘xylophonist’" in text_of(response)
    html = response.content.decode()
    assert f'href="{reverse("profiles:a_to_z")}"' in html
    assert f'href="{reverse("profiles:categories")}"' in html


def test_empty_search_shows_the_box_and_ways_to_browse(client, seed, text_of):
    text = text_of(client.get(SEARCH))
    assert "Search job profiles" in text
    assert "browse job profiles from A to Z" in text
    assert "results" not in text


def test_each_result_shows_title_alternative_titles_summary_and_salary(client, seed, text_of):
    text = text_of(client.get(SEARCH, {"q": "health records clerk"}))
    assert (
        "Health records clerk Also called: Medical records clerk "
        "Health records clerks keep people's medical records up to date. "
        "Salary: £15,000 to £28,250 a year"
    ) in text
    assert "results for ‘health records clerk’" in text


def test_results_come_ten_a_page_with_a_count_and_pages(client, make_profile, text_of):
    for n in range(23):
        make_profile(title=f"Lighthouse keeper {n:02}", summary="Keeps a lighthouse lit.")
    first = client.get(SEARCH, {"q": "lighthouse"})
    assert first.context["page"].object_list.__len__() == 10
    assert "23 results for ‘lighthouse’, page 1 of 3" in text_of(first)
    assert 'href="?q=lighthouse&amp;page=2"' in first.content.decode()
    last = client.get(SEARCH, {"q": "lighthouse", "page": "3"})
    assert len(last.context["page"].object_list) == 3
    assert 'href="?q=lighthouse" rel="prev"' not in last.content.decode()
    second = client.get(SEARCH, {"q": "lighthouse", "page": "2"})
    pages = [first, second, last]
    assert len({profile.pk for r in pages for profile in r.context["page"].object_list}) == 23
    # A page past the end, or not a number, still answers.
    assert client.get(SEARCH, {"q": "lighthouse", "page": "99"}).context["page"].number == 3
    assert client.get(SEARCH, {"q": "lighthouse", "page": "x"}).context["page"].number == 1


def canonical_of(response):
    links = re.findall(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    assert len(links) == 1, links
    return html.unescape(links[0])


def test_results_name_their_address_without_other_parameters_or_spacing(client, make_profile):
    for n in range(13):
        make_profile(title=f"Lighthouse keeper {n:02}")
    params = {"q": "  lighthouse   keeper ", "utm_source": "newsletter", "fbclid": "x"}
    first = client.get(SEARCH, params)
    assert canonical_of(first) == "http://testserver/search/?q=lighthouse+keeper"
    assert canonical_of(client.get(SEARCH, params | {"page": "1"})) == canonical_of(first)
    second = client.get(SEARCH, params | {"page": "2"})
    assert canonical_of(second) == "http://testserver/search/?q=lighthouse+keeper&page=2"
    # A page past the end shows the last page, so it names that page.
    assert canonical_of(client.get(SEARCH, params | {"page": "99"})) == canonical_of(second)


def test_an_empty_search_names_the_search_page_as_its_address(client, db):
    assert canonical_of(client.get(SEARCH, {"q": " ", "ref": "x"})) == "http://testserver/search/"


def test_search_pages_may_be_indexed(client, seed):
    for params in ({}, {"q": "nurse"}, {"q": "xylophonist"}, {"q": "helth"}):
        response = client.get(SEARCH, params)
        assert "X-Robots-Tag" not in response
        assert 'name="robots"' not in response.content.decode()


def test_one_result_is_singular(client, make_profile, text_of):
    make_profile(title="Lamplighter")
    assert "1 result for ‘lamplighter’" in text_of(client.get(SEARCH, {"q": "lamplighter"}))


# Vocabulary lookup, exact names, count, ranked ids, profiles, alternative titles; PostgreSQL
# counts and ranks in one pass over the matches, SQLite's count is cheaper alone.
SEARCH_QUERIES = 5 if connection.vendor == "postgresql" else 6


def _after_a_change(client):
    """The first search after content changes reads the synonym sets (search/synonyms.py),
    once for every search until the next change: one search to read them."""
    client.get(SEARCH, {"q": "warm"})


def test_search_query_count_is_pinned_and_does_not_grow_with_results(client, make_profile):
    for n in range(3):
        profile = make_profile(title=f"Ferry pilot {n}")
        profile.alternative_titles.create(title=f"Boat captain {n}")
    _after_a_change(client)
    assert _queries(client, SEARCH, {"q": "ferry"}) == SEARCH_QUERIES
    for n in range(30):
        make_profile(title=f"Ferry hand {n}").alternative_titles.create(title=f"Deckhand {n}")
    assert _queries(client, SEARCH, {"q": "ferry"}) == SEARCH_QUERIES + 1  # the synonyms
    assert _queries(client, SEARCH, {"q": "ferry", "page": "3"}) == SEARCH_QUERIES


def test_a_misspelt_search_adds_three_queries_per_unknown_word(client, make_profile):
    make_profile(title="Ferry pilot")
    _after_a_change(client)
    # Then, for "fery": does any profile hold it, which words it begins, which look like it.
    assert _queries(client, SEARCH, {"q": "fery"}) == SEARCH_QUERIES + 3


def test_empty_search_makes_no_queries(client, db):
    assert _queries(client, SEARCH, {"q": "   "}) == 0


def test_suggestions_start_at_two_characters_and_stop_at_five(client, seed):
    assert client.get(SUGGESTIONS, {"q": "c"}).json() == {"suggestions": []}
    suggestions = client.get(SUGGESTIONS, {"q": "ca"}).json()["suggestions"]
    assert 1 <= len(suggestions) <= 5
    many = client.get(SUGGESTIONS, {"q": "as"}).json()["suggestions"]
    assert len(many) == 5


def test_suggestions_put_names_that_start_with_the_words_first(client, seed):
    suggestions = client.get(SUGGESTIONS, {"q": "care w"}).json()["suggestions"]
    assert suggestions[0] == {
        "title": "Care worker",
        "matched": "",
        "url": reverse("profiles:detail", kwargs={"slug": "care-worker"}),
    }


def test_suggestions_say_which_alternative_title_matched(client, seed):
    suggestions = client.get(SUGGESTIONS, {"q": "lorry"}).json()["suggestions"]
    assert suggestions == [
        {"title": "HGV driver", "matched": "Lorry driver", "url": "/job-profiles/hgv-driver/"}
    ]


def test_suggestions_are_json_and_their_query_count_is_pinned(client, make_profile):
    for n in range(8):
        make_profile(title=f"Tram driver {n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SUGGESTIONS, {"q": "tra"})
    assert response["Content-Type"] == "application/json"
    assert len(json.loads(response.content)["suggestions"]) == 5
    # Matching names, then those profiles' titles and addresses.
    assert len(queries) == 2


def test_search_pages_refuse_writes(client, db):
    assert client.post(SEARCH, {"q": "nurse"}).status_code == 405
    assert client.post(SUGGESTIONS, {"q": "nurse"}).status_code == 405
    assert client.head(SEARCH).status_code == 200


def test_a_profile_published_through_the_site_is_found_at_once(client, make_profile):
    profile = make_profile(title="Cartographer", status=JobProfile.Status.DRAFT)
    assert client.get(SEARCH, {"q": "cartographer"}).context["page"].paginator.count == 0
    profile.status = JobProfile.Status.PUBLISHED
    profile.save()
    assert client.get(SEARCH, {"q": "cartographer"}).context["page"].paginator.count == 1
