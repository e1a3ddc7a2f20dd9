"""What each explore filter should leave, worked out in Python from the profiles themselves:
the answer the database's queries are checked against."""

from dataclasses import dataclass

from choosing import filters
from profiles.models import EntryRoute, JobProfile


@dataclass(frozen=True)
class Facts:
    slug: str
    title: str
    level: str
    starter_max: int
    hours_min: int
    hours_max: int
    apprenticeship: bool
    times: frozenset
    places: frozenset
    categories: frozenset


def all_facts():
    profiles = JobProfile.objects.published().prefetch_related(
        "working_times", "workplaces", "entry_routes", "categories"
    )
    return [
        Facts(
            slug=p.slug,
            title=p.title,
            level=p.qualification_level,
            starter_max=p.salary_starter_max,
            hours_min=p.hours_min,
            hours_max=p.hours_max,
            apprenticeship=any(
                r.kind == EntryRoute.Kind.APPRENTICESHIP for r in p.entry_routes.all()
            ),
            times=frozenset(t.kind for t in p.working_times.all()),
            places=frozenset(w.kind for w in p.workplaces.all()),
            categories=frozenset(c.slug for c in p.categories.all()),
        )
        for p in profiles
    ]


def _hours(facts, value):
    return {
        "part-time": facts.hours_min < filters.PART_TIME_HOURS,
        f"up-to-{filters.FULL_TIME_HOURS}": facts.hours_max <= filters.FULL_TIME_HOURS,
        f"over-{filters.FULL_TIME_HOURS}": facts.hours_max > filters.FULL_TIME_HOURS,
    }[value]


def keeps(facts, group, values):
    values = set(values)
    if group == "level":
        return facts.level in values
    if group == "apprenticeship":
        return facts.apprenticeship
    if group == "salary":
        return all(facts.starter_max >= int(v) for v in values)
    if group == "hours":
        return any(_hours(facts, v) for v in values)
    if group == "leave-out":
        return not facts.times & values
    if group == "times":
        return bool(facts.times & values)
    if group == "place":
        return bool(facts.places & values)
    if group == "category":
        return bool(facts.categories & values)
    raise AssertionError(group)


def matching(catalogue, chosen):
    """The careers a selection ({group: values}) leaves, by title as the page sorts them."""
    kept = [f for f in catalogue if all(keeps(f, g, v) for g, v in chosen.items() if v)]
    return sorted(kept, key=lambda f: (f.title, f.slug))


def expected_count(catalogue, chosen, group, value):
    """How many careers the page should say an option would leave."""
    trial = dict(chosen)
    if group == "leave-out":
        trial[group] = (*chosen.get(group, ()), value)
    else:
        trial[group] = (value,) if value else ()
    return len(matching(catalogue, trial))
