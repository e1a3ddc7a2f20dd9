"""The start page, the A to Z and the categories: ways to find a profile without its address."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Category, JobProfile

HOME = reverse("profiles:home")
A_TO_Z = reverse("profiles:a_to_z")
CATEGORIES = reverse("profiles:categories")


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _category(slug="gardening", name="Gardening"):
    return Category.objects.create(slug=slug, name=name, description=f"{name} jobs.")


def test_start_page_has_a_search_box_categories_with_counts_and_the_a_to_z(
    client, seed_content, text_of
):
    response = client.get(HOME)
    html, text = response.content.decode(), text_of(response)
    assert f'action="{reverse("search:results")}"' in html
    assert 'name="q"' in html
    assert "Healthcare Jobs caring for patients" in text
    healthcare = Category.objects.get(slug="healthcare").profiles.filter(status="published")
    assert (
        f"Healthcare Jobs caring for patients and supporting the people and services that treat them. {healthcare.count()} job profiles"
        in text
    )
    assert f'href="{reverse("profiles:category", kwargs={"slug": "healthcare"})}"' in html
    assert f'href="{A_TO_Z}"' in html


def test_start_page_counts_only_published_profiles_and_hides_empty_categories(
    client, make_profile, text_of
):
    gardening, empty = _category(), _category("empty", "Empty")
    make_profile(title="Gardener").categories.add(gardening)
    make_profile(title="Tree surgeon", status=JobProfile.Status.DRAFT).categories.add(
        gardening, empty
    )
    text = text_of(client.get(HOME))
    assert "Gardening Gardening jobs. 1 job profile " in text
    assert "Empty" not in text


def test_category_counts_follow_every_change_to_what_is_published(client, make_profile, text_of):
    gardening, forestry = _category(), _category("forestry", "Forestry")
    gardener, surgeon = make_profile(title="Gardener"), make_profile(title="Tree surgeon")
    gardener.categories.add(gardening)
    surgeon.categories.add(gardening, forestry)
    assert _counts() == {"Gardening": 2, "Forestry": 1}

    surgeon.status = JobProfile.Status.DRAFT
    surgeon.save()
    assert _counts() == {"Gardening": 1, "Forestry": 0}
    assert "Forestry" not in text_of(client.get(HOME))

    gardener.categories.set([forestry])  # moved from one category to another
    assert _counts() == {"Gardening": 0, "Forestry": 1}

    surgeon.status = JobProfile.Status.PUBLISHED
    surgeon.save()
    assert _counts() == {"Gardening": 1, "Forestry": 2}

    gardener.delete()
    assert _counts() == {"Gardening": 1, "Forestry": 1}
    assert "Forestry Forestry jobs. 1 job profile " in text_of(client.get(HOME))


def test_the_start_page_reads_its_counts_without_counting_profiles(client, make_profile):
    make_profile().categories.add(_category())
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    assert [q["sql"] for q in queries if "jobprofile" in q["sql"].lower()] == []


def _counts():
    return dict(Category.objects.with_profile_counts().values_list("name", "profile_count"))


def test_categories_are_listed_by_name_whatever_order_they_were_made_in(client, make_profile):
    # Meta.ordering does not reach a query that counts: the order must be asked for.
    for name in ["Transport", "Care", "Office", "Building"]:
        category = Category.objects.create(name=name, slug=name.lower())
        make_profile().categories.add(category)
    for url in [reverse("profiles:home"), reverse("profiles:categories")]:
        html = client.get(url).content.decode()
        positions = [
            html.index(f">{name}</a>") for name in ["Building", "Care", "Office", "Transport"]
        ]
        assert positions == sorted(positions), url


def test_start_page_query_count_is_pinned(client, make_profile):
    category = _category()
    make_profile().categories.add(category)
    assert _queries(client, HOME) == 1
    for n in range(5):
        make_profile().categories.add(_category(f"c{n}", f"C{n}"))
    assert _queries(client, HOME) == 1


def test_a_to_z_links_letters_that_have_profiles_and_starts_at_the_first(client, make_profile):
    make_profile(title="Baker")
    make_profile(title="Butcher")
    make_profile(title="Draper")
    response = client.get(A_TO_Z)
    html = response.content.decode()
    assert response.context["letter"] == "B"
    assert (
        '<a class="govuk-link app-letters__link app-letters__link--current" href="?letter=B" aria-current="page">B</a>'
        in html
    )
    assert 'href="?letter=D"' in html
    assert 'href="?letter=A"' not in html
    assert 'A<span class="govuk-visually-hidden"> (no job profiles)</span>' in html
    assert [p.title for p in response.context["page"]] == ["Baker", "Butcher"]


def test_a_to_z_filters_by_letter_in_either_case_and_leaves_out_drafts(
    client, make_profile, text_of
):
    make_profile(title="Draper")
    make_profile(title="dog groomer")
    make_profile(title="Diver", status=JobProfile.Status.DRAFT)
    make_profile(title="Electrician")
    response = client.get(A_TO_Z, {"letter": "d"})
    assert response.context["letter"] == "D"
    assert sorted(p.title for p in response.context["page"]) == ["Draper", "dog groomer"]
    assert "2 job profiles" in text_of(response)


def test_a_to_z_letter_without_profiles_says_so(client, make_profile, text_of):
    make_profile(title="Baker")
    assert "There are no job profiles starting with Q yet." in text_of(
        client.get(A_TO_Z, {"letter": "Q"})
    )


@pytest.mark.parametrize("letter", ["", "AB", "1", "<", "é", "%00"])
def test_a_to_z_odd_letters_fall_back_to_the_first_letter(client, make_profile, letter):
    make_profile(title="Baker")
    response = client.get(A_TO_Z, {"letter": letter})
    assert response.context["letter"] == "B"


def test_a_to_z_pages_fifty_at_a_time_and_keeps_the_letter(client, make_profile, text_of):
    for n in range(120):
        make_profile(title=f"Surveyor {n:03}")
    response = client.get(A_TO_Z, {"letter": "S", "page": "2"})
    assert [p.title for p in response.context["page"]][0] == "Surveyor 050"
    assert len(response.context["page"].object_list) == 50
    assert "120 job profiles, page 2 of 3" in text_of(response)
    assert 'href="?letter=S&amp;page=3"' in response.content.decode()


def test_a_to_z_query_count_is_pinned_and_does_not_grow_with_profiles(client, make_profile):
    make_profile(title="Surveyor").alternative_titles.create(title="Land surveyor")
    # Initials, count, the page's profiles, their alternative titles.
    assert _queries(client, A_TO_Z, {"letter": "S"}) == 4
    for n in range(80):
        make_profile(title=f"Surveyor {n}").alternative_titles.create(title=f"Other {n}")
    assert _queries(client, A_TO_Z, {"letter": "S"}) == 4


def test_categories_list_every_category_with_its_published_count(client, make_profile, text_of):
    gardening = _category()
    _category("empty", "Empty")
    make_profile(title="Gardener").categories.add(gardening)
    make_profile(title="Tree surgeon", status=JobProfile.Status.DRAFT).categories.add(gardening)
    text = text_of(client.get(CATEGORIES))
    assert "Empty Empty jobs. 0 job profiles" in text
    assert "Gardening Gardening jobs. 1 job profile" in text


def test_categories_query_count_is_pinned(client, make_profile):
    _category()
    assert _queries(client, CATEGORIES) == 1
    for n in range(5):
        make_profile().categories.add(_category(f"c{n}", f"C{n}"))
    assert _queries(client, CATEGORIES) == 1


def test_category_page_lists_its_published_profiles_with_summaries(client, make_profile, text_of):
    gardening = _category()
    make_profile(title="Gardener", summary="Gardeners look after gardens.").categories.add(
        gardening
    )
    make_profile(title="Tree surgeon", status=JobProfile.Status.DRAFT).categories.add(gardening)
    make_profile(title="Baker")
    response = client.get(gardening.get_absolute_url())
    text = text_of(response)
    assert "Gardening" in text
    assert "Gardener Gardeners look after gardens. Salary: £20,000 to £30,000 a year" in text
    assert "Tree surgeon" not in text
    assert "Baker" not in text
    assert f'href="{CATEGORIES}"' in response.content.decode()


def test_unknown_category_is_404(client, db):
    assert client.get(reverse("profiles:category", kwargs={"slug": "no-such"})).status_code == 404


def test_category_page_query_count_is_pinned_and_does_not_grow(client, make_profile):
    gardening = _category()
    make_profile().categories.add(gardening)
    # The category with its count, the page's profiles, their alternative titles.
    assert _queries(client, gardening.get_absolute_url()) == 3
    for n in range(60):
        profile = make_profile()
        profile.categories.add(gardening)
        profile.alternative_titles.create(title=f"Other {n}")
    assert _queries(client, gardening.get_absolute_url()) == 3


def test_every_published_seed_profile_links_to_at_least_two_published_others(seed_content):
    published = JobProfile.objects.published().for_profile_page()
    assert published.count() >= 30
    for profile in published:
        related = profile.published_related_careers
        assert len(related) >= 2, profile.slug
        assert profile not in related


def test_seed_content_fills_every_section_in_at_least_eight_categories(seed_content):
    published = JobProfile.objects.published()
    assert Category.objects.filter(profiles__in=published).distinct().count() >= 8
    for profile in published.prefetch_related("skills", "tasks", "alternative_titles"):
        for field in (
            "summary",
            "entry_requirements",
            "working_pattern",
            "working_environment",
            "career_path",
        ):
            assert getattr(profile, field).strip(), (profile.slug, field)
        assert profile.skills.count() >= 3, profile.slug
        assert profile.tasks.count() >= 5, profile.slug
        assert 12_000 <= profile.salary_starter_min <= profile.salary_experienced_max <= 100_000
        assert 8 <= profile.hours_min <= profile.hours_max <= 60


def test_a_category_address_in_capitals_redirects_to_the_category(client, seed_content):
    response = client.get("/job-categories/HEALTHCARE/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/job-categories/healthcare/?page=2"
    assert client.get("/job-categories/NO-SUCH-THING/").status_code == 404
