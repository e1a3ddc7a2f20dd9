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


def _profile_snapshot(profile):
    """A saved profile's public content as an editor reads it: {what: text or [lines]}."""
    snapshot = {}
    for field in JobProfile._meta.concrete_fields:
        if field.attname in JobProfile.NOT_PUBLIC:
            continue
        value = getattr(profile, field.attname)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        snapshot[str(field.verbose_name).capitalize()] = "" if value is None else str(value)
    snapshot["Address"] = f"/job-profiles/{profile.slug}/"
    snapshot["Categories"] = ", ".join(
        profile.categories.order_by("name").values_list("name", flat=True)
    )
    for part in JobProfile.parts.public:
        manager = part.rows_of(profile.pk)
        lines = []
        for row in manager.order_by(*part.model._meta.ordering or ["pk"]):
            values = []
            for name in part.fields:
                field = part.model._meta.get_field(name)
                value = getattr(row, name)
                if field.choices:
                    value = dict(field.flatchoices).get(value, value)
                values.append("" if value in (None, "") else str(value))
            lines.append(" – ".join(value for value in values if value))
        snapshot[part.label or part.name] = lines
    return snapshot


def compare(live, held):
    """What publishing `held` would change on `live`: [{what, before, after, added, removed}]."""
    before, after = _profile_snapshot(live), _profile_snapshot(held)
    changes = []
    for what, new in after.items():
        old = before.get(what)
        if old == new:
            continue
        change = {"what": what, "before": old, "after": new, "is_list": isinstance(new, list)}
        if change["is_list"]:
            change["added"] = [line for line in new if line not in old]
            change["removed"] = [line for line in old if line not in new]
            change["reordered"] = not change["added"] and not change["removed"]
        changes.append(change)
    return changes
