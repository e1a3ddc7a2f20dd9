"""Review and publishing: where a draft or a held change stands, and each step taken on it.

A published profile is never edited in place. Its editors work on a copy (a JobProfile whose
`changes_for` names the live one: never public, never listed, never indexed), which goes
through review and replaces the live profile's content when published (profiles/workflow.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


def a_year_after(day):
    """When a page published on `day` is next due for review (29 February: the 28th)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    READY = "ready", "Ready for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    # Approved with a time to publish at: publish_scheduled does the rest.
    APPROVED = "approved", "Approved, waiting to publish"


class ReviewType(models.TextChoices):
    """Who should look, as the reference service's editor asks (content, subject, stakeholder)."""

    CONTENT_DESIGN = "content_design", "Content design (words, structure, plain English)"
    SUBJECT_EXPERT = "subject_expert", "Subject expert (facts, pay, entry routes)"
    STAKEHOLDER = "stakeholder", "Stakeholder (an employer or professional body)"


class StepAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled to publish"
    PUBLISHED = "published", "Published"
    PUBLISHED_WITHOUT_REVIEW = "published_without_review", "Published without review"
    UNPUBLISH_SCHEDULED = "unpublish_scheduled", "Scheduled to unpublish"
    UNPUBLISHED = "unpublished", "Unpublished"
    DISCARDED = "discarded", "Unpublished changes discarded"
    HELD = "held", "Changes held for review"


# The steps that changed what the public sees, which may carry a public summary.
PUBLIC_ACTIONS = (StepAction.PUBLISHED, StepAction.PUBLISHED_WITHOUT_REVIEW)


class ReviewStepQuerySet(models.QuerySet):
    def for_history(self):
        return self.select_related("user").order_by("-at", "-pk")

    def public_changes(self):
        """The page's public history: published changes with a summary, newest first."""
        return (
            self.filter(action__in=PUBLIC_ACTIONS).exclude(public_summary="").order_by("-at", "-pk")
        )


class ReviewStep(models.Model):
    """One step of a profile's review and publishing, for its history: who, when, and why."""

    Action = StepAction

    # The profile people know: the live one, for a held change (a copy comes and goes).
    profile = models.ForeignKey(
        "profiles.JobProfile", on_delete=models.CASCADE, related_name="review_steps"
    )
    action = models.CharField(max_length=30, choices=StepAction)
    review_type = models.CharField(max_length=20, choices=ReviewType, blank=True)
    note = models.TextField(blank=True)
    # One line for the public "Page history" (published steps only): what changed, and why.
    public_summary = models.CharField(max_length=150, blank=True)
    # Set when feedback is marked resolved by this change: the page says visitors asked for it
    # (never who). Written by the feedback app, which sits above this one.
    from_feedback = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ReviewStepQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "review step"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=StepAction.values), name="profiles_reviewstep_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_type__in=["", *ReviewType.values]),
                name="profiles_reviewstep_review_type_valid",
            ),
        ]

    def __str__(self):
        who = self.user or "the site"
        return f"{self.get_action_display()} by {who}"
