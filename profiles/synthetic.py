"""Synthetic job profiles for load tests, benchmarks and round-trip tests; never real advice.

Every synthetic profile and category has a slug starting "synthetic-", which is how
`generate_profiles --delete` finds them again. The text is made up from word lists, with the awkward
characters real content has (quotes, ampersands, accents, angle brackets, emoji) so that anything
that writes profiles out is tested on them.
"""

import datetime
import random

from django.db import models

from profiles import interchange
from profiles.models import INTEREST_AREAS, EntryRoute, JobProfile, WorkingTime, Workplace

PREFIX = "synthetic-"
_CATEGORIES = ("Care", "Office", "Outdoor", "Technical")

_FIELDS = [
    "Clinical",
    "Digital",
    "Marine",
    "Rail",
    "Forestry",
    "Museum",
    "Retail",
    "Dental",
    "Veterinary",
    "Broadcast",
    "Laboratory",
    "Construction",
    "Café",
    "Heritage",
]
_ROLES = [
    "technician",
    "officer",
    "adviser",
    "engineer",
    "clerk",
    "coordinator",
    "analyst",
    "inspector",
    "assistant",
    "manager",
    "designer",
    "operative",
    "surveyor",
    "planner",
]
# Most titles name a speciality too, as real ones do ("Clinical coding officer"), so that
# 10,000 profiles hold thousands of different titles rather than a few hundred.
_SPECIALITIES = [
    "records",
    "systems",
    "quality",
    "support",
    "safety",
    "maintenance",
    "sales",
    "training",
    "data",
    "project",
    "operations",
    "stock",
]
_RESTRICTIONS = [
    "You'll need to pass enhanced background checks.",
    "You'll need a full driving licence.",
    "You'll need to pass a medical check & eye test.",
]
_VERBS = [
    "checking",
    "recording",
    "planning",
    "repairing",
    "explaining",
    "ordering",
    "testing",
    "cleaning",
    "organising",
    "reporting on",
    "designing",
    "measuring",
]
_THINGS = [
    "equipment",
    "records",
    "rotas",
    "samples",
    "budgets",
    "customer enquiries",
    "safety checks",
    "stock",
    "site plans",
    "test results",
    '"urgent" jobs',
    "R&D notes",
]
_SKILLS = [
    "attention to detail",
    "patience & tact",
    "the ability to work well with others",
    "customer service skills",
    "maths knowledge",
    "knowledge of <angle brackets>",
    "to be thorough and pay attention to détail",
    "IT skills 💻",
]
_PLACES = [
    "an office",
    "a workshop",
    "a hospital",
    "outdoors in all weathers",
    "a lab",
    "people's homes",
    "a depot",
    "a call centre",
]


def _sentence(rng):
    return f"You'll spend time {rng.choice(_VERBS)} {rng.choice(_THINGS)} in {rng.choice(_PLACES)}."


def _markdown(rng):
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))]
    if rng.random() < 0.5:
        paragraphs.append("\n".join(f"- {rng.choice(_THINGS)}" for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.3:
        paragraphs.append("Find out more at [Example](https://example.org/careers?a=1&b=2).")
    return "\n\n".join(paragraphs)


def _date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _made_up(rng, field, n, i):
    """A value of a field's kind, for a part this generator was written before."""
    if isinstance(field, models.URLField):
        return f"https://example.org/{field.name}/{n}-{i}"
    if isinstance(field, models.DateField):
        return _date(rng, datetime.date(2024, 1, 1), datetime.date(2028, 12, 31)).isoformat()
    if isinstance(field, models.IntegerField):
        return rng.randint(1, 100)
    return f"{rng.choice(_THINGS).capitalize()} {i + 1}"[: field.max_length or None]


def _rows_of_any_part(rng, spec, n):
    fields = [spec.model._meta.get_field(name) for name in spec.fields]
    # Choices drawn without repeats: rows are often one of each kind for a profile.
    choices = [[value for value, _ in f.flatchoices] for f in fields if f.choices]
    count = min([rng.randint(1, 3), *(len(values) for values in choices)])
    drawn = {f.name: rng.sample([v for v, _ in f.flatchoices], count) for f in fields if f.choices}
    rows = [
        {f.name: drawn[f.name][i] if f.name in drawn else _made_up(rng, f, n, i) for f in fields}
        for i in range(count)
    ]
    return [row[spec.fields[0]] for row in rows] if spec.as_strings else rows


def _facts(n):
    """The structured facts filters use, drawn apart so that the rest stays as it was made."""
    rng = random.Random(f"facts-{n}")
    levels = list(JobProfile.Qualification.values)
    times = rng.sample(list(WorkingTime.Kind.values), rng.randint(0, 3))
    return {
        # Most jobs start at GCSEs or below, as in the catalogue of a real service.
        "qualification_level": rng.choices(levels, weights=[4, 5, 3, 2, 3, 1])[0],
        "working_times": [
            {"kind": kind, "frequency": rng.choice(WorkingTime.Frequency.values)}
            for kind in WorkingTime.Kind.values
            if kind in times
        ],
        "workplaces": [
            kind
            for kind in Workplace.Kind.values
            if kind in rng.sample(list(Workplace.Kind.values), rng.randint(1, 3))
        ],
        "interests": _interests(rng),
    }


def _interests(rng):
    """Scores shaped as real jobs' are: one area at the heart of the job, one beside it, the
    rest a little or none."""
    first, second = rng.sample([area.key for area in INTEREST_AREAS], 2)
    scores = {area.key: rng.randint(0, 3) for area in INTEREST_AREAS}
    scores[first], scores[second] = rng.randint(6, 7), rng.randint(3, 6)
    return scores


# Sources of figures, named as what they are: the generated profiles' figures are made up.
SYNTHETIC_SOURCE = {
    "name": "Synthetic pay survey (made up for testing)",
    "url": "https://example.org/synthetic-pay-survey",
    "review_every_months": 12,
}


def _provenance(n):
    """Where a synthetic profile's figures came from: none recorded for a third, and years
    from 2019 on for the rest, so that some are past the source's interval. Drawn from n, not
    the random stream, so that every other value stays what it was before figures had sources."""
    none = {"source": None, "period": None, "area": ""}
    if n % 3 == 0:
        return none, none
    cited = {"source": SYNTHETIC_SOURCE["name"], "period": 2019 + n % 7, "area": "england"}
    return cited, (cited if n % 2 else none)


def _profile(rng, n, slugs, category_slugs):
    field, role = rng.choice(_FIELDS), rng.choice(_ROLES)
    if rng.random() < 0.8:
        field = f"{field} {rng.choice(_SPECIALITIES)}"
    starter_min = rng.randrange(12_000, 30_000, 250)
    starter_max = starter_min + rng.randrange(0, 9_000, 250)
    hours_min = rng.randint(10, 40)
    kinds = rng.sample(list(EntryRoute.Kind.values), rng.randint(1, 4))
    # A few others, never itself; sampled from the whole list without copying it for each one.
    wanted = min(len(slugs) - 1, rng.randint(2, 5))
    related = [slug for slug in rng.sample(slugs, wanted + 1) if slug != slugs[n]][:wanted]
    opportunities = []
    for i in range(rng.randint(0, 3)):
        closing = _date(rng, datetime.date(2024, 1, 1), datetime.date(2028, 12, 31))
        start = None if rng.random() < 0.5 else closing + datetime.timedelta(days=30)
        if rng.random() < 0.2:
            closing = None
            start = start or datetime.date(2027, 9, 1)
        opportunities.append(
            {
                "kind": rng.choice(["apprenticeship", "course"]),
                "title": f"{field} {role} level {i + 2}",
                "provider": f"{rng.choice(_PLACES).title()} Training Ltd",
                "location": rng.choice(["Leeds", "Online", "Bristol", "Newcastle upon Tyne"]),
                "closing_date": closing and closing.isoformat(),
                "start_date": start and start.isoformat(),
                "url": f"https://example.org/opportunities/{n}-{i}",
            }
        )
    # In the order the site keeps them (Opportunity.Meta.ordering), as an export lists them.
    opportunities.sort(
        key=lambda o: (o["kind"], o["closing_date"] or "~", o["start_date"] or "~", o["title"])
    )
    document = {
        "slug": slugs[n],
        "old_slugs": [f"{slugs[n]}-old"] if rng.random() < 0.1 else [],
        "title": f"{field} {role}",
        "status": JobProfile.Status.DRAFT if rng.random() < 0.1 else JobProfile.Status.PUBLISHED,
        "alternative_titles": [
            f"{field} {alt}"
            for alt in rng.sample([r for r in _ROLES if r != role], rng.randint(2, 3))
        ],
        "summary": f"{field} {role}s keep {rng.choice(_THINGS)} in order (synthetic #{n}).",
        "categories": sorted(rng.sample(category_slugs, rng.randint(1, 2))),
        "salary": {
            "starter_min": starter_min,
            "starter_max": starter_max,
            "experienced_max": starter_max + rng.randrange(0, 25_000, 250),
            "experienced_note": rng.choice(["", "team leader", "senior role"]),
            "note": "These figures are a guide.",
        },
        "hours": {"min": hours_min, "max": min(100, hours_min + rng.randint(0, 15))},
        "entry_requirements": _markdown(rng),
        "entry_routes": [
            {"kind": kind, "text": _markdown(rng), "requirements": rng.choice(["", _sentence(rng)])}
            for kind in kinds
        ],
        "restrictions": rng.choice(_RESTRICTIONS),
        "skills": rng.sample(_SKILLS, rng.randint(3, 6)),
        "tasks_intro": "Your day-to-day tasks may include:",
        "tasks": [f"{rng.choice(_VERBS)} {rng.choice(_THINGS)}" for _ in range(rng.randint(3, 8))],
        "tasks_more": _markdown(rng),
        "working_pattern": _markdown(rng),
        "working_environment": f"You could work in {rng.choice(_PLACES)}.",
        "career_path": _markdown(rng),
        "related_careers": related,
        "opportunities": opportunities,
        "soc_code": rng.choice(["", f"{rng.randint(1111, 9269)}"]),
        "onet_code": rng.choice(["", f"{rng.randint(11, 53)}-{rng.randint(1000, 9199)}.00"]),
        "content_updated": _date(
            rng, datetime.date(2015, 1, 1), datetime.date(2026, 6, 30)
        ).isoformat(),
    }
    document.update(_facts(n))
    salary_source, hours_source = _provenance(n)
    document["salary"].update(salary_source)
    document["hours"].update(hours_source)
    # Parts added to profiles since: rows of made-up values, so every part is exercised.
    for key, spec in interchange.ROW_LISTS.items():
        if key not in document:
            document[key] = _rows_of_any_part(rng, spec, n)
    return document


def catalogue(count, seed=0):
    """A catalogue document with count synthetic profiles and a few synthetic categories."""
    return {**catalogue_header(), "profiles": list(profiles(count, seed))}


def catalogue_header():
    """A catalogue document without its profiles: the synthetic categories and figure source."""
    return {
        "format": interchange.FORMAT_NAME,
        "version": interchange.FORMAT_VERSION,
        "categories": [
            {
                "slug": f"{PREFIX}{name.lower()}",
                "name": f"{name} (synthetic)",
                "description": f"Synthetic {name.lower()} jobs for testing.",
            }
            for name in _CATEGORIES
        ],
        "figure_sources": [SYNTHETIC_SOURCE],
    }


def profiles(count, seed=0):
    """catalogue()'s profiles one at a time, the same ones: for writing any number in batches."""
    rng = random.Random(seed)
    slugs = [f"{PREFIX}{n:05d}" for n in range(1, count + 1)]
    category_slugs = [f"{PREFIX}{name.lower()}" for name in _CATEGORIES]
    for n in range(count):
        yield _profile(rng, n, slugs, category_slugs)
