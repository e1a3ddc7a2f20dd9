"""Explore careers: filters whose results and counts agree with the profiles' own facts."""

import re

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from choosing import facts, filters
from profiles.models import JobProfile, WorkingTime
from tests.choosing import oracle

URL = "/explore-careers/"
COUNT = re.compile(r'id="([a-z-]+)-(\d+)-count">\((\d+)\)')


@pytest.fixture(autouse=True)
def _rendered_each_time(settings):
    """Pages rendered for every request, so each response has the context it was made from."""
    settings.PAGE_CACHE_SECONDS = 0


def _get(client, chosen, **extra):
    """The page for a selection, following the one redirect to its canonical address."""
    params = [(group, value) for group, values in chosen.items() for value in values]
    response = client.get(f"{URL}?{urlencode([*params, *extra.items()])}", follow=True)
    assert response.status_code == 200
    return response


def _counts(response):
    """{(group, value): count} as the page prints them."""
    options = {group.name: group.options for group in facts.current().groups}
    found = {}
    for group, number, count in COUNT.findall(response.content.decode()):
        found[(group, options[group][int(number) - 1].value)] = int(count)
    return found


def _shown_slugs(response):
    return [profile.slug for profile in response.context["page"].object_list]


SELECTIONS = [
    {},
    {"level": ("none", "gcse", "advanced", "higher"), "leave-out": ("weekends",)},
    {"apprenticeship": ("apprenticeship",), "salary": ("25000",)},
    {"hours": ("part-time",), "leave-out": ("nights", "on_call"), "place": ("office",)},
    {
        "times": ("evenings", "weekends"),
        "category": ("hospitality-and-catering", "retail-and-customer-service"),
    },
    {
        "level": ("degree",),
        "salary": ("30000",),
        "hours": ("up-to-37",),
        "place": ("hospital", "school"),
        "category": ("education-and-childcare", "healthcare"),
    },
]


@pytest.mark.parametrize("chosen", SELECTIONS, ids=lambda c: "&".join(c) or "nothing")
def test_results_and_every_options_count_agree_with_the_profiles(client, seeded, chosen):
    catalogue = oracle.all_facts()
    response = _get(client, chosen)
    expected = oracle.matching(catalogue, chosen)
    assert response.context["total"] == len(expected)
    assert _shown_slugs(response) == [f.slug for f in expected[: filters.PAGE_SIZE]]
    counts = _counts(response)
    assert len(counts) == sum(len(group.options) for group in facts.current().groups)
    for (group, value), count in counts.items():
        assert count == oracle.expected_count(catalogue, chosen, group, value), (group, value)


def test_the_seed_catalogue_gives_every_filter_something_to_find(seeded, client):
    counts = _counts(_get(client, {}))
    # Postgraduate starts and some places are rare; every other option finds careers.
    empty = {option for option, count in counts.items() if count == 0}
    assert empty <= {("level", "postgraduate")}, empty


def test_no_degree_and_no_weekends_finds_what_a_career_changer_asks_for(client, seeded, text_of):
    chosen = {"level": ("none", "gcse", "advanced", "higher"), "leave-out": ("weekends",)}
    text = text_of(_get(client, chosen))
    assert "Your filters" in text
    assert "Remove filter: Leave out: Weekends" in text
    for profile in JobProfile.objects.filter(slug__in=_shown_slugs(_get(client, chosen))):
        assert profile.qualification_level != "degree"
        assert not profile.working_times.filter(kind=WorkingTime.Kind.WEEKENDS).exists()


def test_sorting_by_starting_salary_puts_the_best_paid_starts_first(client, seeded):
    response = _get(client, {}, sort="salary")
    salaries = [p.salary_starter_max for p in response.context["page"].object_list]
    assert salaries == sorted(salaries, reverse=True)
    assert salaries[0] == max(JobProfile.objects.values_list("salary_starter_max", flat=True))


def test_results_come_20_a_page_with_pagination(client, seeded):
    first = _get(client, {})
    assert len(first.context["page"].object_list) == 20
    second = _get(client, {}, page="2")
    assert second.context["page"].number == 2
    assert not set(_shown_slugs(first)) & set(_shown_slugs(second))
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("leave-out=weekends&level=gcse", "level=gcse&leave-out=weekends"),
        ("level=gcse&level=none", "level=none&level=gcse"),
        ("salary=&level=gcse", "level=gcse"),
        ("level=gcse&utm_source=news", "level=gcse"),
        ("level=nonsense&place=moon", ""),
        ("level=gcse&level=gcse", "level=gcse"),
        ("sort=title&page=1", ""),
        ("page=99", "page=5"),
        ("page=abc", ""),
        ("salary=25000&salary=40000", "salary=25000"),
    ],
)
def test_every_combination_has_one_address(client, seeded, asked, canonical):
    response = client.get(f"{URL}?{asked}")
    assert response.status_code == 301
    assert response["Location"] == (f"{URL}?{canonical}" if canonical else URL)
    assert client.get(response["Location"]).status_code == 200


def test_the_canonical_address_is_served_without_a_redirect_and_says_so(client, seeded):
    response = client.get(f"{URL}?level=none&level=gcse&leave-out=weekends&sort=salary")
    assert response.status_code == 200
    assert (
        '<link rel="canonical" href="http://testserver/explore-careers/'
        '?level=none&amp;level=gcse&amp;leave-out=weekends&amp;sort=salary">'
    ) in response.content.decode()


def test_the_form_submits_in_the_canonical_order(client, seeded):
    """A browser sends a form's fields in the order the page has them: the canonical order."""
    html = client.get(URL).content.decode()
    canonical = [group.name for group in filters.GROUPS] + ["sort"]
    names = re.findall(r'<(?:input|select)[^>]* name="([a-z-]+)"', html)
    assert list(dict.fromkeys(n for n in names if n in canonical)) == canonical


def test_no_results_say_which_filter_to_loosen(client, seeded, text_of):
    chosen = {"level": ("none",), "salary": ("40000",)}
    response = _get(client, chosen)
    assert response.context["total"] == 0
    text = text_of(response)
    catalogue = oracle.all_facts()
    without_level = len(oracle.matching(catalogue, {"salary": ("40000",)}))
    without_salary = len(oracle.matching(catalogue, {"level": ("none",)}))
    assert (
        f"without qualification usually needed to start you would see {without_level} careers"
        in text
    )
    assert f"without starting salary you would see {without_salary} careers" in text


def test_each_chosen_filter_has_a_link_that_removes_it(client, seeded):
    response = _get(client, {"level": ("none", "gcse"), "leave-out": ("weekends",)})
    links = {link["label"]: link["url"] for link in response.context["remove_urls"]}
    assert links == {
        "No qualifications needed": f"{URL}?level=gcse&leave-out=weekends",
        "GCSEs or equivalent": f"{URL}?level=none&leave-out=weekends",
        "Weekends": f"{URL}?level=none&level=gcse",
    }
    assert f'href="{URL}">Clear filters</a>' in response.content.decode()


def test_drafts_are_never_found_or_counted(client, seeded):
    JobProfile.objects.filter(slug="chef").update(status=JobProfile.Status.DRAFT)
    chosen = {"level": (seeded["chef"].qualification_level,)}
    response = _get(client, chosen)
    expected = oracle.matching(oracle.all_facts(), chosen)
    assert "chef" not in [f.slug for f in expected]
    assert response.context["total"] == len(expected)
    assert _counts(response)[("level", seeded["chef"].qualification_level)] == len(expected)


# The page and its four lists (other titles, times, places, apprenticeships), however many
# filters are ticked: the counts come from the facts in memory.
EXPLORE_QUERIES = 5
# Reading the facts again after a change: the profiles, the categories, and one query for each
# of the entry routes, working times, places of work and categories' links.
FACTS_QUERIES = 6


@pytest.mark.parametrize("chosen", [SELECTIONS[1], SELECTIONS[5]], ids=["two", "five"])
def test_the_page_costs_a_fixed_number_of_queries(
    client, seeded, chosen, django_assert_num_queries
):
    params = urlencode([(g, v) for g, values in chosen.items() for v in values])
    url = f"{URL}?{params}"
    assert client.get(url).status_code == 200  # already canonical: no redirect
    with django_assert_num_queries(EXPLORE_QUERIES):
        assert client.get(url).status_code == 200


def test_a_change_to_the_content_reads_the_facts_again_once(
    client, seeded, django_assert_num_queries
):
    client.get(URL)
    nurse = JobProfile.objects.get(slug="adult-nurse")
    nurse.qualification_level = "none"
    nurse.save()
    with django_assert_num_queries(FACTS_QUERIES + EXPLORE_QUERIES):
        response = client.get(f"{URL}?level=none")
    assert "adult-nurse" in _shown_slugs(response)
    with django_assert_num_queries(EXPLORE_QUERIES):
        client.get(f"{URL}?level=none")


def test_a_repeated_address_comes_from_the_page_cache_until_a_profile_changes(
    client, seeded, settings
):
    settings.PAGE_CACHE_SECONDS = 3600
    url = f"{URL}?level=none"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    nurse = JobProfile.objects.get(slug="adult-nurse")
    nurse.qualification_level = "none"
    nurse.save()
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "adult-nurse" in _shown_slugs(fresh)


def test_start_page_a_to_z_and_search_lead_to_explore(client, seeded):
    explore = reverse("choosing:explore")
    for page in ("/", "/job-profiles/", "/search/?q=nurse"):
        assert f'href="{explore}"' in client.get(page).content.decode(), page
