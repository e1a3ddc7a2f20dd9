"""Content checks before review: what blocks publishing, and what an editor should look at."""

import pytest

from profiles import checks, workflow
from profiles.models import JobProfile, RelatedCareer, ReviewType

PLAIN = (
    "You could start as a trainee and learn on the job. You could then become a team leader. "
    "With more training you could move into a manager's job and run a small team of your own."
)
DENSE = (
    "Progression opportunities encompass supervisory responsibilities, departmental "
    "administration, organisational development, interdepartmental coordination and "
    "comprehensive operational management, contingent upon demonstrable professional "
    "competencies, accumulated institutional experience and formal qualifications in "
    "administrative management or information governance."
)


def _messages(profile):
    return [
        (finding.where, finding.message, finding.blocking) for finding in checks.findings(profile)
    ]


def test_a_link_to_a_profile_that_does_not_exist_blocks_review(profile, editor):
    profile.career_path = "See [porter](/job-profiles/hospital-porter/)."
    profile.save()
    assert (
        "6. Career path and progression",
        "The link to /job-profiles/hospital-porter/ leads to no profile.",
        True,
    ) in _messages(profile)
    JobProfile.objects.filter(pk=profile.pk).update(status="draft", career_path=profile.career_path)
    profile.refresh_from_db()
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.submit(profile, editor, ReviewType.CONTENT_DESIGN, "")
    assert refused.value.problems


def test_a_link_to_a_draft_blocks_but_a_renamed_profile_still_leads_there(profile, make_profile):
    make_profile(title="Porter", slug="porter", status="draft")
    renamed = make_profile(title="Ward clerk", slug="ward-clerk")
    renamed.slug = "ward-administrator"
    renamed.save()  # the old address now redirects
    profile.entry_requirements = (
        "Like a [porter](/job-profiles/porter/) or a [ward clerk](/job-profiles/ward-clerk/)."
    )
    found = checks.link_findings(profile)
    assert [(f.message, f.blocking) for f in found] == [
        ("The link to /job-profiles/porter/ leads to a draft the public cannot see.", True)
    ]


def test_links_elsewhere_are_not_ours_to_check(profile):
    profile.career_path = "See [NHS jobs](https://www.jobs.nhs.uk/) and [search](/search/?q=x)."
    assert checks.link_findings(profile) == []


def test_related_careers_that_are_drafts_are_a_warning(profile, make_profile):
    draft = make_profile(title="Porter", status="draft")
    RelatedCareer.objects.create(from_profile=profile, to_profile=draft, position=9)
    found = [f for f in checks.findings(profile) if f.where == "Related careers"]
    assert [(f.message, f.blocking) for f in found] == [
        ("Not shown until published, as they are drafts: Porter.", False)
    ]


def test_empty_sections_and_lists_are_named(make_profile):
    bare = make_profile(working_pattern="", career_path="  ")
    where = {f.where for f in checks.findings(bare) if "empty" in f.message}
    assert where >= {
        "5. Working hours and patterns",
        "6. Career path and progression",
        "2. Skills required",
        "3. Day-to-day tasks",
    }


def test_a_summary_longer_than_search_results_show_is_a_warning(profile):
    profile.summary = "Health records clerks " + "keep records in order, " * 8
    (finding,) = checks.summary_findings(profile)
    assert finding.message.startswith(f"{len(profile.summary)} characters")
    profile.summary = "Health records clerks keep patient records in order."
    assert checks.summary_findings(profile) == []


def test_salary_figures_in_the_text_that_disagree_with_the_fields(profile):
    profile.salary_starter_min, profile.salary_experienced_max = 20000, 30000
    profile.career_path = "Senior clerks earn up to £45,000. Trainees start on £21,500."
    found = checks.salary_findings(profile)
    assert [f.message for f in found] == [
        "The text says £45,000, outside the salary figures (£20,000 to £30,000): "
        "check which is right."
    ]


def test_reading_age_is_estimated_per_section_and_flagged_when_high(profile):
    profile.career_path = DENSE
    profile.working_pattern = PLAIN
    ages = dict(checks.reading_ages(profile))
    assert ages["5. Working hours and patterns"] < checks.READING_AGE_FLAG
    assert ages["6. Career path and progression"] > checks.READING_AGE_FLAG
    assert ages["Summary"] is None  # too short to estimate
    flagged = [f.where for f in checks.reading_findings(profile)]
    assert flagged == ["6. Career path and progression"]


def test_the_review_panel_shows_the_findings(editor_client, profile):
    from tests.profiles.admin_forms import change_url, form_data

    data = form_data(editor_client, change_url(profile))
    data["career_path"] = "See [porter](/job-profiles/hospital-porter/)."
    editor_client.post(change_url(profile), data)
    html = editor_client.get(change_url(profile)).content.decode()
    assert "Must be fixed: 6. Career path and progression" in html
    assert "Reading age of each section" in html
