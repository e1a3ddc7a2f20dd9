"""Apprenticeships and courses open now, shown on the improved profile page, and its uptake."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone

from profiles.models import JobProfile


class OpportunityQuerySet(models.QuerySet):
    def current(self, today=None):
        """Opportunities a visitor can still take up: not closed, or not yet started."""
        today = today or timezone.localdate()
        # The closing date decides when there is one; a course with only a start date stays
        # open until it starts.
        return self.filter(
            Q(closing_date__gte=today) | Q(closing_date__isnull=True, start_date__gte=today)
        )


class Opportunity(models.Model):
    """An apprenticeship or course that leads into a career, with a link to apply or enrol."""

    class Kind(models.TextChoices):
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        COURSE = "course", "Course"

    profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="opportunities", verbose_name="career"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    title = models.CharField(max_length=200)
    provider = models.CharField(
        max_length=200, help_text="The employer, college or training provider."
    )
    location = models.CharField(max_length=200, help_text="A town or area, or 'Online'.")
    closing_date = models.DateField(
        null=True, blank=True, help_text="The last day to apply. Hidden from the day after."
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="When it starts. Without a closing date, it is hidden from the day after.",
    )
    url = models.URLField(
        "link",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where to find out more and apply, starting https://.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "opportunities"
        # Apprenticeships before courses, each soonest deadline first.
        ordering = [
            "kind",
            F("closing_date").asc(nulls_last=True),
            F("start_date").asc(nulls_last=True),
            "title",
            "pk",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closing_date__isnull=False) | Q(start_date__isnull=False),
                name="opportunities_opportunity_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["apprenticeship", "course"]),
                name="opportunities_opportunity_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="opportunities_opportunity_web_link",
            ),
        ]
        indexes = [
            models.Index(fields=["profile", "closing_date"], name="opportunities_profile_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.closing_date is None and self.start_date is None:
            raise ValidationError("Give a closing date, a start date or both.")

    @property
    def kind_heading(self):
        """The heading the improved page groups this opportunity under."""
        return {self.Kind.APPRENTICESHIP: "Apprenticeships", self.Kind.COURSE: "Courses"}[self.kind]

    def is_current(self, today=None):
        today = today or timezone.localdate()
        if self.closing_date is not None:
            return self.closing_date >= today
        return self.start_date is not None and self.start_date >= today


class LayoutUptakeQuerySet(models.QuerySet):
    def totals(self):
        """Switches to the improved layout and back, over every day counted."""
        sums = self.aggregate(
            switched_to_improved=Sum("switched_to_improved", default=0),
            switched_back=Sum("switched_back", default=0),
        )
        return sums


class LayoutUptake(models.Model):
    """How many visitors switched to the improved profile layout, and back, on one day.

    Only counts are kept: nothing about who switched.
    """

    day = models.DateField()
    switched_to_improved = models.PositiveIntegerField(default=0)
    switched_back = models.PositiveIntegerField("switched back to the old version", default=0)

    objects = LayoutUptakeQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name = "improved layout uptake"
        verbose_name_plural = "improved layout uptake"
        constraints = [
            models.UniqueConstraint(fields=["day"], name="opportunities_layoutuptake_one_per_day"),
        ]

    def __str__(self):
        return f"{self.day:%-d %B %Y}"

    @classmethod
    def record(cls, *, improved):
        """Count one visitor switching to the improved layout (or back to the old one) today."""
        field = "switched_to_improved" if improved else "switched_back"
        add_one = {field: F(field) + 1}
        today = timezone.localdate()
        # The addition happens in the database, so simultaneous switches are all counted.
        if cls.objects.filter(day=today).update(**add_one):
            return
        row, created = cls.objects.get_or_create(day=today, defaults={field: 1})
        if not created:  # another request created today's row first
            cls.objects.filter(pk=row.pk).update(**add_one)
