"""/api/job-profiles/ filters as /explore-careers/ does, from the same declaration."""

import pytest
from django.utils.http import urlencode

from choosing import filters
from tests.choosing import oracle

URL = "/api/job-profiles/"


def _slugs(client, chosen, **extra):
    params = [(g, v) for g, values in chosen.items() for v in values]
    answer = client.get(f"{URL}?{urlencode([*params, *extra.items()])}")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    return body["count"], [result["slug"] for result in body["results"]]


@pytest.mark.parametrize(
    "chosen",
    [
        {"level": ("none", "gcse"), "leave-out": ("weekends",)},
        {"apprenticeship": ("apprenticeship",), "hours": ("part-time",)},
        {"salary": ("30000",), "category": ("computing-and-digital", "healthcare")},
        {"times": ("nights",), "place": ("hospital", "vehicle")},
    ],
    ids=lambda chosen: "&".join(chosen),
)
def test_the_api_finds_what_the_explore_page_finds(client, seeded, chosen):
    expected = oracle.matching(oracle.all_facts(), chosen)
    count, slugs = _slugs(client, chosen)
    assert count == len(expected)
    assert slugs == [f.slug for f in expected][:50]


def test_the_api_sorts_by_starting_salary(client, seeded):
    _, slugs = _slugs(client, {"level": ("degree",)}, sort="salary")
    salaries = [seeded[slug].salary_starter_max for slug in slugs]
    assert salaries == sorted(salaries, reverse=True)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("level=phd", "level must be one of"),
        ("salary=25000&salary=30000", "salary takes one value"),
        ("sort=cheapest", "sort must be one of"),
    ],
)
def test_a_value_the_api_does_not_know_is_a_400_that_says_so(client, seeded, query, named):
    answer = client.get(f"{URL}?{query}")
    assert answer.status_code == 400
    assert named in answer.json()["error"]["message"]


def test_the_openapi_document_describes_every_filter(client, db):
    document = client.get("/api/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/job-profiles/"]["get"]["parameters"]}
    for group in filters.GROUPS:
        assert group.name in parameters
    assert parameters["level"]["schema"]["items"]["enum"] == [
        "none",
        "gcse",
        "advanced",
        "higher",
        "degree",
        "postgraduate",
    ]
    assert parameters["salary"]["schema"]["enum"] == ["20000", "25000", "30000", "35000", "40000"]
    assert parameters["sort"]["schema"]["enum"] == ["title", "salary"]


def test_a_category_that_does_not_exist_is_a_404(client, seeded):
    answer = client.get(f"{URL}?category=no-such-category")
    assert answer.status_code == 404
    assert "no category with the slug 'no-such-category'" in answer.json()["error"]["message"]
