import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.db import models
from django.db.models import Count, F, FloatField, Max, Q
from django.db.models.functions import Cast, Length, NullIf
from django.db.models.lookups import LessThanOrEqual
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

from lib.same_site import local_path
from profiles.models import JobProfile

PAGE_MAX_LENGTH = 500
MESSAGE_MAX_LENGTH = 1200
DOING_MAX_LENGTH = 500

# Control characters other than tab and newline, and the bidirectional controls that can make a
# message read differently in the admin from what was sent.
_UNWANTED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Browsers send a textarea's line breaks as CRLF while the character count counts one character.
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")


def plain_text(value):
    """Visitor text with line breaks normalised and control characters removed."""
    return _UNWANTED_CHARACTERS.sub("", _LINE_BREAKS.sub("\n", value)).strip()


class FeedbackQuerySet(models.QuerySet):
    def older_than(self, days):
        """Feedback received more than the given number of days ago."""
        return self.filter(created__lt=timezone.now() - timezone.timedelta(days=days))

    def by_page(self):
        """Yes/no answers and messages per page, the least useful page first."""
        kind = Feedback.Kind
        return (
            self.values("page")
            .annotate(
                yes=Count("pk", filter=Q(kind=kind.USEFUL)),
                no=Count("pk", filter=Q(kind=kind.NOT_USEFUL)),
                messages=Count("pk", filter=Q(kind__in=[kind.PROBLEM, kind.GENERAL])),
                unresolved=Count(
                    "pk", filter=Q(kind__in=[kind.PROBLEM, kind.GENERAL], resolved=False)
                ),
                latest=Max("created"),
            )
            .annotate(
                useful_share=Cast(F("yes"), FloatField()) / NullIf(F("yes") + F("no"), 0),
            )
            .order_by(
                F("useful_share").asc(nulls_last=True), "-no", "-unresolved", "-messages", "page"
            )
        )

    def page_summaries(self):
        """by_page() as PageSummary rows, each profile page linked to its admin change form."""
        rows = list(self.by_page())
        slugs = {row["page"]: _profile_slug(row["page"]) for row in rows}
        ids = dict(
            JobProfile.objects.filter(slug__in={s for s in slugs.values() if s}).values_list(
                "slug", "pk"
            )
        )
        return [
            PageSummary(
                page=row["page"],
                yes=row["yes"],
                no=row["no"],
                messages=row["messages"],
                unresolved=row["unresolved"],
                latest=row["latest"],
                profile_id=ids.get(slugs[row["page"]]),
            )
            for row in rows
        ]


def _profile_slug(page):
    try:
        match = resolve(urlsplit(page).path)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.view_name == "profiles:detail" else None


@dataclass(frozen=True)
class PageSummary:
    """What visitors said about one page."""

    page: str
    yes: int
    no: int
    messages: int
    unresolved: int
    latest: datetime
    profile_id: int | None = None

    @property
    def answers(self):
        return self.yes + self.no

    @property
    def useful_percent(self):
        """Share of yes/no answers that said yes, as a whole percentage (None without answers)."""
        return round(100 * self.yes / self.answers) if self.answers else None

    @property
    def not_useful_percent(self):
        return None if self.useful_percent is None else 100 - self.useful_percent

    @property
    def profile_admin_url(self):
        if self.profile_id is None:
            return ""
        try:
            return reverse("admin:profiles_jobprofile_change", args=[self.profile_id])
        except NoReverseMatch:
            return ""

    @property
    def feedback_admin_url(self):
        """The feedback list filtered to this page."""
        return reverse("admin:feedback_feedback_changelist") + "?" + urlencode({"page": self.page})


class Feedback(models.Model):
    """One visitor's answer or message about a page. No personal data is asked for or kept."""

    class Kind(models.TextChoices):
        USEFUL = "useful", "Page is useful"
        NOT_USEFUL = "not_useful", "Page is not useful"
        PROBLEM = "problem", "Problem with a page"
        GENERAL = "general", "General feedback"

    page = models.CharField(
        max_length=PAGE_MAX_LENGTH,
        blank=True,
        help_text="The address on this site the visitor was on, if known.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    message = models.TextField("what went wrong, or what could be better", blank=True)
    doing = models.TextField("what they were doing", blank=True)
    created = models.DateTimeField("received", default=timezone.now, editable=False)
    resolved = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["useful", "not_useful", "problem", "general"]),
                name="feedback_feedback_kind_valid",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MESSAGE_MAX_LENGTH),
                name="feedback_feedback_message_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("doing"), DOING_MAX_LENGTH),
                name="feedback_feedback_doing_length",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["useful", "not_useful"]) | ~Q(message=""),
                name="feedback_feedback_message_required",
            ),
            models.CheckConstraint(
                condition=Q(resolved=False, resolved_at__isnull=True)
                | Q(resolved=True, resolved_at__isnull=False),
                name="feedback_feedback_resolved_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["created"], name="feedback_created_idx"),
            models.Index(fields=["page", "kind"], name="feedback_page_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.page or 'an unknown page'}"

    def save(self, *args, **kwargs):
        if self.resolved and self.resolved_at is None:
            self.resolved_at = timezone.now()
        elif not self.resolved:
            self.resolved_at = None
        super().save(*args, **kwargs)

    @classmethod
    def record(cls, kind, page="", message="", doing=""):
        """Store one submission: a single INSERT, so a short transaction of its own."""
        return cls.objects.create(
            kind=kind,
            page=local_path(page, PAGE_MAX_LENGTH),
            message=plain_text(message),
            doing=plain_text(doing),
        )

    @property
    def preview(self):
        """The start of the message on one line, for lists."""
        text = " ".join(self.message.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"
