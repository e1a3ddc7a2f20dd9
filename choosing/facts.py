"""Every published profile's facts, held in memory, for the explore page, the API's filters and
the interests quiz's matching.

Built in a few queries (one for the profiles, one a part, one for the categories), and built
again when public content changes: the page cache's content version (lib/page_cache.py) says
when, on every instance at once. A profile is a bit, at its place in A to Z order; each
option of each group (filters.GROUPS) is the set of profiles it holds, as an integer.
"""

from dataclasses import dataclass

from choosing import filters
from lib import page_cache
from profiles.models import (
    INTEREST_FIELDS,
    Category,
    EntryRoute,
    JobProfile,
    WorkingTime,
    Workplace,
)

# The figures the groups' tests read, beside what orders the list.
_FIELDS = (
    "pk",
    "qualification_level",
    "salary_starter_min",
    "salary_starter_max",
    "hours_min",
    "hours_max",
    *INTEREST_FIELDS,
)


@dataclass(frozen=True)
class _Profile:
    pk: int
    qualification_level: str
    salary_starter_min: int
    salary_starter_max: int
    hours_min: int
    hours_max: int
    interests: tuple  # the six interest scores, in INTEREST_AREAS' order; None for unscored


def _rows(part, published):
    """(profile id, kind) for every row of a part that a group reads."""
    if part == "categories":
        through = JobProfile.categories.through.objects.filter(jobprofile__in=published)
        return through.values_list("jobprofile_id", "category__slug")
    if part == "entry_routes":
        routes = EntryRoute.objects.filter(kind=EntryRoute.Kind.APPRENTICESHIP)
        return routes.filter(profile__in=published).values_list("profile_id", "kind")
    model = {"working_times": WorkingTime, "workplaces": Workplace}[part]
    return model.objects.filter(profile__in=published).values_list("profile_id", "kind")


class Facts:
    """The published profiles' facts as sets of bits, one set an option."""

    def __init__(self):
        published = JobProfile.objects.published()
        profiles = [
            _Profile(*row[:6], interests=row[6:])
            for row in published.order_by("title", "slug").values_list(*_FIELDS)
        ]
        self.ids = [profile.pk for profile in profiles]
        # For the interests quiz: each profile's six scores by position, if it has all six.
        self.interests = [None if None in p.interests else p.interests for p in profiles]
        self.levels = [profile.qualification_level for profile in profiles]
        # The scored profiles' places and scores, apart, for matching in one pass.
        self.scored = [(i, scores) for i, scores in enumerate(self.interests) if scores]
        bit = {profile.pk: 1 << position for position, profile in enumerate(profiles)}
        self.everyone = (1 << len(profiles)) - 1
        by_salary = sorted(
            range(len(profiles)),
            key=lambda i: (-profiles[i].salary_starter_max, -profiles[i].salary_starter_min, i),
        )
        self._orders = {"title": range(len(profiles)), "salary": by_salary}
        categories = [
            filters.Option(slug, name)
            for slug, name in Category.objects.values_list("slug", "name")
        ]
        self.groups = tuple(
            group.with_options(categories) if group.name == "category" else group
            for group in filters.GROUPS
        )
        self.masks = {}
        rows_read = {}
        for group in self.groups:
            masks = dict.fromkeys((option.value for option in group.options), 0)
            if group.field:
                for profile in profiles:
                    value = getattr(profile, group.field)
                    if value in masks:
                        masks[value] |= bit[profile.pk]
            elif group.tests:
                for value, test in group.tests.items():
                    masks[value] = sum(bit[p.pk] for p in profiles if test(p))
            else:
                if group.rows not in rows_read:
                    rows_read[group.rows] = list(_rows(group.rows, published))
                for profile_id, kind in rows_read[group.rows]:
                    if kind in masks and profile_id in bit:
                        masks[kind] |= bit[profile_id]
            self.masks[group.name] = masks

    def group(self, name):
        return next(group for group in self.groups if group.name == name)

    def ids_in_order(self, mask, sort):
        """The ids of the profiles in a set, A to Z or by starting salary."""
        # The bits as text, lowest first: one pass, rather than a shift for each profile.
        bits = bin(mask)[:1:-1]
        return [self.ids[i] for i in self._orders[sort] if i < len(bits) and bits[i] == "1"]


_held = page_cache.HeldByContentVersion(Facts, "profile facts")


def current():
    """The facts as public content stands now, built again after any change."""
    return _held.current()
