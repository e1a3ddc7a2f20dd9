"""How many visitors take up the improved profile layout: counts a day, nothing about anyone."""

from django.db import models
from django.db.models import F, Sum
from django.utils import timezone


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
        db_table = "opportunities_layoutuptake"
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
