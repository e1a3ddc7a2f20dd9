"""Every public page costs a fixed number of queries, however many profiles the site holds.

Each page is asked for on a small catalogue and on one ten times larger, full of realistic
synthetic profiles (every row filled), and must cost the same. Pins made elsewhere are not
repeated: the API's (tests/api), the feedback form's (tests/feedback), the admin's
(tests/admin) and a renamed profile's redirect (tests/admin/test_slug_redirects.py).
"""

import pytest
from django.db import connection
from django.urls import reverse

from profiles import interchange, layout, synthetic
from profiles.models import Category, JobProfile

SIZES = [4, 40]


@pytest.fixture(params=SIZES, ids=[f"{n} profiles" for n in SIZES])
def catalogue(request, db, django_capture_on_commit_callbacks):
    """Synthetic profiles written (and indexed for search) as generate_profiles writes them."""
    document = synthetic.catalogue(request.param, seed=9)
    with django_capture_on_commit_callbacks(execute=True):
        interchange.write(interchange.parse_document(document))
    return document


@pytest.fixture
def profile(catalogue):
    """A published profile with related careers, as most have, and a source for its figures
    (joined to the profile's own query, so it costs none of its own)."""
    return (
        JobProfile.objects.published()
        .filter(
            related_to__to_profile__status=JobProfile.Status.PUBLISHED,
            salary_source__isnull=False,
            hours_source__isnull=False,
        )
        .first()
    )


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


def test_profile_page_costs_eight_queries_cold_and_none_warm(
    client, profile, django_assert_num_queries
):
    url = profile.get_absolute_url()
    # The profile, then its alternative titles, skills, tasks, working times, workplaces,
    # published related careers and its public page history.
    with django_assert_num_queries(8):
        cold = get(client, url)
    with django_assert_num_queries(0):
        warm = get(client, url)
    assert warm["X-Page-Cache"] == "hit"
    assert warm.content == cold.content


def test_profile_page_with_the_page_cache_off_costs_eight_queries_every_time(
    client, profile, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        with django_assert_num_queries(8):
            response = get(client, profile.get_absolute_url())
        assert response["X-Page-Cache"] == "off"


def test_improved_profile_page_adds_two_queries(client, profile, django_assert_num_queries):
    client.cookies[layout.COOKIE] = layout.IMPROVED
    # The original's eight, then entry routes and current opportunities.
    with django_assert_num_queries(10):
        get(client, profile.get_absolute_url())


def test_a_missing_profile_costs_two_queries(client, catalogue, django_assert_num_queries):
    # The profile, then the renamed profiles' old addresses.
    with django_assert_num_queries(2):
        response = client.get(reverse("profiles:detail", args=["no-such-job"]))
    assert response.status_code == 404


def test_start_page_costs_one_query(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):  # the categories with their profile counts
        get(client, reverse("profiles:home"))


def test_a_to_z_costs_four_queries_on_any_letter_and_page(
    client, catalogue, django_assert_num_queries
):
    url = reverse("profiles:a_to_z")
    letter = words_of_a_title(catalogue)[0][0]
    for query in ("", f"?letter={letter}", f"?letter={letter.upper()}&page=2"):
        # Initials, the letter's count, its page of profiles, their alternative titles.
        with django_assert_num_queries(4):
            get(client, url + query)


def test_a_to_z_letter_without_profiles_costs_two_queries(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(2):  # initials, the letter's count: nothing more to ask
        get(client, reverse("profiles:a_to_z") + "?letter=Q")


def test_category_list_costs_one_query(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        get(client, reverse("profiles:categories"))


def test_category_page_costs_three_queries(client, catalogue, django_assert_num_queries):
    category = Category.objects.with_profile_counts().filter(profile_count__gt=0).first()
    # The category (its count of profiles kept with it), its page of profiles, their
    # alternative titles.
    with django_assert_num_queries(3):
        get(client, category.get_absolute_url())


def search(client, query):
    return get(client, reverse("search:results"), query_params={"q": query})


@pytest.fixture
def synonyms_read(client, catalogue):
    """The synonym sets are read once a content version (search/synonyms.py), by whichever
    search comes first after a change: that one search costs a query more."""
    search(client, "warm")


def words_of_a_title(catalogue):
    published = [p for p in catalogue["profiles"] if p["status"] == "published"]
    return published[0]["title"].lower().split()


# PostgreSQL counts and ranks a page in one query; SQLite's FTS5 needs a separate count.
SEARCH_QUERIES = 5 if connection.vendor == "postgresql" else 6


def test_search_for_one_word_costs_a_fixed_number_of_queries(
    client, catalogue, synonyms_read, django_assert_num_queries
):
    word = words_of_a_title(catalogue)[-1]
    # Known word?, exact names, the count, the ranked page, its profiles, their other titles.
    with django_assert_num_queries(SEARCH_QUERIES):
        response = search(client, word)
    assert response.context["page"].paginator.count


def test_search_for_a_whole_title_costs_seven_queries(
    client, catalogue, synonyms_read, django_assert_num_queries
):
    title = " ".join(words_of_a_title(catalogue))
    # The exact names come first and the ranked page leaves them out, which costs PostgreSQL
    # the separate count it otherwise saves; names holding every word are one query more.
    with django_assert_num_queries(7):
        response = search(client, title)
    assert response.context["page"].paginator.count


def test_search_for_a_misspelt_word_costs_three_more_queries(
    client, catalogue, synonyms_read, django_assert_num_queries
):
    word = max(words_of_a_title(catalogue), key=len)
    typo = word[:2] + word[3:]
    # As for one word, and whether the typo is used anywhere, whether it begins a word, then
    # similar vocabulary words.
    with django_assert_num_queries(SEARCH_QUERIES + 3):
        response = search(client, typo)
    assert response.context["search"].did_you_mean


def test_search_with_no_words_costs_no_query(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(0):
        search(client, " ? ")


def test_suggestions_cost_two_queries(client, catalogue, django_assert_num_queries):
    prefix = words_of_a_title(catalogue)[0][:3]
    with django_assert_num_queries(2):  # names starting so, then their profiles
        response = get(client, reverse("search:suggestions"), query_params={"q": prefix})
    assert response.json()["suggestions"]


def test_sitemap_costs_five_queries(client, catalogue, django_assert_num_queries):
    # The latest change, then a count and a page each of profiles and of categories.
    with django_assert_num_queries(5):
        get(client, reverse("sitemap"))


def test_robots_txt_and_healthz_cost_at_most_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        get(client, reverse("robots"))
    with django_assert_num_queries(1):  # SELECT 1
        get(client, reverse("healthz"))
