"""The explore page's filters: what each option means, how many careers it would leave, and the
one address of every combination.

A group of options is one question ("Qualification usually needed to start"). Ticking several
options in a group widens the answer (any of them will do), except in the "leave out" group,
where each tick takes more careers away. Groups narrow each other. The same definitions drive
the page, its option counts and the API's filters, so they cannot disagree.

The answers come from an index of every published profile's facts held in memory (facts.py):
each option is a set of profiles, kept as the bits of an integer, so a filter is a few ANDs and
ORs and a count is a popcount. Counting 50 options in SQL took a query each, 25 ms apiece at
10,000 profiles; here the whole page's counts take well under a millisecond.
"""

import copy
from dataclasses import dataclass

from django.http import QueryDict

from profiles.models import EntryRoute, QualificationLevel, WorkingTime, Workplace

PAGE_SIZE = 20

SORTS = {"title": "Title (A to Z)", "salary": "Highest starting salary"}
DEFAULT_SORT = "title"

# Under 30 hours a week is part-time in the ONS's Labour Force Survey.
PART_TIME_HOURS = 30
FULL_TIME_HOURS = 37


@dataclass(frozen=True)
class Option:
    value: str
    label: str


class Group:
    """One question on the explore page, asked as a parameter of the same name.

    Each kind of group says how to read its options' profiles out of the facts (see facts.py):
    `field` (a profile's own value), `tests` (a test on the profile's figures) or `rows` (the
    kinds of a part's rows, by the part's name).
    """

    def __init__(
        self,
        name,
        legend,
        options=(),
        *,
        hint="",
        tag="",
        field=None,
        tests=None,
        rows=None,
        single=False,
        leaves_out=False,
        folded=False,
    ):
        self.name, self.legend, self.hint = name, legend, hint
        self.tag = tag or legend  # how a chosen option is named among "Your filters"
        self.options = tuple(options)
        self.field, self.tests, self.rows = field, tests, rows
        # Radio buttons (one answer) instead of checkboxes.
        self.single = single
        # Each ticked option leaves careers out, instead of letting more in.
        self.leaves_out = leaves_out
        # Long, and less often wanted: folded away (in a <details>) until one is chosen.
        self.folded = folded

    def with_options(self, options):
        """The same question with its options read from the content (categories)."""
        group = copy.copy(self)
        group.options = tuple(options)
        return group

    def selected(self, params):
        """The values asked for that this group knows, in the group's own order."""
        asked = set(params.getlist(self.name))
        if not asked:
            return ()
        chosen = tuple(o.value for o in self.options if o.value and o.value in asked)
        return chosen[:1] if self.single else chosen

    def label(self, value):
        return next(option.label for option in self.options if option.value == value)


_TIMES = [Option(kind.value, kind.label.capitalize()) for kind in WorkingTime.Kind]
_PLACES = [
    Option(Workplace.Kind.OFFICE, "Office"),
    Option(Workplace.Kind.OUTDOORS, "Outdoors"),
    Option(Workplace.Kind.HOSPITAL, "Hospital or clinic"),
    Option(Workplace.Kind.HOMES, "People's homes"),
    Option(Workplace.Kind.CARE_HOME, "Care home"),
    Option(Workplace.Kind.SCHOOL, "School"),
    Option(Workplace.Kind.SHOP, "Shop"),
    Option(Workplace.Kind.KITCHEN, "Restaurant or kitchen"),
    Option(Workplace.Kind.HOTEL, "Hotel"),
    Option(Workplace.Kind.FACTORY, "Factory or workshop"),
    Option(Workplace.Kind.WAREHOUSE, "Warehouse"),
    Option(Workplace.Kind.BUILDING_SITE, "Building site"),
    Option(Workplace.Kind.VEHICLE, "Vehicle"),
    Option(Workplace.Kind.FROM_HOME, "From home"),
]
_SALARIES = [20000, 25000, 30000, 35000, 40000]

GROUPS = (
    Group(
        "level",
        "Qualification usually needed to start",
        [Option(level.value, level.label) for level in QualificationLevel],
        hint="Tick every level you have or could get.",
        tag="Qualification",
        field="qualification_level",
    ),
    Group(
        "apprenticeship",
        "Apprenticeships",
        [Option(EntryRoute.Kind.APPRENTICESHIP, "You can start with an apprenticeship")],
        tag="Apprenticeships",
        rows="entry_routes",
    ),
    Group(
        "salary",
        "Starting salary",
        [Option("", "Any starting salary")]
        + [Option(str(amount), f"£{amount:,} or more") for amount in _SALARIES],
        hint="The most a new starter usually earns a year.",
        tests={
            "": lambda p: True,
            **{str(a): (lambda p, a=a: p.salary_starter_max >= a) for a in _SALARIES},
        },
        single=True,
    ),
    Group(
        "hours",
        "Hours a week",
        [
            Option("part-time", "Part-time possible"),
            Option(f"up-to-{FULL_TIME_HOURS}", f"Up to {FULL_TIME_HOURS} hours"),
            Option(f"over-{FULL_TIME_HOURS}", f"More than {FULL_TIME_HOURS} hours"),
        ],
        tests={
            "part-time": lambda p: p.hours_min < PART_TIME_HOURS,
            f"up-to-{FULL_TIME_HOURS}": lambda p: p.hours_max <= FULL_TIME_HOURS,
            f"over-{FULL_TIME_HOURS}": lambda p: p.hours_max > FULL_TIME_HOURS,
        },
    ),
    Group(
        "leave-out",
        "Leave out jobs that can ask for",
        _TIMES,
        hint="For example, tick weekends for jobs with no weekend work.",
        tag="Leave out",
        rows="working_times",
        leaves_out=True,
    ),
    Group(
        "times",
        "Only jobs that offer",
        _TIMES,
        hint="For example, evening or weekend work to fit around studying.",
        tag="Only",
        rows="working_times",
        folded=True,
    ),
    Group("place", "Where you could work", _PLACES, tag="Place", rows="workplaces", folded=True),
    # Its options are the categories, read with the facts.
    Group("category", "Job category", tag="Category", rows="categories", folded=True),
)
# Every query parameter the explore page and the API list read.
PARAMETERS = (*(group.name for group in GROUPS), "sort", "page")


class Selection:
    """What a visitor asked the explore page for, read from its address, answered from facts."""

    def __init__(self, params, facts):
        self.facts = facts
        self.groups = facts.groups
        self.chosen = {}
        for group in self.groups:
            if values := group.selected(params):
                self.chosen[group.name] = values
        sort = params.get("sort", DEFAULT_SORT)
        self.sort = sort if sort in SORTS else DEFAULT_SORT
        raw_page = params.get("page", "1")
        self.page = int(raw_page) if raw_page.isascii() and raw_page.isdigit() else 1
        self.page = max(self.page, 1)

    def problems(self, params):
        """What is wrong with these parameters, one sentence each. The API refuses what the page
        forgives: a program sending a value we do not know wants to hear about it. Categories
        are content, not part of the API's description: unknown_categories() says which are
        missing."""
        messages = []
        for group in self.groups:
            asked = params.getlist(group.name)
            if not asked or group.name == "category":
                continue
            known = [option.value for option in group.options if option.value]
            if unknown := [value for value in asked if value not in known]:
                messages.append(
                    f"{group.name} must be one of {', '.join(known)}, not {unknown[0][:100]!r}."
                )
            if group.single and len(asked) > 1:
                messages.append(f"{group.name} takes one value.")
        if params.get("sort", DEFAULT_SORT) not in SORTS:
            messages.append(f"sort must be one of {', '.join(SORTS)}.")
        return messages

    def unknown_categories(self, params):
        known = {option.value for option in self.facts.group("category").options}
        return [slug for slug in params.getlist("category") if slug not in known]

    @property
    def active_groups(self):
        return [group for group in self.groups if group.name in self.chosen]

    def query(self, *, without=None, page=None, sort=None):
        """The canonical parameters: groups and their values in a fixed order, then sort, then
        page; nothing at its default. `without` is a (group name, value or None) to leave out."""
        params = QueryDict(mutable=True)
        for group in self.groups:
            for value in self.chosen.get(group.name, ()):
                if without and without[0] == group.name and without[1] in (None, value):
                    continue
                params.appendlist(group.name, value)
        sort = sort or self.sort
        if sort != DEFAULT_SORT:
            params["sort"] = sort
        page = self.page if page is None else page
        if page > 1:
            params["page"] = str(page)
        return params

    def _group_mask(self, group):
        values = self.chosen[group.name]
        masks = self.facts.masks[group.name]
        combined = 0
        for value in values:
            combined |= masks[value]
        return ~combined if group.leaves_out else combined

    def mask(self, *, except_group=None):
        """The careers this selection leaves (or would leave without one group), as bits."""
        kept = self.facts.everyone
        for group in self.active_groups:
            if group is not except_group:
                kept &= self._group_mask(group)
        return kept

    def profile_ids(self):
        """The ids of the careers left, in the chosen order."""
        return self.facts.ids_in_order(self.mask(), self.sort)

    def option_counts(self):
        """For every option, how many careers the page would show with it ticked.

        A checkbox in a widening group counts the careers the other groups leave that have it;
        a "leave out" box counts what would be left after it.
        """
        counts = {}
        matched = self.mask()
        for group in self.groups:
            masks = self.facts.masks[group.name]
            if group.leaves_out:
                counts[group.name] = {v: (matched & ~m).bit_count() for v, m in masks.items()}
            else:
                chosen = group.name in self.chosen
                base = self.mask(except_group=group) if chosen else matched
                counts[group.name] = {v: (base & m).bit_count() for v, m in masks.items()}
        return counts

    def loosening(self):
        """For a selection that leaves nothing: what each chosen group alone costs."""
        return [(group, self.mask(except_group=group).bit_count()) for group in self.active_groups]

    def fields(self, counts):
        """The form's groups as the template draws them: every option with its count and state."""
        drawn = []
        for group in self.groups:
            chosen = self.chosen.get(group.name, ())
            inputs = []
            for number, option in enumerate(group.options, start=1):
                checked = option.value in chosen or (
                    group.single and not option.value and not chosen
                )
                inputs.append(
                    {
                        "id": f"{group.name}-{number}",
                        "value": option.value,
                        "label": option.label,
                        "count": counts[group.name].get(option.value, 0),
                        "checked": checked,
                    }
                )
            drawn.append({"group": group, "inputs": inputs, "open": bool(chosen)})
        return drawn
