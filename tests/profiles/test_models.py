import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from profiles.models import AlternativeTitle, JobProfile, RelatedCareer


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"salary_starter_min": 25000, "salary_starter_max": 20000}, "starter_salary_ordered"),
        ({"salary_starter_max": 40000, "salary_experienced_max": 30000}, "experienced_salary"),
        ({"hours_min": 40, "hours_max": 30}, "hours_ordered"),
        ({"hours_min": 0}, "hours_in_week"),
        ({"hours_max": 101}, "hours_in_week"),
        ({"status": "archived"}, "status_valid"),
    ],
)
def test_database_refuses_impossible_profiles(make_profile, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_profile(**fields)
    assert not JobProfile.objects.exists()


def test_database_refuses_a_duplicate_slug(make_profile):
    make_profile(slug="clerk")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_profile(slug="clerk")
    assert JobProfile.objects.count() == 1


def test_database_refuses_a_profile_related_to_itself(make_profile):
    profile = make_profile()
    with pytest.raises(IntegrityError, match="not_self"), transaction.atomic():
        RelatedCareer.objects.create(from_profile=profile, to_profile=profile)
    assert not RelatedCareer.objects.exists()


def test_database_refuses_the_same_alternative_title_twice(make_profile):
    profile = make_profile()
    profile.alternative_titles.create(title="Clerk")
    with pytest.raises(IntegrityError), transaction.atomic():
        AlternativeTitle.objects.create(profile=profile, title="Clerk")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"salary_starter_min": 25000, "salary_starter_max": 20000},
            "salary_starter_max",
            "at least its lower figure",
        ),
        (
            {"salary_starter_max": 40000, "salary_experienced_max": 30000},
            "salary_experienced_max",
            "at least the starter salary",
        ),
        ({"hours_min": 40, "hours_max": 30}, "hours_max", "at least the lower one"),
        ({"hours_max": 168}, "hours_max", "between 1 and 100"),
    ],
)
def test_validation_names_the_field_with_a_plain_message(make_profile, fields, field, message):
    profile = make_profile()
    for name, value in fields.items():
        setattr(profile, name, value)
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_related_career_to_itself_fails_validation(make_profile):
    profile = make_profile()
    with pytest.raises(ValidationError, match="cannot be related to itself"):
        RelatedCareer(from_profile=profile, to_profile=profile).full_clean()


def test_children_keep_their_editor_order(make_profile):
    profile = make_profile()
    profile.skills.create(text="second", position=2)
    profile.skills.create(text="first", position=1)
    assert [skill.text for skill in profile.skills.all()] == ["first", "second"]
