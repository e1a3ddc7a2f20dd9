"""The job-profile interchange format, and profiles written out in it.

The API serves a profile in this format, `export_profiles` writes a whole catalogue in it,
`import_profiles` and the seed loader read it back (reading.py checks, writing.py saves). A seed
file in fixtures/profiles/ is one profile in this format.

A catalogue file is {"format", "version", "categories": [...], "figure_sources": [...],
"profiles": [...]}. Profiles are known by slug, never by database key, so a file moves between
databases; related careers and categories are named by slug too, figure sources by name.
"""

import datetime
import json
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch

from profiles.models import (
    FIGURES,
    INTEREST_AREAS,
    Category,
    FigureSource,
    JobProfile,
    RelatedCareer,
)

FORMAT_NAME = "careers-job-profiles"
FORMAT_VERSION = 1

# Document key: JobProfile field, in the order a profile document lists them. A dotted key nests,
# so "salary.starter_min" is {"salary": {"starter_min": …}}.
PROFILE_FIELDS = {
    "slug": "slug",
    "title": "title",
    "status": "status",
    "summary": "summary",
    "salary.starter_min": "salary_starter_min",
    "salary.starter_max": "salary_starter_max",
    "salary.experienced_max": "salary_experienced_max",
    "salary.experienced_note": "salary_experienced_note",
    "salary.note": "salary_note",
    # Where the figures came from (profiles/models/figures.py): the source by name, as the
    # catalogue's figure_sources list (or the site) names it; null when not recorded.
    "salary.source": "salary_source",
    "salary.period": "salary_period",
    "salary.area": "salary_area",
    "hours.min": "hours_min",
    "hours.max": "hours_max",
    "hours.source": "hours_source",
    "hours.period": "hours_period",
    "hours.area": "hours_area",
    "entry_requirements": "entry_requirements",
    "qualification_level": "qualification_level",
    # "interests": {"practical": 5, …}: the six scores of profiles/models/interests.py.
    **{f"interests.{area.key}": area.field for area in INTEREST_AREAS},
    "restrictions": "restrictions",
    "tasks_intro": "tasks_intro",
    "tasks_more": "tasks_more",
    "working_pattern": "working_pattern",
    "working_environment": "working_environment",
    "career_path": "career_path",
    "soc_code": "soc_code",
    "onet_code": "onet_code",
    "content_updated": "content_updated",
}


@dataclass(frozen=True)
class RowList:
    """Ordered rows a profile owns, under the profile's related name for them."""

    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def as_strings(self):
        # The seed files write one-field rows (skills, tasks…) as plain strings; so do we.
        return len(self.fields) == 1

    @property
    def ordered_by_position(self):
        return any(f.name == "position" for f in self.model._meta.concrete_fields)


# The profile's parts carried as lists of rows, under their related names.
ROW_LISTS = {part.name: RowList(part.model, part.fields) for part in JobProfile.parts.in_format}

# Relations written as lists of slugs, and the profile field each follows in a document.
SLUG_LISTS = {"categories": "summary", "related_careers": "career_path"}


def _layout():
    """The keys of a profile document, in order: each field (nested ones under their first
    part), then whatever follows that field: slug lists, then parts in the profile's order."""
    layout = []
    for key, field_name in PROFILE_FIELDS.items():
        head = key.partition(".")[0]
        if head not in layout:
            layout.append(head)
        layout += [name for name, after in SLUG_LISTS.items() if after == field_name]
        layout += [part.name for part in JobProfile.parts.in_format if part.after == field_name]
    return layout


LAYOUT = _layout()

# Keys the API adds for its readers; an imported file may carry them and they are ignored.
LINK_KEYS = {"url", "api_url"}

# JobProfile fields deliberately left out of the format, and why.
NOT_IN_FORMAT = {
    "id": "a database key; profiles are known by slug",
    "created_at": "when the row was created in this database, not a fact about the content",
    "modified_at": "when the row last changed in this database; content_updated is the content's date",
    # Review and publishing (profiles/workflow.py): this team's work on the content, not the
    # content; an imported profile starts its review afresh.
    "changes_for": "a held change's link to its live profile; only live profiles are exported",
    "review_status": "where this team's review stands",
    "review_type": "who this team asked to review it",
    "publish_at": "this team's schedule",
    "unpublish_at": "this team's schedule",
    "next_review_by": "this team's review date; publishing sets it",
    "edit_version": "a counter that stops two editors saving over each other",
    "edited_by": "an account in this database",
    "link_back_on_publish": "what a held change does when published",
}

# Things that point at a profile but are not part of it, and why they stay out.
RELATIONS_NOT_IN_FORMAT = {
    "search_document": "the search index's copy, rebuilt from the profile",
    "held_changes": "unpublished changes, which are this team's work in progress",
    "review_steps": "this team's review history",
}

CATEGORY_FIELDS = ("slug", "name", "description")
FIGURE_SOURCE_FIELDS = ("name", "url", "review_every_months")
# Fields naming a figure source: written as the source's name.
SOURCE_FIELDS = frozenset(f"{figure}_source" for figure in FIGURES)


# ---------------------------------------------------------------------------------------------
# Profile → document


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, FigureSource):
        return value.name
    return value


def _row(row, spec):
    if spec.as_strings:
        return _plain(getattr(row, spec.fields[0]))
    return {name: _plain(getattr(row, name)) for name in spec.fields}


def with_format_rows(queryset):
    """Prefetch every row the format carries: one query per kind of row, whatever the count."""
    return queryset.select_related(*SOURCE_FIELDS).prefetch_related(
        *ROW_LISTS,
        Prefetch("categories", queryset=Category.objects.only("slug")),
        Prefetch(
            "related_to",
            queryset=RelatedCareer.objects.select_related("to_profile").only(
                "from_profile_id", "position", "to_profile__slug", "to_profile__status"
            ),
        ),
    )


def profile_to_dict(profile, *, public=False):
    """A profile as a document (needs with_format_rows).

    With public, related careers that are not published are left out, as on the page.
    """
    values = {}
    for key, field_name in PROFILE_FIELDS.items():
        head, _, tail = key.partition(".")
        value = _plain(getattr(profile, field_name))
        if tail:
            values.setdefault(head, {})[tail] = value
        else:
            values[head] = value
    for key, spec in ROW_LISTS.items():
        values[key] = [_row(row, spec) for row in getattr(profile, key).all()]
    values["categories"] = sorted(category.slug for category in profile.categories.all())
    values["related_careers"] = [
        link.to_profile.slug
        for link in profile.related_to.all()
        if not public or link.to_profile.status == JobProfile.Status.PUBLISHED
    ]
    return {key: values[key] for key in LAYOUT}


def category_to_dict(category):
    return {name: getattr(category, name) for name in CATEGORY_FIELDS}


def figure_source_to_dict(source):
    return {name: getattr(source, name) for name in FIGURE_SOURCE_FIELDS}


def export_catalogue(progress=None):
    """Every category and profile, drafts included, in a stable order.

    progress, if given, is called with (profiles written, profiles in all).
    """
    total = JobProfile.objects.count()
    profiles = []
    for profile in with_format_rows(JobProfile.objects.order_by("slug")).iterator(500):
        profiles.append(profile_to_dict(profile))
        if progress:
            progress(len(profiles), total)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "categories": [category_to_dict(c) for c in Category.objects.order_by("slug")],
        "figure_sources": [figure_source_to_dict(s) for s in FigureSource.objects.all()],
        "profiles": profiles,
    }


def dumps(document):
    """The document as the text of a file: stable, readable, UTF-8 as written."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
