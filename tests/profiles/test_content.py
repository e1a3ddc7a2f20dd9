import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from profiles import content
from profiles.models import Category, JobProfile, RelatedCareer, Skill


def test_seed_loads_the_clerk_and_the_two_careers_its_path_names(seed_content):
    clerk = seed_content["health-records-clerk"]
    assert clerk.content_updated.isoformat() == "2018-09-11"
    assert [t.title for t in clerk.alternative_titles.all()] == ["Medical records clerk"]
    assert clerk.skills.count() == 3
    assert clerk.tasks.count() == 6
    related = {link.to_profile.slug for link in clerk.related_to.select_related("to_profile")}
    assert related == {"medical-secretary", "health-records-manager"}
    for slug in related:
        assert seed_content[slug].related_to.filter(to_profile=clerk).exists()
        assert seed_content[slug].is_published


def test_loading_twice_duplicates_nothing(db, capsys):
    call_command("load_content")
    counts = (JobProfile.objects.count(), Skill.objects.count(), RelatedCareer.objects.count())
    call_command("load_content")
    assert "nothing changed" in capsys.readouterr().out
    assert counts == (
        JobProfile.objects.count(),
        Skill.objects.count(),
        RelatedCareer.objects.count(),
    )
    categories = json.loads((settings.BASE_DIR / "fixtures" / "categories.json").read_text())
    assert Category.objects.count() == len(categories)


def test_loading_again_keeps_editors_changes(seed_content):
    JobProfile.objects.filter(slug="health-records-clerk").update(summary="Edited by an editor.")
    RelatedCareer.objects.filter(from_profile__slug="health-records-clerk").delete()
    call_command("load_content")
    clerk = JobProfile.objects.get(slug="health-records-clerk")
    assert clerk.summary == "Edited by an editor."
    assert not clerk.related_to.exists()


def _write_content(tmp_path, profile):
    (tmp_path / "profiles").mkdir()
    source = settings.BASE_DIR / "fixtures" / "categories.json"
    (tmp_path / "categories.json").write_text(source.read_text())
    (tmp_path / "profiles" / "bad.json").write_text(json.dumps(profile))


def _clerk_document():
    path = settings.BASE_DIR / "fixtures" / "profiles" / "health-records-clerk.json"
    document = json.loads(path.read_text())
    document["related_careers"] = []
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"salary": {"starter_min": 30000, "starter_max": 20000, "experienced_max": 40000}},
            "salary",
        ),
        (
            {"salary": {"starter_min": 20000, "starter_max": 22000, "experienced_max": 5000000}},
            "£500,000",
        ),
        ({"related_careers": ["no-such-job"]}, "no-such-job"),
        ({"title": None}, "title"),
    ],
)
def test_a_bad_content_file_names_the_problem_and_changes_nothing(db, tmp_path, change, message):
    document = _clerk_document()
    document.update(change)
    _write_content(tmp_path, document)
    with pytest.raises(CommandError, match=message):
        call_command("load_content", folder=str(tmp_path))
    assert not JobProfile.objects.exists()
    assert not Category.objects.exists()


def test_broken_json_names_the_file(db, tmp_path):
    _write_content(tmp_path, {})
    (tmp_path / "profiles" / "bad.json").write_text("{not json")
    with pytest.raises(content.ContentError, match=r"bad\.json: not valid JSON"):
        content.read_profiles(tmp_path / "profiles")
