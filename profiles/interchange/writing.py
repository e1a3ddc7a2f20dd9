"""Writing a checked catalogue (reading.py's Catalogue) to the database, in bulk, in one go."""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from profiles import signals
from profiles.interchange.format import PROFILE_FIELDS, ROW_LISTS
from profiles.models import Category, FigureSource, JobProfile, RelatedCareer
from profiles.models.workflow import a_year_after


@dataclass
class ImportResult:
    categories_created: int = 0
    categories_updated: int = 0
    figure_sources_created: int = 0
    figure_sources_updated: int = 0
    profiles_created: int = 0
    profiles_updated: int = 0
    created_slugs: list = field(default_factory=list)


@transaction.atomic
def write(catalogue, progress=None, *, keep_existing=False, refresh_statistics=True):
    """Save a checked catalogue in one transaction, matching existing rows by slug.

    A profile already on the site takes the file's fields, and its rows are replaced by the
    file's; categories and profiles the file does not name are left alone. With keep_existing
    (the seed loader: what exists is editors' work) existing categories and profiles are left
    alone too, and only links that lead to or from a new profile are added. Bulk queries keep
    a large file to a few dozen statements. A writer of many catalogues in a row (one batch
    after another) can leave refreshing the query planner's statistics to the last.
    """
    result = ImportResult()
    now = timezone.now()

    existing = dict(
        Category.objects.filter(slug__in=[c.slug for c in catalogue.categories]).values_list(
            "slug", "pk"
        )
    )
    for category in catalogue.categories:
        category.pk = existing.get(category.slug)
    Category.objects.bulk_create([c for c in catalogue.categories if c.pk is None])
    if not keep_existing:
        Category.objects.bulk_update(
            [c for c in catalogue.categories if c.slug in existing], ["name", "description"]
        )
        result.categories_updated = len(existing)
    result.categories_created = len(catalogue.categories) - len(existing)

    citing_updated_sources = _write_figure_sources(
        catalogue.figure_sources, result, keep_existing=keep_existing
    )

    existing = dict(
        JobProfile.objects.filter(
            slug__in=[parsed.profile.slug for parsed in catalogue.profiles]
        ).values_list("slug", "pk")
    )
    for parsed in catalogue.profiles:
        parsed.profile.pk = existing.get(parsed.profile.slug)
        parsed.profile.modified_at = now
    new = [parsed for parsed in catalogue.profiles if parsed.profile.pk is None]
    for parsed in new:
        # Published from a file: due for review a year after its content last changed.
        if parsed.profile.is_published and parsed.profile.next_review_by is None:
            parsed.profile.next_review_by = a_year_after(parsed.profile.content_updated)
    written = new if keep_existing else catalogue.profiles
    JobProfile.objects.bulk_create([parsed.profile for parsed in new], batch_size=500)
    result.profiles_created = len(new)
    result.created_slugs = [parsed.profile.slug for parsed in new]
    if not keep_existing:
        _update_profiles([p.profile for p in catalogue.profiles if p.profile.slug in existing])
        result.profiles_updated = len(existing)

    profile_ids = dict(
        JobProfile.objects.filter(
            slug__in={slug for parsed in catalogue.profiles for slug in parsed.related}
        ).values_list("slug", "pk")
    )
    profile_ids.update({parsed.profile.slug: parsed.profile.pk for parsed in catalogue.profiles})
    category_ids = dict(Category.objects.values_list("slug", "pk"))
    new_slugs = set(result.created_slugs)
    rows = {key: [] for key in ROW_LISTS}
    links, memberships = [], []
    Through = JobProfile.categories.through
    for done, parsed in enumerate(catalogue.profiles, start=1):
        is_new = parsed.profile.slug in new_slugs
        if is_new or not keep_existing:
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
            if not keep_existing or is_new or slug in new_slugs
        ]
        if progress:
            progress(done, len(catalogue.profiles))
    if not keep_existing:
        _delete_rows(list(existing.values()))
    for key, spec in ROW_LISTS.items():
        spec.model.objects.bulk_create(rows[key], batch_size=500)
    Through.objects.bulk_create(memberships, batch_size=500)
    # Seed links between profiles that exist already are editors' to keep or remove.
    RelatedCareer.objects.bulk_create(links, batch_size=500, ignore_conflicts=keep_existing)

    changed = {parsed.profile.pk for parsed in written} | {link.from_profile_id for link in links}
    changed |= citing_updated_sources
    signals.changed(
        changed, lists_changed=bool(result.categories_created or result.categories_updated)
    )
    if refresh_statistics:
        transaction.on_commit(refresh_planner_statistics)
    return result


def _write_figure_sources(sources, result, *, keep_existing):
    """Sources are known by name: the file's take their place, or update the site's (their
    profiles, holding the same objects, then save with their keys). Returns the profiles
    citing a source it updated, whose pages show the source's name and link."""
    existing = dict(
        FigureSource.objects.filter(name__in=[s.name for s in sources]).values_list("name", "pk")
    )
    for source in sources:
        source.pk = existing.get(source.name)
    FigureSource.objects.bulk_create([s for s in sources if s.pk is None])
    result.figure_sources_created = len(sources) - len(existing)
    if keep_existing or not existing:
        return set()
    FigureSource.objects.bulk_update(
        [s for s in sources if s.name in existing], ["url", "review_every_months"]
    )
    result.figure_sources_updated = len(existing)
    return set(JobProfile.objects.citing(existing.values()).values_list("pk", flat=True))


def _update_profiles(profiles):
    # One UPDATE a profile: bulk_update's CASE expressions took ten times as long to build for
    # 1,000 profiles.
    fields = [*PROFILE_FIELDS.values(), "modified_at"]
    for profile in profiles:
        JobProfile.objects.filter(pk=profile.pk).update(
            **{name: getattr(profile, name) for name in fields}
        )


def _delete_rows(profile_ids):
    """Delete these profiles' rows in one statement a kind, without a signal for each row.

    The rows are replaced by the file's, and signals.changed() covers the profiles once. Only
    for rows nothing else points at (a profile's skills, tasks, links…): no cascade to miss.
    """
    for queryset in [
        *(spec.model.objects.filter(profile_id__in=profile_ids) for spec in ROW_LISTS.values()),
        JobProfile.categories.through.objects.filter(jobprofile_id__in=profile_ids),
        RelatedCareer.objects.filter(from_profile_id__in=profile_ids),
    ]:
        queryset._raw_delete(queryset.db)


def refresh_planner_statistics():
    """Let SQLite's query planner see the tables' new shape (PostgreSQL's autovacuum does this).

    Without statistics, at 10,000 profiles SQLite walked the status index to look up a page of
    search results by id, and joined categories from the wrong side: ten times slower.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
