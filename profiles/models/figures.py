"""Where a profile's figures come from: a source, the period they describe and the area.

A salary or hours figure with a source says so beside it on the page ("Source: ONS Annual
Survey of Hours and Earnings, 2024, England"); one without says nothing, since we will not
claim what we do not know. Each source has a release cycle: once figures are older than it,
they may be out of date, and editors see them in "figures to check" (the admin) while the
page says so (at that date, without an edit, since cached pages are keyed by the day).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

# The figures a profile gives, each with its own provenance: <name>_source, _period and _area.
FIGURES = ("salary", "hours")
EARLIEST_PERIOD = 1990


class FigureArea(models.TextChoices):
    """Where the figures were measured, in the words the statistics' publishers use."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    GREAT_BRITAIN = "great-britain", "Great Britain"
    UK = "uk", "UK"


class FigureSource(models.Model):
    """A publisher of figures editors cite, such as a national survey."""

    name = models.CharField(
        max_length=150,
        help_text="As the page should name it, e.g. “ONS Annual Survey of Hours and Earnings”.",
    )
    url = models.URLField(
        "link",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Optional: the page where the figures are published (https://…).",
    )
    review_every_months = models.PositiveSmallIntegerField(
        "review every (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How long after the end of the period its figures describe a new release "
        "is due: 12 for a yearly survey. Past it, profiles citing it are flagged for a check.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="profiles_figuresource_unique_name"),
            models.CheckConstraint(
                condition=Q(review_every_months__gte=1, review_every_months__lte=120),
                name="profiles_figuresource_review_every_in_range",
            ),
            # The form's validator covers editors; this covers everything else.
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="profiles_figuresource_url_is_web",
            ),
        ]

    def __str__(self):
        return self.name

    def check_by(self, period):
        """The last day figures for a period (a year) can be taken as current."""
        return check_by(period, self.review_every_months)

    def earliest_current_period(self, today):
        """The oldest period whose figures are not yet due for a check on this day."""
        period = today.year + 1
        while self.check_by(period - 1) >= today:
            period -= 1
        return period


def check_by(period, months):
    """The last day of the month `months` after the end of the year `period`."""
    month_index = 12 + months - 1  # months since January of `period`, zero-based
    year, month = period + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def validate_period(value):
    this_year = timezone.localdate().year
    if value is not None and value > this_year:
        raise ValidationError(
            f"The period cannot be in the future: enter the year the figures describe "
            f"({this_year} or earlier)."
        )


class PeriodField(models.PositiveSmallIntegerField):
    """The year a figure describes: not before EARLIEST_PERIOD, not after this year."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "validators",
            [
                MinValueValidator(EARLIEST_PERIOD, f"Enter a year from {EARLIEST_PERIOD}."),
                validate_period,
            ],
        )
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


class SourceField(models.ForeignKey):
    """Which of the editors' figure sources a figure comes from; blank when not recorded."""

    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("to", "profiles.FigureSource")
        kwargs.setdefault("on_delete", models.PROTECT)
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            "Leave blank when you do not know where the figures came from: the page then makes "
            "no claim about them.",
        )
        super().__init__(verbose_name=verbose_name, **kwargs)


@dataclass(frozen=True)
class Provenance:
    """What a page says about where one of a profile's figures came from."""

    source: FigureSource
    period: int
    area: str

    @property
    def area_label(self):
        return FigureArea(self.area).label

    @property
    def check_by(self):
        return self.source.check_by(self.period)

    def may_be_out_of_date(self, today=None):
        return (today or timezone.localdate()) > self.check_by


def provenance_problems(source, period, area):
    """{which: message} for a figure's source, period and area that do not make one claim."""
    if source is None:
        if period is not None or area:
            return {"source": "Choose the source of these figures, or clear the period and area."}
        return {}
    problems = {}
    if period is None:
        problems["period"] = "Enter the year these figures describe."
    if not area:
        problems["area"] = "Choose the area these figures describe."
    return problems


def figures_to_check_filter(sources, today):
    """A filter for profiles with a figure past its source's review interval on this day."""
    condition = Q(pk__in=[])
    for source in sources:
        oldest = source.earliest_current_period(today)
        for figure in FIGURES:
            condition |= Q(**{f"{figure}_source": source, f"{figure}_period__lt": oldest})
    return condition
