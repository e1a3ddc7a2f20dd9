"""The explore page's filters: what each option means, how many careers it would leave, and the
one address of every combination.

A group of options is one question ("Qualification usually needed to start"). Ticking several
options in a group widens the answer (any of them will do), except in the "leave out" group,
where each tick takes more careers away. Groups narrow each other. The same definitions drive
the page, its option counts and the API's filters, so they cannot disagree.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict

from profiles.models import (
    Category,
    EntryRoute,
    JobProfile,
    QualificationLevel,
    WorkingTime,
    Workplace,
)

PAGE_SIZE = 20

SORTS = {
    "title": ("Title (A to Z)", ("title", "slug")),
    "salary": (
        "Highest starting salary",
        ("-salary_starter_max", "-salary_starter_min", "title", "slug"),
    ),
}
DEFAULT_SORT = "title"

# Under 30 hours a week is part-time in the ONS's Labour Force Survey.
PART_TIME_HOURS = 30
FULL_TIME_HOURS = 37


@dataclass(frozen=True)
class Option:
    value: str
    label: str


class Group:
    """One question on the explore page, asked as a parameter of the same name."""

    # Radio buttons (one answer) instead of checkboxes.
    single = False
    # Each ticked option leaves careers out, instead of letting more in.
    leaves_out = False
    # Long, and less often wanted: folded away (in a <details>) until one of its options is chosen.
    folded = False

    def __init__(self, name, legend, options, hint="", tag=""):
        self.name, self.legend, self.hint = name, legend, hint
        self.tag = tag or legend  # how a chosen option is named among "Your filters"
        self._options = tuple(options)

    @property
    def options(self):
        return self._options

    def selected(self, params):
        """The values asked for that this group knows, in the group's own order."""
        asked = set(params.getlist(self.name))
        if not asked:
            return ()  # without reading the options, which may cost a query
        chosen = tuple(option.value for option in self.options if option.value in asked)
        return chosen[:1] if self.single else chosen

    def label(self, value):
        return next(option.label for option in self.options if option.value == value)

    def condition(self, values):
        """The careers the chosen values leave, as a condition on JobProfile."""
        raise NotImplementedError

    def matching(self, profiles):
        """How many of these careers each option's condition holds for, by value."""
        raise NotImplementedError


class FieldGroup(Group):
    """Options that are values of one field of the profile."""

    def __init__(self, name, legend, field, options, hint="", tag=""):
        super().__init__(name, legend, options, hint, tag)
        self.field = field

    def condition(self, values):
        return Q(**{f"{self.field}__in": values})

    def matching(self, profiles):
        found = dict(
            profiles.order_by()
            .values_list(self.field)
            .annotate(n=Count("pk"))
            .values_list(self.field, "n")
        )
        return {option.value: found.get(option.value, 0) for option in self.options}


class RangeGroup(Group):
    """Options that are each a condition on the profile's own figures (salary, hours)."""

    def __init__(self, name, legend, options, hint="", tag="", single=False):
        choices = [Option(value, label) for value, label, _ in options]
        super().__init__(name, legend, choices, hint, tag)
        self.conditions = {value: condition for value, _, condition in options}
        self.single = single

    def condition(self, values):
        combined = Q()
        for value in values:
            combined |= self.conditions[value]
        return combined

    def matching(self, profiles):
        counts = {
            value: Count("pk", filter=condition) for value, condition in self.conditions.items()
        }
        return profiles.order_by().aggregate(**counts)


class RowGroup(Group):
    """Options that are kinds of a profile's rows (its working times, places of work...)."""

    def __init__(
        self, name, legend, model, options, *, kind="kind", hint="", tag="", leaves_out=False
    ):
        super().__init__(name, legend, options, hint, tag)
        self.model, self.kind, self.leaves_out = model, kind, leaves_out

    def _rows_of(self, values):
        return self.model.objects.filter(**{"profile": OuterRef("pk"), f"{self.kind}__in": values})

    def condition(self, values):
        having = Exists(self._rows_of(values))
        return ~having if self.leaves_out else having

    def matching(self, profiles):
        values = [option.value for option in self.options]
        found = dict(
            self.model.objects.filter(
                profile__in=profiles.values("pk"), **{f"{self.kind}__in": values}
            )
            .order_by()
            .values_list(self.kind)
            .annotate(n=Count("profile"))
            .values_list(self.kind, "n")
        )
        return {value: found.get(value, 0) for value in values}


class CategoryGroup(RowGroup):
    """Categories, whose options are read from the database when first asked for."""

    def __init__(self, name, legend):
        super().__init__(
            name, legend, Category.profiles.through, (), kind="category__slug", tag="Category"
        )
        self._options = None

    @property
    def options(self):
        if self._options is None:
            self._options = tuple(
                Option(slug, name) for slug, name in Category.objects.values_list("slug", "name")
            )
        return self._options

    def _rows_of(self, values):
        return self.model.objects.filter(jobprofile=OuterRef("pk"), category__slug__in=values)

    def matching(self, profiles):
        values = [option.value for option in self.options]
        found = dict(
            self.model.objects.filter(jobprofile__in=profiles.values("pk"))
            .order_by()
            .values_list("category__slug")
            .annotate(n=Count("jobprofile"))
            .values_list("category__slug", "n")
        )
        return {value: found.get(value, 0) for value in values}


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


def groups():
    """The explore page's questions, in the order the page asks them and its address lists them."""
    asked = (
        FieldGroup(
            "level",
            "Qualification usually needed to start",
            "qualification_level",
            [Option(level.value, level.label) for level in QualificationLevel],
            hint="Tick every level you have or could get.",
            tag="Qualification",
        ),
        RowGroup(
            "apprenticeship",
            "Apprenticeships",
            EntryRoute,
            [Option(EntryRoute.Kind.APPRENTICESHIP, "You can start with an apprenticeship")],
            tag="Apprenticeships",
        ),
        RangeGroup(
            "salary",
            "Starting salary",
            [("", "Any starting salary", Q())]
            + [
                (str(amount), f"£{amount:,} or more", Q(salary_starter_max__gte=amount))
                for amount in _SALARIES
            ],
            hint="The most a new starter usually earns a year.",
            single=True,
        ),
        RangeGroup(
            "hours",
            "Hours a week",
            [
                (
                    "part-time",
                    "Part-time possible",
                    Q(hours_min__lt=PART_TIME_HOURS),
                ),
                (
                    f"up-to-{FULL_TIME_HOURS}",
                    f"Up to {FULL_TIME_HOURS} hours",
                    Q(hours_max__lte=FULL_TIME_HOURS),
                ),
                (
                    f"over-{FULL_TIME_HOURS}",
                    f"More than {FULL_TIME_HOURS} hours",
                    Q(hours_max__gt=FULL_TIME_HOURS),
                ),
            ],
        ),
        RowGroup(
            "leave-out",
            "Leave out jobs that can ask for",
            WorkingTime,
            _TIMES,
            hint="For example, tick weekends for jobs with no weekend work.",
            tag="Leave out",
            leaves_out=True,
        ),
        RowGroup(
            "times",
            "Only jobs that offer",
            WorkingTime,
            _TIMES,
            hint="For example, evening or weekend work to fit around studying.",
            tag="Only",
        ),
        RowGroup("place", "Where you could work", Workplace, _PLACES, tag="Place"),
        CategoryGroup("category", "Job category"),
    )
    for group in asked[-3:]:
        group.folded = True
    return asked


class Selection:
    """What a visitor asked the explore page for, read from its address."""

    def __init__(self, params, groups_=None):
        self.groups = groups_ or groups()
        self.chosen = {}
        for group in self.groups:
            values = tuple(value for value in group.selected(params) if value)
            if values:
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
            if not asked or isinstance(group, CategoryGroup):
                continue
            known = [option.value for option in group.options if option.value]
            for value in asked:
                if value not in known:
                    messages.append(
                        f"{group.name} must be one of {', '.join(known)}, not {value[:100]!r}."
                    )
                    break
            if group.single and len(asked) > 1:
                messages.append(f"{group.name} takes one value.")
        if params.get("sort", DEFAULT_SORT) not in SORTS:
            messages.append(f"sort must be one of {', '.join(SORTS)}.")
        return messages

    def unknown_categories(self, params):
        group = next(group for group in self.groups if isinstance(group, CategoryGroup))
        asked = params.getlist(group.name)
        known = {option.value for option in group.options} if asked else set()
        return [slug for slug in asked if slug not in known]

    def is_chosen(self, group, value):
        return value in self.chosen.get(group.name, ())

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

    def profiles(self, *, except_group=None):
        """The published careers this selection leaves, or would leave without one group."""
        profiles = JobProfile.objects.published()
        for group in self.active_groups:
            if group is not except_group:
                profiles = profiles.filter(group.condition(self.chosen[group.name]))
        return profiles

    def ordered(self, profiles):
        return profiles.order_by(*SORTS[self.sort][1])

    def option_counts(self, total):
        """For every option, how many careers the page would show with it ticked.

        One query a group. A checkbox in a widening group counts the careers the other groups
        leave that have it; a "leave out" box counts what would be left after it.
        """
        counts = {}
        matched = self.profiles()
        for group in self.groups:
            if group.leaves_out:
                having = group.matching(matched)
                counts[group.name] = {value: total - n for value, n in having.items()}
            else:
                base = self.profiles(except_group=group) if group.name in self.chosen else matched
                counts[group.name] = group.matching(base)
        return counts

    def loosening(self):
        """For a selection that leaves nothing: what each chosen group alone costs."""
        return [(group, self.profiles(except_group=group).count()) for group in self.active_groups]

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
