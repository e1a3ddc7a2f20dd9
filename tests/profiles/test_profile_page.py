import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import JobProfile, Skill, Task, WorkingTime, Workplace

SEED = Path(__file__).parent / "data" / "health-records-clerk-profile.txt"

# The seed shows icons' alternative text; our icons are decorative and the words carry the meaning.
ICON_TEXT = re.compile(r"^(Salary, a pound sign|Hours, a clock face) ")


def seed_lines():
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.replace("\xa0", " ").strip().lstrip("•").strip()
        line = re.sub(r"^\d\. (?=More about|We've included)", "", line)
        if not line:
            continue
        # The seed's text runs the callout's tag into its heading ("BETATry an improved…"): on
        # the reference page the tag read "BETA" and sat against the heading with no space in the
        # markup. Ours reads "Beta" in sentence case, like the phase banner's tag (GOV.UK
        # Frontend 5 tags are not capitalised), in its own element before the heading, so the
        # visible text has a space between them.
        line = re.sub(r"^BETA(?=Try an improved)", "Beta ", line)
        line = ICON_TEXT.sub("", line)
        lines.append(line)
    return lines


@pytest.fixture
def clerk_page(client, seed_content):
    return client.get(reverse("profiles:detail", kwargs={"slug": "health-records-clerk"}))


def test_every_seed_line_appears_in_the_seed_order(clerk_page, text_of):
    text = text_of(clerk_page)
    position = 0
    for line in seed_lines():
        found = text.find(line, position)
        assert found >= 0, f"missing or out of order: {line!r}"
        position = found + len(line)


def test_seed_lines_cover_the_whole_reference_page():
    lines = seed_lines()
    assert lines[0].startswith("We're building a new service")
    assert "You'll may need to pass background checks" in " ".join(lines)
    assert lines[-1] == "Last updated: 11 September 2018"
    assert "Beta Try an improved version of this page" in lines
    assert len(lines) == 42


def test_sections_are_numbered_in_their_headings_and_listed_on_this_page(clerk_page):
    html = clerk_page.content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-l" id="([\w-]+)">([^<]+)</h2>', html)
    assert [title for _, title in headings] == [
        "1. Entry requirements",
        "2. Skills required",
        "3. What you&#x27;ll do",
        "4. Salary",
        "5. Working hours, patterns and environment",
        "6. Career path and progression",
        "Related careers",
    ]
    for anchor, _ in headings[:6]:
        assert f'href="#{anchor}"' in html


def test_key_facts_and_salary_use_thousands_separators_and_up_to(clerk_page, text_of):
    text = text_of(clerk_page)
    assert "Salary: £15,000 to £28,250 average per year" in text
    assert "Hours: 35 to 45 per week" in text
    assert "Starter: £15,000 to £18,000" in text
    assert "Experienced: up to £28,250 (assistant manager)" in text
    assert "These figures are a guide." in text


def test_banner_links_to_feedback_with_this_page(clerk_page):
    html = clerk_page.content.decode()
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>' in html
    assert 'href="/feedback/?page=/job-profiles/health-records-clerk/"' in html


def test_page_has_a_title_and_meta_description(clerk_page):
    html = clerk_page.content.decode()
    assert "<title>Health records clerk: what it pays, what it takes, what you'll do" in html
    assert (
        '<meta name="description" content="Health records clerks keep people&#x27;s medical '
        'records up to date. Salary £15,000 to £28,250 a year; 35 to 45 hours a week.">' in html
    )


def test_related_careers_link_to_published_profiles_only(client, seed_content, text_of):
    JobProfile.objects.filter(slug="medical-secretary").update(status=JobProfile.Status.DRAFT)
    response = client.get(seed_content["health-records-clerk"].get_absolute_url())
    assert 'href="/job-profiles/health-records-manager/"' in response.content.decode()
    assert "Medical secretary" not in text_of(response)


@pytest.mark.parametrize("slug", ["medical-secretary", "no-such-job"])
def test_draft_and_unknown_profiles_are_404_in_the_site_layout(client, seed_content, slug, text_of):
    JobProfile.objects.filter(slug="medical-secretary").update(status=JobProfile.Status.DRAFT)
    response = client.get(reverse("profiles:detail", kwargs={"slug": slug}))
    assert response.status_code == 404
    text = text_of(response)
    assert "Page not found" in text
    assert "We're building a new service" in text


def test_profile_page_answers_only_get_and_head(client, seed_content):
    url = reverse("profiles:detail", kwargs={"slug": "health-records-clerk"})
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_editor_markdown_cannot_inject_script(client, make_profile):
    profile = make_profile(
        career_path='<script>alert("x")</script> [click](javascript:alert(1)) <b onclick="x">b</b>'
    )
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "<b onclick" not in html
    assert "&lt;script&gt;" in html


def _queries_for(client, profile):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(profile.get_absolute_url()).status_code == 200
    return len(queries)


def test_profile_page_query_count_is_pinned_and_does_not_grow_with_rows(client, make_profile):
    profile = make_profile()
    other = make_profile()
    profile.related_to.create(to_profile=other)
    Skill.objects.create(profile=profile, text="tact")
    Task.objects.create(profile=profile, text="filing")
    # The profile, then alternative titles, skills, tasks, working times, workplaces, related
    # careers and the page's public history.
    assert _queries_for(client, profile) == 8

    Skill.objects.bulk_create(Skill(profile=profile, text=f"skill {n}") for n in range(20))
    Task.objects.bulk_create(Task(profile=profile, text=f"task {n}") for n in range(20))
    for kind in WorkingTime.Kind.values:
        profile.working_times.create(kind=kind, frequency=WorkingTime.Frequency.SOMETIMES)
    for kind in Workplace.Kind.values:
        profile.workplaces.create(kind=kind)
    profile.alternative_titles.create(title="Another name")
    for n in range(5):
        profile.related_to.create(to_profile=make_profile(), position=n + 1)
    assert _queries_for(client, profile) == 8


def test_the_breadcrumb_leads_to_the_a_to_z_and_the_first_category(client, seed_content):
    html = client.get("/job-profiles/health-records-clerk/").content.decode()
    trail = html.split('<nav class="govuk-breadcrumbs"')[1].split("</nav>")[0]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', trail)
    # The clerk's file lists administration first, then healthcare.
    assert links == [
        ("/", "Home"),
        ("/job-profiles/", "Job profiles A to Z"),
        ("/job-categories/administration/", "Administration"),
    ]
