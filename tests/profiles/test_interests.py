"""Interest scores: six a profile, 0 to 7, all or none, carried wherever the profile goes."""

import json

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction

from profiles import interchange
from profiles.models import INTEREST_AREAS, INTEREST_FIELDS, JobProfile
from tests.profiles.admin_forms import change_url, form_data, save_and_publish, snapshot

KEYS = [area.key for area in INTEREST_AREAS]


@pytest.mark.parametrize(
    "path",
    sorted((settings.BASE_DIR / "fixtures" / "profiles").glob("*.json")),
    ids=lambda p: p.stem,
)
def test_every_authored_profile_has_six_considered_scores(path):
    scores = json.loads(path.read_text(encoding="utf-8"))["interests"]
    assert list(scores) == KEYS
    assert all(isinstance(score, int) and 0 <= score <= 7 for score in scores.values())
    # Considered: some area is much of the job and some is little of it, never all alike.
    assert max(scores.values()) >= 5 and min(scores.values()) <= 2


def test_the_admin_form_explains_the_scale(editor_client, profile):
    text = editor_client.get(change_url(profile)).content.decode()
    assert "Interests (for the “Discover careers” quiz)" in text
    assert (
        "0 none of it, 1–2 a little, 3–4 a fair part, 5–6 much of the job, 7 the heart of it"
        in text
    )
    for field in INTEREST_FIELDS:
        assert f'name="{field}"' in text


def _post(client, profile, **changes):
    data = form_data(client, change_url(profile))
    data.update(changes)
    return save_and_publish(client, profile, data)


def test_editors_score_a_profile_in_the_admin(editor_client, profile):
    scores = dict(zip(INTEREST_FIELDS, ["6", "2", "1", "3", "0", "7"], strict=True))
    response = _post(editor_client, profile, **scores)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.interest_scores == dict(zip(KEYS, [6, 2, 1, 3, 0, 7], strict=True))


def test_some_scores_without_the_others_are_refused_and_nothing_changes(editor_client, profile):
    before = snapshot(profile)
    response = _post(editor_client, profile, interest_practical="5", summary="Changed.")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == set(INTEREST_FIELDS) - {"interest_practical"}
    assert "Score all six interest areas, or none of them for now." in errors["interest_helping"]
    assert snapshot(profile) == before


@pytest.mark.parametrize("value", ["8", "-1", "lots"])
def test_a_score_outside_0_to_7_is_refused_with_the_range(editor_client, profile, value):
    scores = dict.fromkeys(INTEREST_FIELDS, "3")
    response = _post(editor_client, profile, **{**scores, "interest_creative": value})
    assert response.status_code == 200
    message = response.context["adminform"].form.errors["interest_creative"][0]
    assert "0 to 7" in message


def test_the_database_refuses_a_score_above_7_however_it_is_written(profile):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobProfile.objects.filter(pk=profile.pk).update(interest_leading=8)


def test_a_file_with_a_bad_score_names_the_profile_and_the_score(db):
    document = {
        "format": interchange.FORMAT_NAME,
        "version": interchange.FORMAT_VERSION,
        "categories": [],
        "profiles": [
            {
                **_minimal(),
                "interests": {"practical": 9, "investigative": "high", "juggling": 3},
            }
        ],
    }
    with pytest.raises(interchange.ImportFileError) as refused:
        interchange.parse_document(document)
    problems = "\n".join(refused.value.problems)
    assert "interests.juggling: is not a field of this format" in problems
    assert 'interests.investigative: must be a whole number, not "high"' in problems
    assert "interests.practical:" in problems


def test_a_file_without_scores_imports_an_unscored_profile(db):
    document = {
        "format": interchange.FORMAT_NAME,
        "version": interchange.FORMAT_VERSION,
        "categories": [],
        "profiles": [_minimal()],
    }
    interchange.write(interchange.parse_document(document))
    profile = JobProfile.objects.get(slug="quiz-test")
    assert profile.interest_scores is None


def test_the_api_carries_the_scores(client, seed_content):
    body = client.get("/api/job-profiles/care-worker/").json()
    stored = json.loads((settings.BASE_DIR / "fixtures/profiles/care-worker.json").read_text())
    assert body["interests"] == stored["interests"]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["Profile"]
    assert schema["properties"]["interests"]["required"] == KEYS


def _minimal():
    return {
        "slug": "quiz-test",
        "title": "Quiz test",
        "summary": "A job for testing.",
        "salary": {"starter_min": 20000, "starter_max": 22000, "experienced_max": 30000},
        "hours": {"min": 37, "max": 40},
        "entry_requirements": "None.",
        "working_pattern": "Days.",
        "working_environment": "Office.",
        "career_path": "Up.",
    }
