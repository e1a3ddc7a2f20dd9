"""The job-profile interchange format: the one place that turns profiles into plain data and back.

The API serves a profile in this format, `export_profiles` writes a whole catalogue in it and
`import_profiles` reads it back. A seed file in fixtures/profiles/ is one profile in this format.

A catalogue file is {"format", "version", "categories": [...], "profiles": [...]}. Profiles are known
by slug, never by database key, so a file moves between databases; related careers and categories
are named by slug too.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from profiles.cache import expire_profiles
from profiles.models import (
    AlternativeTitle,
    Category,
    EntryRoute,
    JobProfile,
    RelatedCareer,
    Skill,
    SlugRedirect,
    Task,
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
    "hours.min": "hours_min",
    "hours.max": "hours_max",
    "entry_requirements": "entry_requirements",
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


ROW_LISTS = {
    # A renamed profile's old slugs, so its old addresses keep redirecting after a move.
    "old_slugs": RowList(SlugRedirect, ("old_slug",)),
    "alternative_titles": RowList(AlternativeTitle, ("title",)),
    "entry_routes": RowList(EntryRoute, ("kind", "text", "requirements")),
    "skills": RowList(Skill, ("text",)),
    "tasks": RowList(Task, ("text",)),
}

# The keys of a profile document, in order: fields (nested by their first part), row lists, and
# the two lists of slugs.
LAYOUT = [
    "slug",
    "old_slugs",
    "title",
    "status",
    "alternative_titles",
    "summary",
    "categories",
    "salary",
    "hours",
    "entry_requirements",
    "entry_routes",
    "restrictions",
    "skills",
    "tasks_intro",
    "tasks",
    "tasks_more",
    "working_pattern",
    "working_environment",
    "career_path",
    "related_careers",
    "soc_code",
    "onet_code",
    "content_updated",
]

# Keys the API adds for its readers; an imported file may carry them and they are ignored.
LINK_KEYS = {"url", "api_url"}

# JobProfile fields deliberately left out of the format, and why.
NOT_IN_FORMAT = {
    "id": "a database key; profiles are known by slug",
    "created_at": "when the row was created in this database, not a fact about the content",
    "modified_at": "when the row last changed in this database; content_updated is the content's date",
}

# Things that point at a profile but are not part of it, and why they stay out.
RELATIONS_NOT_IN_FORMAT = {
    "search_document": "the search index's copy, rebuilt from the profile",
}

CATEGORY_FIELDS = ("slug", "name", "description")


def _register_optional_rows():
    """Add the rows of apps that may or may not be installed alongside profiles."""
    if apps.is_installed("opportunities"):
        model = apps.get_model("opportunities", "Opportunity")
        ROW_LISTS["opportunities"] = RowList(
            model, ("kind", "title", "provider", "location", "closing_date", "start_date", "url")
        )
        if "opportunities" not in LAYOUT:
            LAYOUT.insert(LAYOUT.index("related_careers"), "opportunities")


_register_optional_rows()


# ---------------------------------------------------------------------------------------------
# Profile → document


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _row(row, spec):
    if spec.as_strings:
        return _plain(getattr(row, spec.fields[0]))
    return {name: _plain(getattr(row, name)) for name in spec.fields}


def with_format_rows(queryset):
    """Prefetch every row the format carries: one query per kind of row, whatever the count."""
    return queryset.prefetch_related(
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
        "profiles": profiles,
    }


def dumps(document):
    """The document as the text of a file: stable, readable, UTF-8 as written."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Document → checked, unsaved rows


class ImportFileError(ValueError):
    """A file that cannot be imported; problems name the record and field of each fault."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ParsedProfile:
    profile: JobProfile
    rows: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)
    related: list = field(default_factory=list)


@dataclass
class Catalogue:
    categories: list
    profiles: list


_INTEGER_FIELDS = (models.IntegerField, models.PositiveIntegerField, models.SmallIntegerField)
_TEXT_FIELDS = (models.CharField, models.TextField)


def _type_problem(model_field, value):
    """Why a JSON value cannot go in a field, or None; JSON types must match exactly."""
    if value is None:
        return None if model_field.null else "must not be null"
    if isinstance(model_field, _INTEGER_FIELDS):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {json.dumps(value, ensure_ascii=False)}"
    elif isinstance(model_field, models.DateField):
        if not isinstance(value, str):
            return "must be a date written YYYY-MM-DD"
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return f"must be a date written YYYY-MM-DD, not {json.dumps(value)}"
    elif isinstance(model_field, models.BooleanField):
        if not isinstance(value, bool):
            return "must be true or false"
    elif isinstance(model_field, _TEXT_FIELDS):
        if not isinstance(value, str):
            return "must be text"
        if "\x00" in value:
            # PostgreSQL refuses it outright; no editor means to type it.
            return "must not contain the NUL character (\\u0000)"
    return None


def _python(model_field, value):
    if value is not None and isinstance(model_field, models.DateField):
        return datetime.date.fromisoformat(value)
    return value


MISSING = object()


class _Checker:
    """Collects every problem in a file, each naming the record and field."""

    def __init__(self):
        self.problems = []

    def add(self, record, path, message):
        self.problems.append(f"{record}: {path}: {message}" if path else f"{record}: {message}")

    def build(self, instance, record, values, *, base="", exclude=()):
        """Fill an unsaved instance from {field name: (document path, value or MISSING)}.

        Type checks come first, so the model's own checks only ever see values of the right
        kind; then the model's field and cross-field checks run, with problems named by path.
        """
        meta = instance._meta
        paths = {name: path for name, (path, _) in values.items()}
        paths[NON_FIELD_ERRORS] = base
        bad = set()
        for name, (path, value) in values.items():
            model_field = meta.get_field(name)
            if value is MISSING:
                if model_field.has_default() or model_field.blank:
                    setattr(instance, name, model_field.get_default())
                else:
                    self.add(record, path, "is missing")
                    bad.add(name)
                continue
            problem = _type_problem(model_field, value)
            if problem:
                self.add(record, path, problem)
                bad.add(name)
            else:
                setattr(instance, name, _python(model_field, value))
        try:
            instance.clean_fields(exclude=[*bad, *exclude])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add(record, paths.get(name, name), " ".join(messages))
                bad.add(name)
        if not bad:
            try:
                instance.clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add(record, paths.get(name, name), " ".join(messages))
        return instance


def _unknown_keys(values, allowed):
    return sorted(set(values) - set(allowed))


def _record(kind, index, document):
    slug = document.get("slug") if isinstance(document, dict) else None
    return f"{kind}[{index}] {slug!r}" if isinstance(slug, str) else f"{kind}[{index}]"


def _parse_rows(checker, record, key, spec, items):
    if not isinstance(items, list):
        checker.add(record, key, "must be a list")
        return []
    rows = []
    for index, item in enumerate(items):
        path = f"{key}[{index}]"
        if spec.as_strings:
            values = {spec.fields[0]: (path, item)}
        elif not isinstance(item, dict):
            checker.add(record, path, "must be an object")
            continue
        else:
            for extra in _unknown_keys(item, spec.fields):
                checker.add(record, f"{path}.{extra}", "is not a field of this format")
            values = {name: (f"{path}.{name}", item.get(name, MISSING)) for name in spec.fields}
        row = spec.model(position=index) if spec.ordered_by_position else spec.model()
        rows.append(checker.build(row, record, values, base=path, exclude=["profile"]))
    # Rows unique within their profile (an alternative title once, one route of each kind).
    for constraint in spec.model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and "profile" in constraint.fields:
            others = [name for name in constraint.fields if name != "profile"]
            seen = set()
            for index, row in enumerate(rows):
                value = tuple(getattr(row, name) for name in others)
                if value in seen:
                    checker.add(record, f"{key}[{index}]", f"repeats {value[0]!r}")
                seen.add(value)
    return rows


def _parse_slugs(checker, record, key, items):
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        checker.add(record, key, "must be a list of slugs")
        return []
    for index, slug in enumerate(items):
        if slug in items[:index]:
            checker.add(record, f"{key}[{index}]", f"repeats {slug!r}")
    return items


def _parse_profile(checker, index, document, existing):
    record = _record("profiles", index, document)
    if not isinstance(document, dict):
        checker.add(record, "", "must be an object")
        return None
    for key in _unknown_keys(document, [*LAYOUT, *LINK_KEYS]):
        checker.add(record, key, "is not a field of this format")
    groups = {key.partition(".")[0] for key in PROFILE_FIELDS if "." in key}
    for group in groups:
        value = document.get(group, {})
        if not isinstance(value, dict):
            checker.add(record, group, "must be an object")
            continue
        allowed = [k.partition(".")[2] for k in PROFILE_FIELDS if k.startswith(group + ".")]
        for extra in _unknown_keys(value, allowed):
            checker.add(record, f"{group}.{extra}", "is not a field of this format")

    def value_at(path):
        head, _, tail = path.partition(".")
        value = document.get(head, MISSING)
        if tail:
            value = value.get(tail, MISSING) if isinstance(value, dict) else MISSING
        return value

    values = {name: (path, value_at(path)) for path, name in PROFILE_FIELDS.items()}
    # A profile already on the site keeps its key, so the model's own checks (a slug in use by
    # another profile) see it as itself.
    pk = existing.get(document.get("slug")) if isinstance(document.get("slug"), str) else None
    profile = JobProfile(pk=pk)
    # The model asks the database about each slug in turn (two queries a profile); the file's
    # slugs are checked against the site's in bulk instead, by _check_old_slugs.
    profile.slug_clash = lambda: ""
    parsed = ParsedProfile(profile=checker.build(profile, record, values))
    for key, spec in ROW_LISTS.items():
        parsed.rows[key] = _parse_rows(checker, record, key, spec, document.get(key, []))
    parsed.categories = _parse_slugs(checker, record, "categories", document.get("categories", []))
    parsed.related = _parse_slugs(
        checker, record, "related_careers", document.get("related_careers", [])
    )
    if parsed.profile.slug and parsed.profile.slug in parsed.related:
        checker.add(record, "related_careers", "a profile cannot be related to itself")
    return parsed


def _parse_category(checker, index, document):
    record = _record("categories", index, document)
    if not isinstance(document, dict):
        checker.add(record, "", "must be an object")
        return None
    for key in _unknown_keys(document, CATEGORY_FIELDS):
        checker.add(record, key, "is not a field of this format")
    values = {name: (name, document.get(name, MISSING)) for name in CATEGORY_FIELDS}
    return checker.build(Category(), record, values)


def parse(text, progress=None):
    """Check a whole catalogue file and return its unsaved rows; ImportFileError if any fault.

    progress, if given, is called with (profiles checked, profiles in the file).
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            [f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"]
        ) from error
    return parse_document(document, progress)


def parse_document(document, progress=None):
    """parse() for a document already read from JSON."""
    checker = _Checker()
    if not isinstance(document, dict):
        raise ImportFileError(["the file must hold one JSON object with a list of profiles"])
    if document.get("format") != FORMAT_NAME:
        checker.add("file", "format", f"must be {FORMAT_NAME!r}")
    if document.get("version") != FORMAT_VERSION:
        checker.add("file", "version", f"must be {FORMAT_VERSION}")
    for key in _unknown_keys(document, ["format", "version", "categories", "profiles"]):
        checker.add("file", key, "is not a field of this format")
    categories_data = document.get("categories", [])
    profiles_data = document.get("profiles")
    if not isinstance(categories_data, list):
        checker.add("file", "categories", "must be a list")
        categories_data = []
    if not isinstance(profiles_data, list):
        checker.add("file", "profiles", "must be a list")
        profiles_data = []

    categories = [_parse_category(checker, i, d) for i, d in enumerate(categories_data)]
    categories = [c for c in categories if c is not None]
    slugs = [d.get("slug") for d in profiles_data if isinstance(d, dict)]
    existing = dict(
        JobProfile.objects.filter(slug__in=[s for s in slugs if isinstance(s, str)]).values_list(
            "slug", "pk"
        )
    )
    profiles = []
    total = len(profiles_data)
    for index, data in enumerate(profiles_data):
        profiles.append(_parse_profile(checker, index, data, existing))
        if progress:
            progress(index + 1, total)

    _check_references(checker, categories, profiles)
    if checker.problems:
        raise ImportFileError(checker.problems)
    return Catalogue(categories=categories, profiles=profiles)


def _check_references(checker, categories, profiles):
    """Slugs unique within the file, and every slug a profile names exists."""
    for kind, slugs in (
        ("categories", [c.slug for c in categories]),
        ("profiles", [p.profile.slug if p else None for p in profiles]),
    ):
        seen = set()
        for index, slug in enumerate(slugs):
            if slug and slug in seen:
                checker.add(f"{kind}[{index}] {slug!r}", "slug", "appears more than once")
            seen.add(slug)

    _check_old_slugs(checker, profiles)
    category_slugs = {c.slug for c in categories}
    profile_slugs = {p.profile.slug for p in profiles if p}
    wanted_categories = {s for p in profiles if p for s in p.categories} - category_slugs
    wanted_profiles = {s for p in profiles if p for s in p.related} - profile_slugs
    category_slugs |= set(
        Category.objects.filter(slug__in=wanted_categories).values_list("slug", flat=True)
    )
    profile_slugs |= set(
        JobProfile.objects.filter(slug__in=wanted_profiles).values_list("slug", flat=True)
    )
    for index, parsed in enumerate(profiles):
        if not parsed:
            continue
        record = f"profiles[{index}] {parsed.profile.slug!r}"
        for position, slug in enumerate(parsed.categories):
            if slug not in category_slugs:
                checker.add(
                    record, f"categories[{position}]", f"no category {slug!r} in the file or site"
                )
        for position, slug in enumerate(parsed.related):
            if slug not in profile_slugs:
                checker.add(
                    record,
                    f"related_careers[{position}]",
                    f"no profile {slug!r} in the file or site",
                )


def _check_old_slugs(checker, profiles):
    """An old slug leads to one profile only, and is no profile's current slug."""
    in_file = {p.profile.slug for p in profiles if p}
    owners = {}  # old slug: the slug of the profile in the file that claims it
    for index, parsed in enumerate(profiles):
        if not parsed:
            continue
        for position, row in enumerate(parsed.rows.get("old_slugs", [])):
            record = f"profiles[{index}] {parsed.profile.slug!r}"
            path = f"old_slugs[{position}]"
            if row.old_slug in owners:
                checker.add(
                    record,
                    path,
                    f"{row.old_slug!r} is also an old slug of {owners[row.old_slug]!r}",
                )
            owners.setdefault(row.old_slug, parsed.profile.slug)
    claimed = set(owners) | in_file
    live = set(JobProfile.objects.filter(slug__in=claimed).values_list("slug", flat=True)) | in_file
    held = dict(
        SlugRedirect.objects.filter(old_slug__in=claimed)
        .exclude(profile__slug__in=in_file)
        .values_list("old_slug", "profile__slug")
    )
    for index, parsed in enumerate(profiles):
        if not parsed:
            continue
        record = f"profiles[{index}] {parsed.profile.slug!r}"
        if parsed.profile.slug in held:
            checker.add(
                record, "slug", f"is an old slug of {held[parsed.profile.slug]!r} on the site"
            )
        for position, row in enumerate(parsed.rows.get("old_slugs", [])):
            path = f"old_slugs[{position}]"
            if row.old_slug in live:
                checker.add(record, path, f"{row.old_slug!r} is a profile's current slug")
            elif row.old_slug in held:
                checker.add(
                    record,
                    path,
                    f"{row.old_slug!r} is an old slug of {held[row.old_slug]!r} on the site",
                )


# ---------------------------------------------------------------------------------------------
# Checked rows → database


@dataclass
class ImportResult:
    categories_created: int = 0
    categories_updated: int = 0
    profiles_created: int = 0
    profiles_updated: int = 0


@transaction.atomic
def write(catalogue, progress=None):
    """Save a checked catalogue in one transaction, matching existing rows by slug.

    A profile already on the site takes the file's fields, and its rows are replaced by the
    file's; categories and profiles the file does not name are left alone. Bulk queries keep a
    large file to a few dozen statements.
    """
    result = ImportResult()
    now = timezone.now()

    existing = {
        c.slug: c.pk
        for c in Category.objects.filter(slug__in=[c.slug for c in catalogue.categories])
    }
    for category in catalogue.categories:
        category.pk = existing.get(category.slug)
    Category.objects.bulk_create([c for c in catalogue.categories if c.pk is None])
    Category.objects.bulk_update(
        [c for c in catalogue.categories if c.slug in existing], ["name", "description"]
    )
    result.categories_created = len(catalogue.categories) - len(existing)
    result.categories_updated = len(existing)

    profiles = [parsed.profile for parsed in catalogue.profiles]
    existing = dict(
        JobProfile.objects.filter(slug__in=[p.slug for p in profiles]).values_list("slug", "pk")
    )
    for profile in profiles:
        profile.pk = existing.get(profile.slug)
        profile.modified_at = now
    JobProfile.objects.bulk_create([p for p in profiles if p.pk is None], batch_size=500)
    # One UPDATE a profile: bulk_update's CASE expressions took ten times as long to build for
    # 1,000 profiles. QuerySet.update sends no signals, like the bulk writes around it.
    fields = [*PROFILE_FIELDS.values(), "modified_at"]
    for profile in profiles:
        if profile.slug in existing:
            JobProfile.objects.filter(pk=profile.pk).update(
                **{name: getattr(profile, name) for name in fields}
            )
    result.profiles_created = len(profiles) - len(existing)
    result.profiles_updated = len(existing)

    # Replace the rows of profiles that were already here; new ones have none yet.
    replaced = list(existing.values())
    for spec in ROW_LISTS.values():
        _delete_quietly(spec.model.objects.filter(profile_id__in=replaced))
    Through = JobProfile.categories.through
    _delete_quietly(Through.objects.filter(jobprofile_id__in=replaced))
    _delete_quietly(RelatedCareer.objects.filter(from_profile_id__in=replaced))

    wanted = {s for parsed in catalogue.profiles for s in parsed.related}
    profile_ids = dict(JobProfile.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    profile_ids.update({p.slug: p.pk for p in profiles})
    category_ids = dict(Category.objects.values_list("slug", "pk"))
    rows = {key: [] for key in ROW_LISTS}
    links, memberships = [], []
    for done, parsed in enumerate(catalogue.profiles, start=1):
        for key, items in parsed.rows.items():
            for row in items:
                row.profile = parsed.profile
                rows[key].append(row)
        memberships += [
            Through(jobprofile_id=parsed.profile.pk, category_id=category_ids[slug])
            for slug in parsed.categories
        ]
        links += [
            RelatedCareer(
                from_profile_id=parsed.profile.pk, to_profile_id=profile_ids[slug], position=n
            )
            for n, slug in enumerate(parsed.related)
        ]
        if progress:
            progress(done, len(catalogue.profiles))
    for key, spec in ROW_LISTS.items():
        spec.model.objects.bulk_create(rows[key], batch_size=500)
    Through.objects.bulk_create(memberships, batch_size=500)
    RelatedCareer.objects.bulk_create(links, batch_size=500)
    _after_bulk_write([p.pk for p in profiles])
    return result


def _delete_quietly(queryset):
    """Delete rows in one statement, without a signal for each: _after_bulk_write catches up.

    Only for rows nothing else points at (a profile's skills, tasks, links…), so there is no
    cascade to miss.
    """
    queryset._raw_delete(queryset.db)


def _after_bulk_write(profile_ids):
    """Do once what per-row signals would have done: the search index and the page cache."""
    if apps.is_installed("search"):
        from search.index import reindex

        reindex(profile_ids)
    # Once the new content is there to see, the cached pages showing these profiles expire.
    transaction.on_commit(lambda: expire_profiles(profile_ids))
    transaction.on_commit(_refresh_statistics)


def _refresh_statistics():
    """Let SQLite's query planner see the tables' new shape (PostgreSQL's autovacuum does this).

    Without statistics, at 10,000 profiles SQLite walked the status index to look up a page of
    search results by id, and joined categories from the wrong side: ten times slower.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
