"""The facts beside the free text: qualification to start, times outside 9 to 5, places of work."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from profiles import interchange, layout
from profiles.models import EntryRoute, JobProfile, WorkingTime, Workplace
from tests.profiles.admin_forms import change_url, form_data, save_and_publish


def test_every_seed_profile_says_what_it_takes_to_start(seed_content):
    for profile in seed_content.values():
        assert profile.qualification_level in JobProfile.Qualification.values, profile.slug
    clerk = seed_content["health-records-clerk"]
    assert clerk.qualification_level == JobProfile.Qualification.NONE
    assert [str(t) for t in clerk.working_times.all()] == ["on call occasionally"]
    assert [w.kind for w in clerk.workplaces.all()] == ["office", "hospital"]


def test_the_page_says_when_and_where_you_could_work(client, seed_content, text_of):
    text = text_of(client.get("/job-profiles/health-records-clerk/"))
    assert "You could work: on call occasionally" in text
    assert "Places you could work: in an office, in a hospital or clinic" in text
    # After the seed's own paragraphs about hours and about the environment.
    assert text.index("overtime.") < text.index("You could work: on call")
    assert text.index("hospital ward.") < text.index("Places you could work")


def test_a_profile_without_the_facts_shows_no_empty_lines(client, make_profile):
    html = client.get(make_profile().get_absolute_url()).content.decode()
    assert "You could work:" not in html
    assert "Places you could work" not in html


def test_the_improved_layout_says_the_qualification_usually_needed(client, seed_content, text_of):
    client.cookies[layout.COOKIE] = layout.IMPROVED
    text = text_of(client.get("/job-profiles/paramedic/"))
    assert "Qualification usually needed to start: A degree." in text


def test_an_apprenticeship_route_is_read_from_the_entry_routes(make_profile):
    profile = make_profile()
    assert not profile.has_apprenticeship_route
    profile.entry_routes.create(kind=EntryRoute.Kind.APPRENTICESHIP, text="A level 3 one.")
    profile = JobProfile.objects.prefetch_related("entry_routes").get(pk=profile.pk)
    assert profile.has_apprenticeship_route


def test_the_api_and_the_file_format_carry_the_facts(client, seed_content):
    document = client.get(reverse("api:profile", args=["paramedic"])).json()
    assert document["qualification_level"] == "degree"
    assert {"kind": "nights", "frequency": "often"} in document["working_times"]
    assert "vehicle" in document["workplaces"]
    exported = {p["slug"]: p for p in interchange.export_catalogue()["profiles"]}
    assert exported["paramedic"]["workplaces"] == document["workplaces"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"qualification_level": "phd"}, "qualification_level: Value 'phd' is not a valid choice"),
        (
            {"working_times": [{"kind": "evenings", "frequency": "always"}]},
            "working_times[0].frequency: Value 'always' is not a valid choice",
        ),
        ({"workplaces": ["office", "office"]}, "workplaces[1]: repeats 'office'"),
        ({"workplaces": ["moon"]}, "workplaces[0]: Value 'moon' is not a valid choice"),
    ],
)
def test_an_import_names_a_fact_that_is_not_one_of_the_choices(
    seed_content, tmp_path, change, problem
):
    document = interchange.export_catalogue()
    clerk = next(p for p in document["profiles"] if p["slug"] == "health-records-clerk")
    clerk.update(change)
    path = tmp_path / "import.json"
    path.write_text(interchange.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_profiles", str(path), "--no-progress")
    assert problem in str(raised.value)
    assert JobProfile.objects.get(slug="health-records-clerk").working_times.count() == 1


def test_editors_set_the_facts_on_the_profiles_form(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data["qualification_level"] = JobProfile.Qualification.GCSE
    data["working_times-0-kind"] = WorkingTime.Kind.WEEKENDS
    data["working_times-0-frequency"] = WorkingTime.Frequency.SOMETIMES
    data["workplaces-0-kind"] = Workplace.Kind.SHOP
    response = save_and_publish(editor_client, profile, data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.qualification_level == "gcse"
    assert [str(t) for t in profile.working_times.all()] == ["weekends sometimes"]
    assert [str(w) for w in profile.workplaces.all()] == ["in a shop"]


def test_one_row_of_each_kind_of_working_time(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    data.update(
        {
            "working_times-TOTAL_FORMS": "2",
            "working_times-0-kind": "nights",
            "working_times-0-frequency": "often",
            "working_times-1-kind": "nights",
            "working_times-1-frequency": "sometimes",
        }
    )
    response = save_and_publish(editor_client, profile, data)
    assert response.status_code == 200
    assert not profile.working_times.exists()
    assert "Please correct the duplicate data for kind" in response.content.decode()
