import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core import signing
from django.db import models
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, FloatField, Max, Q
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
        # Messages someone acted on; "won't fix" is closed, but not resolved.
        resolved = Q(kind__in=[kind.PROBLEM, kind.GENERAL], status=Feedback.Status.RESOLVED)
        return (
            self.values("page")
            .annotate(
                yes=Count("pk", filter=Q(kind=kind.USEFUL)),
                no=Count("pk", filter=Q(kind=kind.NOT_USEFUL)),
                messages=Count("pk", filter=Q(kind__in=[kind.PROBLEM, kind.GENERAL])),
                unresolved=Count(
                    "pk",
                    filter=Q(
                        kind__in=[kind.PROBLEM, kind.GENERAL],
                        status__in=[Feedback.Status.NEW, Feedback.Status.IN_PROGRESS],
                    ),
                ),
                resolved=Count("pk", filter=resolved),
                resolved_by_change=Count("pk", filter=resolved & Q(resolved_by__isnull=False)),
                time_to_resolve=Avg(
                    ExpressionWrapper(F("resolved_at") - F("created"), DurationField()),
                    filter=resolved,
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
        slugs = {row["page"]: profile_slug(row["page"]) for row in rows}
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
                resolved=row["resolved"],
                resolved_by_change=row["resolved_by_change"],
                time_to_resolve=_duration(row["time_to_resolve"]),
                latest=row["latest"],
                profile_id=ids.get(slugs[row["page"]]),
            )
            for row in rows
        ]


def _duration(value):
    """An average of durations as the database gives it: a timedelta, or (SQLite) microseconds."""
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(microseconds=float(value))


def profile_slug(page):
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
    resolved: int = 0
    resolved_by_change: int = 0  # of them, resolved by publishing a change to the page
    time_to_resolve: timedelta | None = None  # on average, from received to resolved

    @property
    def resolved_percent(self):
        """Resolved messages as a share of those resolved or open (None without either)."""
        handled = self.resolved + self.unresolved
        return round(100 * self.resolved / handled) if handled else None

    @property
    def unresolved_percent(self):
        return None if self.resolved_percent is None else 100 - self.resolved_percent

    @property
    def time_to_resolve_words(self):
        """The average time to resolve in words a report reads well in: "5 hours", "3 days"."""
        if self.time_to_resolve is None:
            return ""
        hours = self.time_to_resolve.total_seconds() / 3600
        if hours < 1:
            return "under an hour"
        if hours < 48:
            whole = round(hours)
            return f"{whole} hour{'s' if whole != 1 else ''}"
        return f"{round(hours / 24)} days"

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

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        WONT_FIX = "wont_fix", "Won't fix"

    class Topic(models.TextChoices):
        WRONG = "wrong", "Something is wrong"
        OUT_OF_DATE = "out_of_date", "Out of date"
        MISSING = "missing", "Something is missing"
        HARD_TO_USE = "hard_to_use", "Hard to use or understand"
        TECHNICAL = "technical", "Technical fault"
        IDEA = "idea", "Idea or request"
        NOT_ACTIONABLE = "not_actionable", "Nothing we can act on"

    # Triage: the editors' own words and labels, never shown to the public.
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    topic = models.CharField(
        max_length=20, choices=Topic, blank=True, help_text="What the feedback is about."
    )
    note = models.TextField(
        "internal note",
        blank=True,
        help_text="For editors only: what was done, or why not. Visitors never see it.",
    )
    # When it was resolved, or marked won't fix.
    resolved_at = models.DateTimeField("closed", null=True, blank=True, editable=False)
    # The published change that answered it: the page's public history then says the change
    # came from visitors' feedback (never whose).
    resolved_by = models.ForeignKey(
        "profiles.ReviewStep",
        verbose_name="resolved by the change",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A change published to this page with a public summary. Its entry in the "
        "page's history then says visitors asked for it, and this feedback is resolved.",
    )
    # A message sent straight after answering "No" belongs with that answer: one visit, one story.
    follows = models.OneToOneField(
        "self",
        verbose_name="answer it follows",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up",
        editable=False,
    )

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
                condition=Q(status__in=["new", "in_progress"], resolved_at__isnull=True)
                | Q(status__in=["resolved", "wont_fix"], resolved_at__isnull=False),
                name="feedback_feedback_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "in_progress", "resolved", "wont_fix"]),
                name="feedback_feedback_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["created"], name="feedback_created_idx"),
            models.Index(fields=["page", "kind"], name="feedback_page_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.page or 'an unknown page'}"

    CLOSED = (Status.RESOLVED, Status.WONT_FIX)

    def save(self, *args, **kwargs):
        if self.is_closed and self.resolved_at is None:
            self.resolved_at = timezone.now()
        elif not self.is_closed:
            self.resolved_at = None
        super().save(*args, **kwargs)

    @property
    def is_closed(self):
        return self.status in self.CLOSED

    @classmethod
    def record(cls, kind, page="", message="", doing="", follows=None):
        """Store one submission: a single INSERT, so a short transaction of its own."""
        return cls.objects.create(
            kind=kind,
            page=local_path(page, PAGE_MAX_LENGTH),
            message=plain_text(message),
            doing=plain_text(doing),
            follows=follows,
        )

    # How long after answering "No" a message still counts as part of the same visit.
    FOLLOW_UP_SECONDS = 60 * 60
    _FOLLOW_UP_SALT = "feedback.follow-up"

    def follow_up_token(self):
        """What the form carries to tie a message to this "No": signed, so no one can tie their
        message to another visitor's answer, and short-lived."""
        return signing.dumps(self.pk, salt=self._FOLLOW_UP_SALT)

    @classmethod
    def answer_to_follow(cls, token):
        """The "No" a form's token names, if it is genuine, recent and not followed up yet."""
        if not token:
            return None
        try:
            pk = signing.loads(token, salt=cls._FOLLOW_UP_SALT, max_age=cls.FOLLOW_UP_SECONDS)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=pk, kind=cls.Kind.NOT_USEFUL, follow_up__isnull=True).first()

    @property
    def preview(self):
        """The start of the message on one line, for lists."""
        text = " ".join(self.message.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"
