"""Salary and hours figures say where they came from, and say so when they may be out of date."""

import datetime
import json

import pytest
from django.urls import reverse

from profiles import interchange
from profiles.models import FigureArea, FigureSource, JobProfile
from tests.profiles.admin_forms import change_url, form_data, save_and_publish

CLERK = "/job-profiles/health-records-clerk/"
ASHE = "ONS Annual Survey of Hours and Earnings"


@pytest.fixture
def ashe(db):
    # The migration adds it; a test database flushed by an earlier test may not hold it.
    source, _ = FigureSource.objects.get_or_create(
        name=ASHE,
        defaults={
            "url": "https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/earningsandworkinghours",
            "review_every_months": 12,
        },
    )
    return source


def cite(profile, source, period=2024, area=FigureArea.ENGLAND, figures=("salary", "hours")):
    for figure in figures:
        setattr(profile, f"{figure}_source", source)
        setattr(profile, f"{figure}_period", period)
        setattr(profile, f"{figure}_area", area)
    profile.save()
    return profile


def test_a_cited_source_shows_beside_the_figures_with_its_link(client, make_profile, ashe):
    profile = cite(make_profile(), ashe)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert f'Source: <a class="govuk-link" href="{ashe.url}">{ASHE}</a>, 2024, England' in html
    assert f'Source of the hours figures: <a class="govuk-link" href="{ashe.url}">' in html


def test_figures_without_a_source_show_with_no_claim(client, seed_content, text_of):
    text = text_of(client.get(CLERK))
    assert "£15,000 to £18,000" in text
    assert "These figures are a guide." in text
    assert "Source" not in text
    assert "out of date" not in text


def test_the_seed_profile_says_in_the_admin_that_its_source_is_not_recorded(
    editor_client, seed_content
):
    html = editor_client.get(change_url(seed_content["health-records-clerk"])).content.decode()
    assert "Source: not recorded. The page makes no claim" in html


def test_the_flag_appears_once_the_interval_has_passed_without_an_edit(
    client, make_profile, ashe, clock, text_of
):
    profile = cite(make_profile(), ashe, period=2024)
    url = profile.get_absolute_url()
    clock(datetime.date(2025, 12, 31))
    assert "may be out of date" not in text_of(client.get(url))
    # Cached for the day: the flag must not wait for an edit or for the cache to time out.
    assert client.get(url)["X-Page-Cache"] == "hit"
    clock(datetime.date(2026, 1, 1))
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    text = text_of(response)
    assert "These figures may be out of date." in text
    assert "The hours figures may be out of date." in text
    # The figures and their source still show: the flag adds to them, it does not hide them.
    assert "Source: ONS Annual Survey of Hours and Earnings, 2024, England" in text


def test_a_source_with_a_longer_cycle_keeps_its_figures_current_longer(
    client, make_profile, clock, text_of
):
    census = FigureSource.objects.create(name="Census of Population", review_every_months=120)
    profile = cite(make_profile(), census, period=2021, figures=("hours",))
    clock(datetime.date(2031, 12, 31))
    assert "may be out of date" not in text_of(client.get(profile.get_absolute_url()))
    clock(datetime.date(2032, 1, 1))
    assert "The hours figures may be out of date." in text_of(
        client.get(profile.get_absolute_url())
    )


def test_the_seed_profile_given_a_source_is_flagged_when_its_interval_passes(
    client, editor_client, seed_content, ashe, clock, text_of
):
    clerk = seed_content["health-records-clerk"]
    clock(datetime.date(2025, 3, 1))
    data = form_data(editor_client, change_url(clerk))
    data |= {"salary_source": str(ashe.pk), "salary_period": "2024", "salary_area": "england"}
    response = save_and_publish(editor_client, clerk, data)
    assert response.status_code == 302
    text = text_of(client.get(CLERK))
    assert "Source: ONS Annual Survey of Hours and Earnings, 2024, England" in text
    assert "may be out of date" not in text
    clock(datetime.date(2026, 2, 1))
    assert "These figures may be out of date." in text_of(client.get(CLERK))
    html = editor_client.get(change_url(clerk)).content.decode()
    assert "Past its review interval since 31 December 2025" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"salary_period": "2031"},
            "salary_period",
            "The period cannot be in the future",
        ),
        ({"salary_period": "1066"}, "salary_period", "Enter a year from 1990."),
        ({"salary_area": "atlantis"}, "salary_area", "Select a valid choice."),
        ({"salary_period": ""}, "salary_period", "Enter the year these figures describe."),
        ({"salary_area": ""}, "salary_area", "Choose the area these figures describe."),
        (
            {"salary_source": ""},
            "salary_source",
            "Choose the source of these figures, or clear the period and area.",
        ),
    ],
)
def test_figures_that_do_not_make_one_claim_are_refused_and_nothing_changes(
    editor_client, profile, ashe, clock, changes, field, message
):
    clock(datetime.date(2026, 6, 1))
    data = form_data(editor_client, change_url(profile))
    data |= {"salary_source": str(ashe.pk), "salary_period": "2024", "salary_area": "england"}
    data |= changes
    response = editor_client.post(change_url(profile), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    profile.refresh_from_db()
    assert profile.salary_source is None
    assert JobProfile.with_held_changes.filter(changes_for=profile).count() == 0


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://files.example.org/survey", "mailto:survey@example.org"]
)
def test_a_source_link_that_is_not_a_web_address_is_refused(editor_client, link):
    response = editor_client.post(
        reverse("admin:profiles_figuresource_add"),
        {"name": "A survey", "url": link, "review_every_months": "12"},
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.context["adminform"].form.errors["url"]
    assert not FigureSource.objects.filter(name="A survey").exists()


def test_a_source_needs_an_interval_in_months(editor_client):
    response = editor_client.post(
        reverse("admin:profiles_figuresource_add"),
        {"name": "A survey", "url": "", "review_every_months": "0"},
    )
    assert response.status_code == 200
    assert not FigureSource.objects.filter(name="A survey").exists()


def test_renaming_a_source_expires_the_pages_citing_it(editor, make_profile, ashe):
    from django.test import Client

    client, editor_client = Client(), Client()
    editor_client.force_login(editor)
    profile = cite(make_profile(), ashe)
    client.get(profile.get_absolute_url())
    assert client.get(profile.get_absolute_url())["X-Page-Cache"] == "hit"
    response = editor_client.post(
        reverse("admin:profiles_figuresource_change", args=[ashe.pk]),
        {"name": "ONS ASHE", "url": ashe.url, "review_every_months": "12"},
    )
    assert response.status_code == 302
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "ONS ASHE</a>, 2024, England" in html


def test_a_cited_source_cannot_be_deleted(editor_client, make_profile, ashe):
    cite(make_profile(), ashe)
    response = editor_client.post(
        reverse("admin:profiles_figuresource_delete", args=[ashe.pk]), {"post": "yes"}
    )
    assert FigureSource.objects.filter(pk=ashe.pk).exists()
    assert response.status_code in (200, 403)


def test_figures_to_check_in_the_admin_list_and_the_work_list(
    editor_client, make_profile, ashe, clock
):
    clock(datetime.date(2026, 3, 1))
    stale = cite(make_profile(title="Porter"), ashe, period=2024)
    cite(make_profile(title="Ward clerk"), ashe, period=2025)
    make_profile(title="Cleaner")  # no source: nothing to check against
    url = reverse("admin:profiles_jobprofile_changelist")
    listed = editor_client.get(url, {"figures": "check"}).context["cl"].result_list
    assert [p.title for p in listed] == [stale.title]
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Figures to check (1)" in html
    assert ">Porter</a>" in html.split("Figures to check")[1]


def test_the_api_and_schema_org_carry_the_source(client, make_profile, ashe):
    profile = cite(make_profile(), ashe, period=2023, area=FigureArea.UK, figures=("salary",))
    body = client.get(f"/api/job-profiles/{profile.slug}/").json()
    assert (body["salary"]["source"], body["salary"]["period"], body["salary"]["area"]) == (
        ASHE,
        2023,
        "uk",
    )
    assert body["hours"]["source"] is None
    html = client.get(profile.get_absolute_url()).content.decode()
    ld = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["estimatedSalary"][0]["description"] == (
        "These figures are a guide. Source: ONS Annual Survey of Hours and Earnings, 2023, UK."
    )


def test_export_and_import_keep_sources(make_profile, ashe):
    cite(make_profile(slug="porter"), ashe, period=2022, area=FigureArea.WALES)
    document = interchange.export_catalogue()
    assert {"name": ASHE, "url": ashe.url, "review_every_months": 12} in document["figure_sources"]
    exported = next(p for p in document["profiles"] if p["slug"] == "porter")
    assert exported["salary"]["source"] == ASHE
    JobProfile.objects.filter(slug="porter").update(
        salary_source=None, salary_period=None, salary_area=""
    )
    interchange.write(interchange.parse_document(document))
    porter = JobProfile.objects.get(slug="porter")
    assert (porter.salary_source, porter.salary_period, porter.salary_area) == (
        ashe,
        2022,
        "wales",
    )


def test_an_import_can_bring_its_own_sources(db):
    document = {
        "format": interchange.FORMAT_NAME,
        "version": interchange.FORMAT_VERSION,
        "figure_sources": [
            {"name": "Welsh pay survey", "url": "https://example.org/", "review_every_months": 24}
        ],
        "profiles": [],
    }
    interchange.write(interchange.parse_document(document))
    assert FigureSource.objects.get(name="Welsh pay survey").review_every_months == 24


def _one_profile_document(salary_changes=(), sources=()):
    from profiles import synthetic

    document = synthetic.catalogue(1, seed=3)
    document["figure_sources"] = list(sources)
    document["categories"] = []
    profile = document["profiles"][0]
    profile["categories"], profile["related_careers"] = [], []
    profile["salary"].update(salary_changes)
    return document


@pytest.mark.parametrize(
    ("salary", "sources", "problem"),
    [
        (
            {"source": "No such survey", "period": 2024, "area": "england"},
            [],
            "salary.source: no figure source 'No such survey' in the file or site",
        ),
        (
            {"source": ASHE, "period": 2999, "area": "england"},
            [],
            "salary.period: The period cannot be in the future",
        ),
        (
            {"source": ASHE, "period": 2024, "area": "mars"},
            [],
            "salary.area: Value 'mars' is not a valid choice.",
        ),
        (
            {"source": None, "period": 2024, "area": "england"},
            [],
            "salary.source: Choose the source of these figures",
        ),
        (
            {"source": "Bad link", "period": 2024, "area": "england"},
            [{"name": "Bad link", "url": "javascript:alert(1)", "review_every_months": 12}],
            "figure_sources[0] 'Bad link': url: Enter a valid URL.",
        ),
    ],
)
def test_an_import_with_a_bad_provenance_is_refused_whole(ashe, salary, sources, problem):
    with pytest.raises(interchange.ImportFileError) as error:
        interchange.parse_document(_one_profile_document(salary, sources))
    assert any(problem in line for line in error.value.problems), error.value.problems
