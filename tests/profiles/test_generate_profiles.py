import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from profiles import synthetic
from profiles.models import Category, JobProfile


def test_generated_profiles_are_marked_synthetic_and_deleted_without_touching_real_ones(
    make_profile, capsys
):
    real = make_profile(title="A real job", slug="a-real-job")
    call_command("generate_profiles", "--count", "30", "--no-progress")
    synthetic = JobProfile.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 30
    assert Category.objects.filter(slug__startswith="synthetic-").exists()
    assert all(" (synthetic #" in p.summary for p in synthetic)

    call_command("generate_profiles", "--delete")
    assert not JobProfile.objects.filter(slug__startswith="synthetic-").exists()
    assert not Category.objects.filter(slug__startswith="synthetic-").exists()
    assert JobProfile.objects.get() == real


def test_the_same_seed_makes_the_same_profiles(db):
    call_command("generate_profiles", "--count", "5", "--seed", "4", "--no-progress")
    first = list(JobProfile.objects.order_by("slug").values_list("title", "summary"))
    call_command("generate_profiles", "--delete", "--count", "5", "--seed", "4", "--no-progress")
    assert list(JobProfile.objects.order_by("slug").values_list("title", "summary")) == first


def test_generating_needs_a_count_or_delete(db):
    with pytest.raises(CommandError, match="--count"):
        call_command("generate_profiles")


def test_the_generator_makes_what_it_made_before():
    # make bench compares runs of different code on the same synthetic catalogue, so a change
    # to what it makes (a new part, another random draw) is a decision: update the digest then.
    document = json.dumps(synthetic.catalogue(30, seed=1), sort_keys=True)
    digest = hashlib.sha256(document.encode()).hexdigest()
    assert digest == "3e34d0682c5e7744469c6592928f3e9ff2479903698be6131cec69d0e743c140"


def test_generated_profiles_are_scored_in_all_six_interest_areas_as_real_jobs_are(db):
    call_command("generate_profiles", "--count", "40", "--no-progress")
    for profile in JobProfile.objects.filter(slug__startswith="synthetic-"):
        scores = profile.interest_scores
        assert scores is not None and all(0 <= s <= 7 for s in scores.values())
        assert max(scores.values()) >= 6  # one area at the heart of the job


def test_profiles_written_in_batches_link_to_profiles_of_later_batches(db, monkeypatch):
    from profiles.management.commands import generate_profiles

    monkeypatch.setattr(generate_profiles, "BATCH", 7)
    call_command("generate_profiles", "--count", "30", "--seed", "2", "--no-progress")
    wanted = {d["slug"]: d["related_careers"] for d in synthetic.catalogue(30, seed=2)["profiles"]}
    made = {
        profile.slug: [link.to_profile.slug for link in profile.related_to.order_by("position")]
        for profile in JobProfile.objects.filter(slug__startswith="synthetic-")
    }
    assert made == wanted
    assert any(slug > min(others) for slug, others in wanted.items() if others)
    assert any(slug < max(others) for slug, others in wanted.items() if others)
