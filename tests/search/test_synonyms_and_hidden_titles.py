"""Editors' synonyms and hidden search titles: words visitors use that no profile says."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from profiles.models import JobProfile
from search import engine
from search.models import SynonymSet


def slugs(query):
    return [profile.slug for profile in engine.search(query).results[0:10]]


def test_a_synonym_set_finds_what_its_other_terms_would(seed, django_capture_on_commit_callbacks):
    assert "roofer" not in slugs("steeplejack")
    with django_capture_on_commit_callbacks(execute=True):
        SynonymSet.objects.create(terms="steeplejack, roofer")
    assert slugs("steeplejack")[0] == "roofer"
    # A term beside other words, in either direction.
    assert slugs("roofer steeplejack")[0] == "roofer"


def test_a_term_of_several_words_is_matched_as_a_phrase(seed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SynonymSet.objects.create(terms="doctor's front desk, GP receptionist")
    assert slugs("doctors front desk")[0] == "gp-receptionist"


def test_the_seed_synonyms_cover_abbreviations_no_profile_spells_out(seed):
    assert slugs("TA")[:2] and set(slugs("TA")[:2]) <= {
        "teaching-assistant",
        "send-teaching-assistant",
    }
    assert slugs("KP")[0] == "kitchen-porter"


def test_a_synonym_change_expires_cached_search_pages(
    client, seed, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("search:results") + "?q=steeplejack"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        SynonymSet.objects.create(terms="steeplejack, roofer")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Roofer" in response.content.decode()


@pytest.mark.parametrize(
    "terms, message",
    [
        ("roofer", "at least two different words"),
        ("roofer, Roofer", "at least two different words"),
        ("the, of the", "at least two different words"),
        ("roofer, a b c d e f g", "6 words or fewer"),
    ],
)
def test_a_synonym_set_that_says_nothing_is_refused(db, terms, message):
    with pytest.raises(ValidationError) as refused:
        SynonymSet(terms=terms).full_clean()
    assert message in str(refused.value)


def test_a_hidden_title_finds_the_profile_and_is_never_shown(client, seed):
    electrician = JobProfile.objects.get(slug="electrician")
    assert "sparky" in electrician.search_titles.values_list("title", flat=True)
    assert slugs("sparky")[0] == "electrician"
    page = client.get(electrician.get_absolute_url()).content.decode()
    assert "sparky" not in page.lower()

    suggestions = client.get(reverse("search:suggestions"), {"q": "spark"}).json()["suggestions"]
    assert suggestions[0]["title"] == "Electrician" and suggestions[0]["matched"] == ""


def test_editors_add_a_hidden_title_and_search_follows_at_once(
    seed, django_capture_on_commit_callbacks
):
    assert "plumber" not in slugs("spanner monkey")
    with django_capture_on_commit_callbacks(execute=True):
        JobProfile.objects.get(slug="plumber").search_titles.create(title="Spanner monkey")
    assert slugs("spanner monkey")[0] == "plumber"


def test_a_word_typed_part_way_finds_the_words_it_begins(seed):
    assert set(slugs("pharm")[:2]) & {"pharmacist", "pharmacy-assistant"}
    assert slugs("phleb")[0] == "phlebotomist"
