"""What each saved version of a profile changed, field by field, for its history page."""

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from profiles.models import JobProfile

# Enough to recognise a change; the version itself shows the whole text.
SHOWN = 120


def _short(value):
    text = " ".join(str(value if value not in (None, "") else "(empty)").split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _shown(model, name, data, titles):
    """A row's field as an editor knows it: a related career by its title, a choice by its label."""
    field = model._meta.get_field(name)
    value = data.get(field.attname)
    if field.is_relation:
        if value not in titles:
            found = JobProfile.objects.filter(pk=value).values_list("title", flat=True)
            titles[value] = found.first()
        return titles[value] or f"a deleted profile ({value})"
    return str(dict(field.flatchoices).get(value, value)) if field.choices else str(value)


def _snapshot(version, row_types, titles):
    """A version's public content: its fields, and each part's rows as one line each."""
    fields = version.field_dict
    snapshot = {}
    for field in JobProfile._meta.concrete_fields:
        if field.attname not in JobProfile.NOT_PUBLIC:
            snapshot[str(field.verbose_name).capitalize()] = fields.get(field.attname)
    rows = {}
    for row in version.revision.version_set.all():
        part = row_types.get(row.content_type_id)
        if part is None:
            continue
        data = row.field_dict  # keyed by attname: "profile_id", "to_profile_id"
        if str(data.get(f"{part.fk}_id")) != str(version.object_id):
            continue
        line = " – ".join(_shown(part.model, name, data, titles) for name in part.fields)
        rows.setdefault(part.label or part.name, []).append((data.get("position", 0), line))
    for label, lines in rows.items():
        snapshot[label] = "; ".join(line for _, line in sorted(lines))
    return snapshot


def changes_by_revision(profile):
    """{revision id: [(what, before, after)]}: each version against the one before it."""
    row_types = {
        ContentType.objects.get_for_model(part.model).pk: part
        for part in JobProfile.parts.notifying
    }
    versions = list(
        Version.objects.get_for_object(profile)
        .select_related("revision")
        .prefetch_related("revision__version_set")
        .order_by("revision__date_created", "pk")
    )
    changes, before, titles = {}, None, {}
    for version in versions:
        try:
            now = _snapshot(version, row_types, titles)
        except Exception:
            # A version saved before a field existed, say: its history line stays as it was.
            changes[version.revision_id] = []
            before = None
            continue
        if before is not None:
            changes[version.revision_id] = [
                (what, _short(before.get(what)), _short(value))
                for what, value in now.items()
                if before.get(what) != value
            ]
        before = now
    return changes
