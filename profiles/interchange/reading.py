"""Reading the interchange format: a document checked whole into unsaved rows, or every fault.

Every problem names its record and field (`profiles[3] 'plumber': salary.starter_min: must be a
whole number, not "lots"`), so a file can be fixed in one go; nothing is saved here.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from profiles.interchange.format import (
    CATEGORY_FIELDS,
    FIGURE_SOURCE_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LAYOUT,
    LINK_KEYS,
    PROFILE_FIELDS,
    ROW_LISTS,
    SOURCE_FIELDS,
)
from profiles.models import Category, FigureSource, JobProfile, SlugRedirect


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
    figure_sources: list = field(default_factory=list)


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

    def build(self, instance, record, values, *, base="", exclude=(), **clean_options):
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
            for name, messages in _by_field(error).items():
                self.add(record, paths.get(name, name), " ".join(messages))
                bad.add(name)
        if not bad:
            try:
                instance.clean(**clean_options)
            except ValidationError as error:
                for name, messages in _by_field(error).items():
                    self.add(record, paths.get(name, name), " ".join(messages))
        return instance


def _by_field(error):
    """A ValidationError's messages by field, a model-wide one under NON_FIELD_ERRORS."""
    return (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )


def _unknown_keys(values, allowed):
    return sorted(set(values) - set(allowed))


def _record(kind, index, document, known_by="slug"):
    name = document.get(known_by) if isinstance(document, dict) else None
    return f"{kind}[{index}] {name!r}" if isinstance(name, str) else f"{kind}[{index}]"


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


def _resolve_sources(checker, record, values, sources):
    """Replace the figure-source names in values by the sources they name: one of the file's
    figure_sources or a source on the site already."""
    for name in SOURCE_FIELDS:
        path, value = values[name]
        if value is MISSING or value is None:
            continue
        if not isinstance(value, str):
            checker.add(record, path, "must be the name of a figure source, or null")
        elif value not in sources:
            checker.add(record, path, f"no figure source {value!r} in the file or site")
        else:
            values[name] = (path, sources[value])
            continue
        values[name] = (path, MISSING)


def _parse_profile(checker, index, document, existing, sources):
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
    # The model would ask the database about each slug in turn (two queries a profile); the
    # file's slugs are checked against the site's in bulk instead, by _check_old_slugs.
    _resolve_sources(checker, record, values, sources)
    # A source from the file is not saved yet, so the field's own check (is it in the
    # database?) cannot apply; the names were checked above.
    profile = checker.build(
        JobProfile(pk=pk), record, values, exclude=[*SOURCE_FIELDS], check_slug=False
    )
    parsed = ParsedProfile(profile=profile)
    for key, spec in ROW_LISTS.items():
        parsed.rows[key] = _parse_rows(checker, record, key, spec, document.get(key, []))
    parsed.categories = _parse_slugs(checker, record, "categories", document.get("categories", []))
    parsed.related = _parse_slugs(
        checker, record, "related_careers", document.get("related_careers", [])
    )
    if parsed.profile.slug and parsed.profile.slug in parsed.related:
        checker.add(record, "related_careers", "a profile cannot be related to itself")
    return parsed


def _parse_listed(checker, kind, index, document, model, fields, known_by="slug"):
    """One of a catalogue's categories or figure sources: a flat object of the model's fields."""
    record = _record(kind, index, document, known_by)
    if not isinstance(document, dict):
        checker.add(record, "", "must be an object")
        return None
    for key in _unknown_keys(document, fields):
        checker.add(record, key, "is not a field of this format")
    values = {name: (name, document.get(name, MISSING)) for name in fields}
    return checker.build(model(), record, values)


def _parse_category(checker, index, document):
    return _parse_listed(checker, "categories", index, document, Category, CATEGORY_FIELDS)


def _parse_figure_sources(checker, items):
    """The file's figure sources, and every source a profile may name: the file's and the site's."""
    if not isinstance(items, list):
        checker.add("file", "figure_sources", "must be a list")
        items = []
    # A name used twice in the file is refused below; a name on the site is that source, which
    # the file updates.
    parsed = [
        _parse_listed(
            checker, "figure_sources", i, d, FigureSource, FIGURE_SOURCE_FIELDS, known_by="name"
        )
        for i, d in enumerate(items)
    ]
    parsed = [source for source in parsed if source is not None]
    seen = set()
    for index, source in enumerate(parsed):
        if source.name in seen:
            checker.add(
                f"figure_sources[{index}] {source.name!r}", "name", "appears more than once"
            )
        seen.add(source.name)
    sources = {source.name: source for source in FigureSource.objects.all()}
    sources.update({source.name: source for source in parsed})
    return parsed, sources


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
    except RecursionError as error:
        # A catalogue nests five deep; hundreds of levels are a broken or hostile file.
        raise ImportFileError(
            ["the file nests lists or objects hundreds of levels deep, which no catalogue does"]
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
    for key in _unknown_keys(
        document, ["format", "version", "categories", "figure_sources", "profiles"]
    ):
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
    figure_sources, sources = _parse_figure_sources(checker, document.get("figure_sources", []))
    slugs = [d.get("slug") for d in profiles_data if isinstance(d, dict)]
    existing = dict(
        JobProfile.objects.filter(slug__in=[s for s in slugs if isinstance(s, str)]).values_list(
            "slug", "pk"
        )
    )
    profiles = []
    total = len(profiles_data)
    for index, data in enumerate(profiles_data):
        profiles.append(_parse_profile(checker, index, data, existing, sources))
        if progress:
            progress(index + 1, total)

    _check_references(checker, categories, profiles)
    if checker.problems:
        raise ImportFileError(checker.problems)
    return Catalogue(categories=categories, profiles=profiles, figure_sources=figure_sources)


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
