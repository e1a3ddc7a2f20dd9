"""The quiz's questions, which editors write, and how far visitors got: counts a day, no more."""

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from lib import page_cache
from profiles.models import INTEREST_AREAS

# Cached results pages carry this tag beside ALL_CONTENT (see lib/page_cache.py).
QUESTIONS_TAG = "discover-questions"

AREA_CHOICES = [(area.key, area.name) for area in INTEREST_AREAS]


class QuestionQuerySet(models.QuerySet):
    def asked(self):
        """The questions visitors are asked now, in the order they are asked."""
        return self.filter(active=True).order_by("position", "pk")


class Question(models.Model):
    """One work activity a visitor says how they would feel about doing."""

    text = models.CharField(
        "activity",
        max_length=80,
        help_text="A short work activity starting with a verb, as “Repair a bicycle”. "
        "Keep it plain and concrete: one activity, no jargon.",
    )
    area = models.CharField(
        "interest area",
        max_length=20,
        choices=AREA_CHOICES,
        help_text="The area that liking this activity counts towards.",
    )
    position = models.PositiveIntegerField(
        default=0,
        help_text="Questions are asked in this order, lowest first, six to a page. Mix the "
        "areas so that every page has a few.",
    )
    active = models.BooleanField(
        "asked",
        default=True,
        help_text="Untick to stop asking it. Results links made with it still work: visitors "
        "are offered to keep their other answers.",
    )
    modified_at = models.DateTimeField("last saved", auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "quiz question"
        constraints = [
            models.CheckConstraint(
                condition=Q(area__in=[key for key, _ in AREA_CHOICES]),
                name="discover_question_area_valid",
            ),
        ]

    def __str__(self):
        return self.text


def questions_changed(sender, **kwargs):
    transaction.on_commit(lambda: page_cache.expire(QUESTIONS_TAG))


class Step(models.TextChoices):
    STARTED = "started", "Started"
    ANSWERED = "answered", "Answered a page"
    FINISHED = "finished", "Finished"


class QuizCountQuerySet(models.QuerySet):
    def since(self, day):
        return self.filter(day__gte=day)


class QuizCount(models.Model):
    """How many visitors reached one step of the quiz on one day.

    Only counts are kept: nothing about who answered, or what. `page` is the page answered
    (for Step.ANSWERED), else 0.
    """

    day = models.DateField()
    step = models.CharField(max_length=10, choices=Step)
    page = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)

    objects = QuizCountQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "step", "page"]
        verbose_name = "quiz visit count"
        verbose_name_plural = "quiz visits"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "step", "page"], name="discover_count_one_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.day:%-d %B %Y}: {self.get_step_display()} {self.page or ''}".strip()

    @classmethod
    def record(cls, step, page=0):
        """Count one visitor reaching a step today."""
        today = timezone.localdate()
        # The addition happens in the database, so simultaneous visitors are all counted.
        mine = cls.objects.filter(day=today, step=step, page=page)
        if mine.update(count=F("count") + 1):
            return
        row, created = cls.objects.get_or_create(
            day=today, step=step, page=page, defaults={"count": 1}
        )
        if not created:  # another request created today's row first
            mine.update(count=F("count") + 1)
