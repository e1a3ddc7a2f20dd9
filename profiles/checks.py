"""Content checks an editor sees before review: what blocks publishing, and what to look at.

Blocking: links to our own profiles that do not exist or are drafts (a visitor would reach a
"page not found"). Warnings: related careers that are drafts, empty sections, a summary too
long for search results, salary figures in the text that disagree with the salary fields, and
each section's reading age (textstat's estimate) against GOV.UK's plain English guidance.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from textstat.textstat import textstatistics

from profiles.markdown import _LINK  # the one definition of a link target in editors' text

# British English syllables from pyphen's dictionary, which ships with textstat. Its default,
# "en_US", reads syllables from NLTK's CMU dictionary, downloaded on first use: a server
# without that download (or without the internet) would fail there.
_textstat = textstatistics()
_textstat.set_lang("en-GB")

# Search results (ours, and a search engine's snippet) show about this much of a summary.
SUMMARY_SHOWN = 160
# GOV.UK asks for a reading age of 9 for the public; a careers page names a job's own words
# (qualifications, employers), so we flag a section only well past it.
READING_AGE_AIM = 9
READING_AGE_FLAG = 14
# Too short to estimate: a formula over a sentence or two says nothing.
READING_AGE_MIN_WORDS = 30

_POUNDS = re.compile(r"£\s?(\d{1,3}(?:,\d{3})+|\d{4,7})(?!\d)")

# (field, heading): the sections an editor writes, in the page's order.
SECTIONS = [
    ("summary", "Summary"),
    ("entry_requirements", "1. Entry requirements"),
    ("restrictions", "Restrictions and requirements"),
    ("tasks_more", "3. What you'll do (after the tasks)"),
    ("working_pattern", "5. Working hours and patterns"),
    ("working_environment", "5. Working environment"),
    ("career_path", "6. Career path and progression"),
]
REQUIRED_SECTIONS = {"summary", "entry_requirements", "working_pattern", "career_path"}
ROW_SECTIONS = [("skills", "2. Skills required"), ("tasks", "3. Day-to-day tasks")]


@dataclass(frozen=True)
class Finding:
    where: str
    message: str
    blocking: bool = False


def _texts(profile):
    """(where, text) for every text the public reads, routes' words included."""
    texts = [(heading, getattr(profile, field) or "") for field, heading in SECTIONS]
    for route in _rows(profile, "entry_routes"):
        texts += [(f"Way in ({route.get_kind_display()})", route.text)]
        texts += [(f"Way in ({route.get_kind_display()}): requirements", route.requirements)]
    return texts


def _rows(profile, name):
    from profiles.models import JobProfile

    part = JobProfile.parts.named(name)
    return list(part.rows_of(profile.pk)) if profile.pk else []


def _own_profile_slug(target):
    """The slug a link leads to when it is one of our profile pages, else None."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.view_name == "profiles:detail" else None


def link_findings(profile):
    from profiles.models import JobProfile, SlugRedirect

    found = []
    for where, text in _texts(profile):
        for target in dict.fromkeys(_LINK.findall(text or "")):
            slug = _own_profile_slug(target)
            if slug is None:
                continue
            live = JobProfile.objects.filter(slug=slug).values_list("status", flat=True).first()
            if live is None and SlugRedirect.objects.to_published().filter(old_slug=slug):
                continue  # an old address: it still leads to the renamed profile
            if live is None:
                found.append(Finding(where, f"The link to {target} leads to no profile.", True))
            elif live != JobProfile.Status.PUBLISHED:
                found.append(
                    Finding(
                        where, f"The link to {target} leads to a draft the public cannot see.", True
                    )
                )
    return found


def related_findings(profile):
    related = _rows(profile, "related_to")
    drafts = [
        link.to_profile.title
        for link in related
        if link.to_profile.status != link.to_profile.Status.PUBLISHED
    ]
    if not drafts:
        return []
    return [
        Finding(
            "Related careers",
            "Not shown until published, as they are drafts: " + ", ".join(sorted(drafts)) + ".",
        )
    ]


def empty_findings(profile):
    found = [
        Finding(heading, "This section is empty.")
        for field, heading in SECTIONS
        if field in REQUIRED_SECTIONS and not (getattr(profile, field) or "").strip()
    ]
    found += [
        Finding(heading, "This list is empty.")
        for name, heading in ROW_SECTIONS
        if not _rows(profile, name)
    ]
    return found


def summary_findings(profile):
    length = len(profile.summary or "")
    if length <= SUMMARY_SHOWN:
        return []
    return [
        Finding(
            "Summary",
            f"{length} characters: search results show about {SUMMARY_SHOWN}, "
            "so the end will be cut off.",
        )
    ]


def salary_findings(profile):
    low, high = profile.salary_starter_min, profile.salary_experienced_max
    if low is None or high is None:
        return []
    found = []
    for where, text in _texts(profile):
        for figure in dict.fromkeys(_POUNDS.findall(text or "")):
            pounds = int(figure.replace(",", ""))
            if not low <= pounds <= high:
                found.append(
                    Finding(
                        where,
                        f"The text says £{pounds:,}, outside the salary figures "
                        f"(£{low:,} to £{high:,}): check which is right.",
                    )
                )
    return found


def _plain(text):
    """Editors' Markdown as words: link targets and list marks say nothing about reading."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text or "")
    return re.sub(r"^\s*[-*]\s+", "", text, flags=re.MULTILINE)


def reading_age(text):
    """textstat's Flesch–Kincaid grade as a reading age (grade + 5), or None when too short."""
    plain = _plain(text)
    if _textstat.lexicon_count(plain) < READING_AGE_MIN_WORDS:
        return None
    return round(_textstat.flesch_kincaid_grade(plain) + 5)


def reading_ages(profile):
    """[(section, reading age or None)] for the sections people read as prose."""
    return [(heading, reading_age(getattr(profile, field))) for field, heading in SECTIONS]


def reading_findings(profile):
    return [
        Finding(
            heading,
            f"Reading age about {age}: GOV.UK aims for {READING_AGE_AIM}. "
            "Try shorter sentences and everyday words.",
        )
        for heading, age in reading_ages(profile)
        if age is not None and age > READING_AGE_FLAG
    ]


def findings(profile):
    """Every finding, blocking ones first."""
    found = (
        link_findings(profile)
        + related_findings(profile)
        + empty_findings(profile)
        + summary_findings(profile)
        + salary_findings(profile)
        + reading_findings(profile)
    )
    return sorted(found, key=lambda finding: not finding.blocking)


def blocking(profile):
    """[(where, message)] of what must be fixed before review or publishing."""
    return [(f.where, f.message) for f in link_findings(profile)]
