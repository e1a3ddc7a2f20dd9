"""Review and publishing: held changes to live profiles, review steps, scheduled publishing.

A live profile is never edited in place. The first save of its form makes a copy (a JobProfile
whose `changes_for` is the live one) holding the edited content; later saves edit the copy. The
copy is a draft, so nothing public (pages, search, the API, the sitemap, the facts index) can
see it, and the default manager leaves it out of everything else. Publishing moves the copy's
fields and rows onto the live profile in one transaction, through the profiles' change signal,
and deletes the copy. A draft that was never published goes through the same steps itself.

Who may do what is decided here, not by the form that asks: every admin path (the change page,
the list's actions, a crafted POST) calls these functions, which check the permission.
"""

import logging

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from profiles import checks, signals
from profiles.models import JobProfile, ReviewStatus, ReviewStep
from profiles.models.workflow import a_year_after

log = logging.getLogger(__name__)

PUBLISH = "profiles.publish_jobprofile"
SKIP_REVIEW = "profiles.skipreview_jobprofile"
Action = ReviewStep.Action


class WorkflowError(Exception):
    """A step that cannot be taken now; the message says why, in the editor's words."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


def known_profile(item):
    """The profile people know: the live one for a held change, else the item itself."""
    return item.changes_for if item.is_held_change else item


def held_copy(profile):
    """The copy holding unpublished changes to this profile, or None."""
    return JobProfile.with_held_changes.filter(changes_for=profile.pk).first()


def last_submission(item):
    return (
        ReviewStep.objects.filter(profile=known_profile(item), action=Action.SUBMITTED)
        .select_related("user")
        .first()
    )


def record(item, action, user, note="", review_type="", public_summary=""):
    return ReviewStep.objects.create(
        profile=known_profile(item),
        action=action,
        user=user if user and user.is_authenticated else None,
        note=note,
        review_type=review_type,
        public_summary=public_summary,
    )


# Who may publish what.


def may_publish(user, item):
    """(allowed, reason): a publisher publishes what someone else submitted; publishing one's
    own change, or one nobody submitted, is publishing without review."""
    if not user.has_perm(PUBLISH):
        return False, "Only publishers can publish. Submit it for review instead."
    if user.has_perm(SKIP_REVIEW):
        return True, ""
    if item.review_status not in (ReviewStatus.READY, ReviewStatus.APPROVED):
        return False, "It has not been submitted for review yet."
    submitted = last_submission(item)
    if submitted is not None and submitted.user_id == user.pk:
        return False, "You submitted it, so someone else must review it."
    return True, ""


def _check_may_publish(user, item):
    allowed, reason = may_publish(user, item)
    if not allowed:
        raise PermissionDenied(reason)


def reviewed_by_someone_else(user, item):
    submitted = last_submission(item)
    return (
        item.review_status in (ReviewStatus.READY, ReviewStatus.APPROVED)
        and submitted is not None
        and submitted.user_id != user.pk
    )


# Holding changes.


def hold_changes(live, edited, categories, rows_by_part, user):
    """Make the copy that holds an edit of a live profile: `edited` is the live profile as the
    form would save it (unsaved), with its rows by part name (unsaved where changed)."""
    if live.is_held_change or not live.is_published:
        raise WorkflowError("Only a live profile's changes are held.")
    # `edited` may be the very object `live` is (a form's instance): read the live one afresh.
    live_pk = live.pk
    with transaction.atomic():
        live = JobProfile.objects.select_for_update().get(pk=live_pk)
        if held_copy(live) is not None:
            raise WorkflowError(
                "Someone else started changes to this profile after you opened it. "
                "Open it again to see theirs; yours are not saved."
            )
        copy = edited
        copy._prefetched_objects_cache = {}
        copy.pk = None
        copy._state.adding = True
        copy.changes_for_id = live_pk
        copy.status = JobProfile.Status.DRAFT
        copy.review_status = ReviewStatus.IN_PROGRESS
        copy.review_type = ""
        copy.publish_at = None
        copy.edit_version = 1
        copy.edited_by = user
        copy.save()
        copy.categories.set(categories)
        for part in JobProfile.parts.editable:
            rows = list(rows_by_part.get(part.name, ()))
            for row in rows:
                row.pk = None
                row._state.adding = True
                setattr(row, f"{part.fk}_id", copy.pk)
            part.model._base_manager.bulk_create(rows)
        record(live, Action.HELD, user, "Saved changes; the live page is unchanged.")
    return copy


def snapshot(profile):
    """A profile and its rows as unsaved objects, read now: what hold_changes() takes."""
    profile = JobProfile.with_held_changes.get(pk=profile.pk)
    rows = {part.name: list(part.rows_of(profile.pk)) for part in JobProfile.parts.editable}
    return profile, list(profile.categories.values_list("pk", flat=True)), rows


def hold_version(live, version, user):
    """Hold an earlier version from history as changes to the live profile, not restoring it
    over the live page: the version is applied inside a savepoint, read, and rolled back."""
    with transaction.atomic():
        point = transaction.savepoint_create()
        version.revision.revert(delete=True)
        edited, categories, rows = snapshot(live)
        transaction.savepoint_rollback(point)
        edited.status = JobProfile.Status.PUBLISHED  # as it is: the copy is made a draft
        return hold_changes(live, edited, categories, rows, user)


def discard(copy, user):
    if not copy.is_held_change:
        raise WorkflowError("Only unpublished changes to a live profile can be discarded.")
    with transaction.atomic():
        live = copy.changes_for
        _forget_versions(copy)
        copy.delete()
        record(live, Action.DISCARDED, user)
    return live


def _forget_versions(copy):
    # The copy's own history would show in "recover deleted" once it is gone; the live
    # profile's history keeps the published result.
    Version.objects.get_for_object(copy).delete()


# Review.


def _refuse_if_blocked(item, message, more=()):
    """Nothing goes ahead while a blocking content check (or `more`) finds a problem."""
    problems = checks.blocking(item) + list(more)
    if problems:
        raise WorkflowError(message, problems)


def submit(item, user, review_type, note):
    if item.is_published and not item.is_held_change:
        raise WorkflowError("There are no unpublished changes to submit.")
    if item.review_status == ReviewStatus.READY:
        raise WorkflowError("It is already waiting for review.")
    _refuse_if_blocked(item, "Fix these before submitting it for review:")
    with transaction.atomic():
        item.review_status = ReviewStatus.READY
        item.review_type = review_type
        item.publish_at = None
        item.save(update_fields=["review_status", "review_type", "publish_at", "modified_at"])
        step = record(item, Action.SUBMITTED, user, note, review_type)
    _after_commit(notify_submitted, item, step)
    return step


def request_changes(item, user, note):
    if not user.has_perm(PUBLISH):
        raise PermissionDenied("Only publishers review changes.")
    if item.review_status not in (ReviewStatus.READY, ReviewStatus.APPROVED):
        raise WorkflowError("It is not waiting for review.")
    if not note.strip():
        raise WorkflowError("Say what needs to change, so the author knows what to do.")
    with transaction.atomic():
        item.review_status = ReviewStatus.CHANGES_REQUESTED
        item.publish_at = None
        item.save(update_fields=["review_status", "publish_at", "modified_at"])
        step = record(item, Action.CHANGES_REQUESTED, user, note, item.review_type)
    _after_commit(notify_decided, item, step)
    return step


def approve(item, user, note="", publish_at=None, now=None, public_summary=""):
    """Approve and publish now, or at publish_at (publish_scheduled does it then).

    public_summary: one line for the page's public history, said when it is published."""
    now = now or timezone.now()
    _check_may_publish(user, item)
    if publish_at is not None and publish_at > now:
        _refuse_if_blocked(item, "It cannot be published until these are fixed:")
        with transaction.atomic():
            item.review_status = ReviewStatus.APPROVED
            item.publish_at = publish_at
            item.save(update_fields=["review_status", "publish_at", "modified_at"])
            when = timezone.localtime(publish_at).strftime("%-d %B %Y at %H:%M")
            step = record(
                item,
                Action.SCHEDULED,
                user,
                note or f"To publish on {when}.",
                public_summary=public_summary,
            )
        _after_commit(notify_decided, item, step)
        return known_profile(item)
    reviewed = reviewed_by_someone_else(user, item)
    action = Action.PUBLISHED if reviewed else Action.PUBLISHED_WITHOUT_REVIEW
    if not reviewed and not note.strip():
        raise WorkflowError("Say why this is published without review (an urgent correction?).")
    live, step = publish(item, user, action=action, note=note, public_summary=public_summary)
    _after_commit(notify_decided, item, step)
    return live


def publish(item, user, *, action, note="", public_summary=""):
    """Make the item public: a draft becomes published, a held change replaces its live
    profile's content. Everything is checked first; on any problem nothing changes."""
    with transaction.atomic(), reversion.create_revision():
        item = JobProfile.with_held_changes.select_for_update().get(pk=item.pk)
        _refuse_if_blocked(item, "It cannot be published until these are fixed:", _invalid(item))
        changes = _change_comments(item) if item.is_held_change else ""
        if item.is_held_change:
            live = _apply(item)
        else:
            live = item
            live.status = JobProfile.Status.PUBLISHED
            live.review_status = ReviewStatus.IN_PROGRESS
            live.review_type = ""
            live.publish_at = None
            if live.next_review_by is None or live.next_review_by <= timezone.localdate():
                live.next_review_by = a_year_after(timezone.localdate())
            live.edit_version += 1
            live.save()
        reversion.add_to_revision(live)
        reversion.set_user(user if user and user.is_authenticated else None)
        reversion.set_comment(
            " ".join(part for part in (f"{action.label}.", note, changes) if part)
        )
        step = record(live, action, user, note, public_summary=public_summary)
    return live, step


def _change_comments(copy):
    """What each save of a held change changed, as its history recorded it, oldest first."""
    comments = (
        Version.objects.get_for_object(copy)
        .order_by("revision__date_created", "pk")
        .values_list("revision__comment", flat=True)
    )
    return " ".join(dict.fromkeys(comment for comment in comments if comment))


def _invalid(item):
    """What the database would refuse or the form would not accept, as (where, message)."""
    problems = []
    try:
        item.full_clean(exclude=["categories", "related_careers"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems += [(field.replace("_", " ").capitalize(), m) for m in messages]
    for part in JobProfile.parts.editable:
        for row in part.rows_of(item.pk):
            try:
                row.full_clean(exclude=[part.fk, "position"], validate_unique=False)
            except ValidationError as error:
                where = part.model._meta.verbose_name_plural.capitalize()
                problems += [(where, m) for m in error.messages]
    if item.is_held_change:
        live_pk = item.changes_for_id
        related = JobProfile.parts.named("related_to").rows_of(item.pk).filter(to_profile=live_pk)
        if related.exists():
            problems.append(("Related careers", "A profile cannot be related to itself."))
    return problems


def _apply(copy):
    """Move a held change's content onto its live profile, and delete the copy."""
    live = JobProfile.objects.select_for_update().get(pk=copy.changes_for_id)
    before, date_before = live.stored_public_content(), live.content_updated
    related_before = set(
        JobProfile.parts.named("related_to")
        .rows_of(live.pk)
        .values_list("to_profile_id", flat=True)
    )
    review_untouched = copy.next_review_by == live.next_review_by
    for field in JobProfile._meta.concrete_fields:
        if field.attname not in JobProfile.NOT_COPIED:
            setattr(live, field.attname, getattr(copy, field.attname))
    if review_untouched or not live.next_review_by or live.next_review_by <= timezone.localdate():
        live.next_review_by = a_year_after(timezone.localdate())
    live.edit_version += 1
    live.edited_by_id = copy.edited_by_id
    copy_categories = list(copy.categories.values_list("pk", flat=True))
    for part in JobProfile.parts.editable:
        part.rows_of(live.pk).delete()
        part.rows_of(copy.pk).update(**{part.fk: live.pk})
    _forget_versions(copy)
    copy.delete()
    live.save()  # after the copy is gone, which held the slug too
    live.categories.set(copy_categories)
    # Rows moved by update() send no model signal of their own.
    signals.changed([live.pk], was_public=[live.pk])
    live.update_content_date(before, date_before)
    if copy.link_back_on_publish:
        added = set(
            JobProfile.parts.named("related_to")
            .rows_of(live.pk)
            .values_list("to_profile_id", flat=True)
        )
        link_back(live, added - related_before)
    return live


def link_back(profile, others):
    """Add the profile to each other profile's related careers, at the end of the list; the
    titles of those changed. A live one's list gains it at once: adding a link to a page the
    public reads is no change to what that page says about its own career."""
    linked = []
    for other in JobProfile.objects.filter(pk__in=others).order_by("title"):
        if other.related_to.filter(to_profile=profile).exists():
            continue
        last = other.related_to.aggregate(last=Max("position"))["last"] or 0
        other.related_to.create(to_profile=profile, position=last + 1)
        other.content_updated = timezone.localdate()
        other.save(update_fields=["content_updated", "modified_at"])
        linked.append(other.title)
    return linked


def unpublish(profile, user, note="", at=None, now=None):
    """Take a live profile off the site now, or at `at` (publish_scheduled does it then)."""
    now = now or timezone.now()
    if not user.has_perm(PUBLISH):
        raise PermissionDenied("Only publishers can unpublish.")
    if profile.is_held_change or not profile.is_published:
        raise WorkflowError("It is not published.")
    with transaction.atomic():
        if at is not None and at > now:
            profile.unpublish_at = at
            profile.save(update_fields=["unpublish_at", "modified_at"])
            when = timezone.localtime(at).strftime("%-d %B %Y at %H:%M")
            return record(profile, Action.UNPUBLISH_SCHEDULED, user, note or f"On {when}.")
        return _unpublish(profile, user, note)


def _unpublish(profile, user, note):
    with reversion.create_revision():
        profile.status = JobProfile.Status.DRAFT
        profile.unpublish_at = None
        profile.edit_version += 1
        profile.save(update_fields=["status", "unpublish_at", "edit_version", "modified_at"])
        reversion.add_to_revision(profile)
        reversion.set_user(user if user and user.is_authenticated else None)
        reversion.set_comment(f"Unpublished. {note}".strip())
    return record(profile, Action.UNPUBLISHED, user, note)


def cancel_unpublish(profile, user):
    if not user.has_perm(PUBLISH):
        raise PermissionDenied("Only publishers can change when a profile is unpublished.")
    profile.unpublish_at = None
    profile.save(update_fields=["unpublish_at", "modified_at"])


# Scheduled publishing (the publish_scheduled command).


def publish_due(now=None):
    """Publish what is approved and due, and unpublish what is due: [(profile, action)].

    Each item is claimed by a conditional UPDATE inside its own transaction, so when two
    instances run this at once (cron on each), one claims it and the other finds nothing.
    """
    now = now or timezone.now()
    done = []
    due = JobProfile.with_held_changes.filter(
        review_status=ReviewStatus.APPROVED, publish_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            claimed = JobProfile.with_held_changes.filter(
                pk=pk, review_status=ReviewStatus.APPROVED, publish_at__lte=now
            ).update(publish_at=None)
            if not claimed:
                continue
            item = JobProfile.with_held_changes.get(pk=pk)
            scheduled = ReviewStep.objects.filter(
                profile=known_profile(item), action=Action.SCHEDULED
            ).first()
            summary = scheduled.public_summary if scheduled else ""
            try:
                live, _ = publish(
                    item,
                    None,
                    action=Action.PUBLISHED,
                    note="As scheduled.",
                    public_summary=summary,
                )
            except WorkflowError as error:
                transaction.set_rollback(True)
                log.warning("scheduled publish of %s refused: %s %s", pk, error, error.problems)
                _refused(pk, error)
                continue
        done.append((live, Action.PUBLISHED))
    leaving = JobProfile.objects.published().filter(unpublish_at__lte=now)
    for pk in list(leaving.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = JobProfile.objects.filter(
                pk=pk, status=JobProfile.Status.PUBLISHED, unpublish_at__lte=now
            ).update(unpublish_at=None)
            if not claimed:
                continue
            profile = JobProfile.objects.get(pk=pk)
            _unpublish(profile, None, "As scheduled.")
        done.append((profile, Action.UNPUBLISHED))
    return done


def _refused(pk, error):
    """A scheduled publish that cannot go ahead goes back to its author, saying why."""
    with transaction.atomic():
        item = JobProfile.with_held_changes.filter(pk=pk).first()
        if item is None:
            return
        item.review_status = ReviewStatus.CHANGES_REQUESTED
        item.publish_at = None
        item.save(update_fields=["review_status", "publish_at", "modified_at"])
        problems = "; ".join(f"{where}: {message}" for where, message in error.problems)
        step = record(
            item, Action.CHANGES_REQUESTED, None, f"Not published as scheduled. {problems}"
        )
    _after_commit(notify_decided, item, step)


# Notifications: email, after the step is safely stored; a failed send loses nothing.


def _after_commit(notify, item, step):
    transaction.on_commit(lambda: _send_safely(notify, item, step), robust=True)


def _send_safely(notify, item, step):
    try:
        notify(item, step)
    except Exception:
        log.exception("could not send the email about review step %s", step.pk)


def publishers(excluding=None):
    permission = Permission.objects.get(
        content_type__app_label="profiles", codename="publish_jobprofile"
    )
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission),
        is_active=True,
    )
    if excluding is not None:
        users = users.exclude(pk=excluding.pk)
    return users.exclude(email="").distinct()


def _change_url(item):
    from django.conf import settings

    path = reverse("admin:profiles_jobprofile_change", args=[known_profile(item).pk])
    return settings.SITE_URL.rstrip("/") + path if getattr(settings, "SITE_URL", "") else path


def notify_submitted(item, step):
    to = [user.email for user in publishers(excluding=step.user)]
    if not to:
        return
    who = step.user.get_full_name() or step.user.get_username() if step.user else "Someone"
    lines = [
        f"{who} has submitted “{item.title}” for review ({step.get_review_type_display()}).",
        "",
        f"Their note: {step.note}" if step.note else "They left no note.",
        "",
        f"Review it here: {_change_url(item)}",
    ]
    send_mail(f"Ready for review: {item.title}", "\n".join(lines), None, to)


def notify_decided(item, step):
    submitted = last_submission(item)
    author = submitted.user if submitted else None
    if author is None or not author.email or (step.user and author.pk == step.user.pk):
        return
    verdict = {
        Action.CHANGES_REQUESTED: "needs changes before it can be published",
        Action.SCHEDULED: "is approved and scheduled to publish",
    }.get(step.action, "is approved and published")
    lines = [
        f"“{item.title}” {verdict}.",
        "",
        f"Note from the reviewer: {step.note}" if step.note else "",
        "",
        f"See it here: {_change_url(item)}",
    ]
    send_mail(f"{step.get_action_display()}: {item.title}", "\n".join(lines), None, [author.email])


# For the admin's index: a person's work, in five lists.


def work_list(user, today=None, limit=10):
    today = today or timezone.localdate()
    every = JobProfile.with_held_changes.select_related("changes_for", "edited_by").order_by(
        "-modified_at"
    )
    in_flight = every.filter(Q(changes_for__isnull=False) | Q(status=JobProfile.Status.DRAFT))
    mine = in_flight.filter(edited_by=user.pk)
    waiting = in_flight.filter(review_status=ReviewStatus.READY)
    if not user.has_perm(PUBLISH):
        waiting = waiting.none()
    return {
        "my_drafts": list(mine.filter(review_status=ReviewStatus.IN_PROGRESS)[:limit]),
        "waiting_for_review": list(waiting[:limit]),
        "changes_requested": list(
            in_flight.filter(review_status=ReviewStatus.CHANGES_REQUESTED)[:limit]
        ),
        "scheduled": list(
            every.filter(
                Q(review_status=ReviewStatus.APPROVED, publish_at__isnull=False)
                | Q(unpublish_at__isnull=False)
            ).order_by("publish_at", "unpublish_at")[:limit]
        ),
        "overdue": list(
            JobProfile.objects.review_overdue(today).order_by("next_review_by")[:limit]
        ),
        "overdue_count": JobProfile.objects.review_overdue(today).count(),
        "figures_to_check": list(JobProfile.objects.figures_to_check(today)[:limit]),
        "figures_to_check_count": JobProfile.objects.figures_to_check(today).count(),
    }
