"""The profile admin's review and publishing: held changes at the live profile's address, the
review panel's steps, what changed, and the list's filters. The rules are profiles/workflow.py's.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from profiles import checks, workflow
from profiles.admin import history
from profiles.markdown import shown_as_text
from profiles.models import JobProfile, ReviewStatus, ReviewStep, ReviewType


class ReviewDueFilter(admin.SimpleListFilter):
    title = "next review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("soon", "Due in 30 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(status=JobProfile.Status.PUBLISHED, next_review_by__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                status=JobProfile.Status.PUBLISHED,
                next_review_by__gte=today,
                next_review_by__lte=today + timezone.timedelta(days=30),
            )
        return queryset


class WorkflowFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return [
            ("held", "Has unpublished changes"),
            (ReviewStatus.READY, "Ready for review"),
            (ReviewStatus.CHANGES_REQUESTED, "Changes requested"),
            ("scheduled", "Scheduled"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "held":
            return queryset.filter(held_changes__isnull=False)
        if value == "scheduled":
            return (
                queryset.filter(held_changes__review_status=ReviewStatus.APPROVED)
                | queryset.filter(
                    review_status=ReviewStatus.APPROVED, status=JobProfile.Status.DRAFT
                )
                | queryset.filter(unpublish_at__isnull=False)
            )
        if value in (ReviewStatus.READY, ReviewStatus.CHANGES_REQUESTED):
            return queryset.filter(held_changes__review_status=value) | queryset.filter(
                status=JobProfile.Status.DRAFT, review_status=value
            )
        return queryset


class SubmitForm(forms.Form):
    review_type = forms.ChoiceField(
        label="Who should review it", choices=ReviewType.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note for the reviewer (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you changed and why, and anything you would like checked.",
    )


class LaterField(forms.DateTimeField):
    """An optional time in the future, typed or picked (a datetime-local input); empty: now."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        at = super().clean(value)
        if at is not None and at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or leave it empty.")
        return at


class DecideForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    publish_at = LaterField(
        label="Publish at (optional)",
        help_text="Leave empty to publish now. For example 2027-01-15 09:00.",
    )
    public_summary = forms.CharField(
        label="Public summary of the change (optional)",
        required=False,
        max_length=150,
        help_text="One line for the page's “Page history”, e.g. “Pay figures updated to 2026 "
        "data”. Plain words: no links or formatting.",
    )

    def clean_public_summary(self):
        summary = " ".join(self.cleaned_data["public_summary"].split())
        if shown_as_text(summary) or any(mark in summary for mark in "<>[]`*_"):
            raise forms.ValidationError(
                "Use plain words only: the summary is shown as typed, without links or formatting."
            )
        return summary


class UnpublishForm(forms.Form):
    note = forms.CharField(
        label="Why it is unpublished", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    unpublish_at = LaterField(
        label="Unpublish at (optional)", help_text="Leave empty to unpublish now."
    )


STEPS = {
    "submit": SubmitForm,
    "approve": DecideForm,
    "request_changes": DecideForm,
    "publish_now": DecideForm,
    "discard": forms.Form,
    "unpublish": UnpublishForm,
    "cancel_unpublish": forms.Form,
}


class PublishingMixin:
    """For JobProfileAdmin: everything the review and publishing of a profile adds."""

    def get_queryset(self, request):
        # Profiles, never the copies holding their changes (the default manager leaves them
        # out): the list, its counts, its actions and the related careers' autocomplete.
        return (
            super()
            .get_queryset(request)
            .annotate(held_copy_status=F("held_changes__review_status"))
            .prefetch_related("categories")
        )

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None and from_field is None:
            # A held change's copy, edited through its live profile's page (change_view).
            try:
                found = JobProfile.with_held_changes.held_changes().get(pk=object_id)
            except (JobProfile.DoesNotExist, ValueError, ValidationError):
                return None
        return found

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(workflow.PUBLISH)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_held_change:
            return False  # discarded from the review panel, which says what it does
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return False  # deleting a live page is unpublishing it
        return super().has_delete_permission(request, obj)

    @admin.display(description="where it stands")
    def where_it_stands(self, profile):
        held = getattr(profile, "held", None)
        if profile.is_held_change:
            return f"Unpublished changes: {profile.get_review_status_display().lower()}"
        if not profile.is_published:
            return f"Draft: {profile.get_review_status_display().lower()}"
        if held is not None:
            return f"Live, with unpublished changes ({held.get_review_status_display().lower()})"
        return "Live"

    # The change page: a live profile's form edits its held changes.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        found = self.get_object(request, unquote(object_id))
        if found is None:
            return super().change_view(request, object_id, form_url, extra_context)
        if found.is_held_change:
            return redirect(_change_url(found.changes_for_id))
        if not found.is_published:
            return super().change_view(request, object_id, form_url, extra_context)
        copy = workflow.held_copy(found)
        extra_context = {**(extra_context or {}), "live": found, "held": copy}
        if copy is None and request.method == "POST":
            if not self.has_change_permission(request, found):
                raise PermissionDenied
            held = self._hold(request, found)
            if held is not None:
                return held
            # The form's errors: shown by the ordinary view, which saves nothing when invalid.
        if copy is not None:
            request._editing_held_copy = copy
            extra_context["review"] = self._review_context(request, copy)
            return super().change_view(request, str(copy.pk), form_url, extra_context)
        extra_context["review"] = self._review_context(request, found)
        return super().change_view(request, object_id, form_url, extra_context)

    def _hold(self, request, live):
        """The first save of a live profile's form: its content goes into a new copy."""
        live_pk, title = live.pk, str(live)
        edited, errors = self._unsaved_profile(request, live)
        if errors:
            return None
        rows = {name: list(queryset) for name, queryset in edited._prefetched_objects_cache.items()}
        categories = rows.pop("categories", [])
        message = _what_changed(*request._posted_forms)
        try:
            with reversion.create_revision():
                copy = workflow.hold_changes(live, edited, categories, rows, request.user)
                reversion.add_to_revision(copy)
                reversion.set_user(request.user)
                reversion.set_comment(message)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(_change_url(live_pk))
        copy.link_back_on_publish = self._posted_link_back(request)
        copy.save(update_fields=["link_back_on_publish"])
        self.message_user(
            request,
            f"Your changes to “{title}” are saved and held: the public page is unchanged until "
            "they are published. Submit them for review when they are ready.",
            messages.SUCCESS,
        )
        self._warn_shown_as_text(request, copy)
        if "_save" in request.POST or "_addanother" in request.POST:
            # As the admin goes on after any save: to the list as it was filtered, or a new form.
            if "_addanother" in request.POST:
                return redirect(reverse("admin:profiles_jobprofile_add"))
            return self.response_post_save_change(request, copy)
        return redirect(_change_url(live_pk))

    def _posted_link_back(self, request):
        return request.POST.get("link_back") in ("on", "true", "True", "1")

    def _review_context(self, request, item):
        """What the review panel shows and offers for a draft, a held change or a live page."""
        user = request.user
        live = workflow.known_profile(item)
        steps = list(ReviewStep.objects.filter(profile=live).for_history()[:5])
        in_review = item.is_held_change or not item.is_published
        allowed, reason = workflow.may_publish(user, item) if in_review else (False, "")
        return {
            "item": item,
            "live": live,
            "today": timezone.localdate(),
            "in_review": in_review,
            "steps": steps,
            "submitted": workflow.last_submission(item) if in_review else None,
            "findings": checks.findings(item),
            "reading_ages": checks.reading_ages(item),
            "reading_age_aim": checks.READING_AGE_AIM,
            "may_publish": allowed,
            "publish_refusal": reason,
            "reviewed_by_other": workflow.reviewed_by_someone_else(user, item),
            "is_publisher": user.has_perm(workflow.PUBLISH),
            "may_skip_review": user.has_perm(workflow.SKIP_REVIEW),
            "forms": {name: form(prefix=name) for name, form in STEPS.items()},
            "step_url": reverse("admin:profiles_jobprofile_review", args=[live.pk]),
            "changes_url": reverse("admin:profiles_jobprofile_changes", args=[live.pk])
            if item.is_held_change
            else "",
        }

    def save_model(self, request, obj, form, change):
        if change and obj.is_published and not obj.is_held_change:
            # Every save of a live profile's form is held (change_view): this is a crafted
            # or raced request, and the live page is not changed by it.
            raise PermissionDenied("A live profile's changes are held for review.")
        if not change or obj.is_held_change or not obj.is_published:
            obj.status = obj.status if change else JobProfile.Status.DRAFT
        if obj.is_held_change:
            obj.link_back_on_publish = bool(form.cleaned_data.get("link_back"))
        obj.edited_by = request.user
        obj.edit_version = (obj.edit_version or 0) + 1 if change else 1
        super().save_model(request, obj, form, change)

    # The review panel's steps, each a POST of its own.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_step_view),
                name="{}_{}_review".format(*info),
            ),
            path(
                "<path:object_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name="{}_{}_changes".format(*info),
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def review_step_view(self, request, object_id):
        live = JobProfile.objects.filter(pk=unquote(object_id)).first()
        if live is None:
            raise Http404("No such profile.")
        if not self.has_change_permission(request, live):
            raise PermissionDenied
        step = request.POST.get("step", "")
        if step not in STEPS:
            return _back(request, live, "Choose one of the review panel's buttons.", messages.ERROR)
        item = workflow.held_copy(live) if live.is_published else live
        if item is None and step not in ("unpublish", "cancel_unpublish"):
            return _back(request, live, "There are no unpublished changes.", messages.ERROR)
        form = STEPS[step](request.POST, prefix=step)
        if not form.is_valid():
            problems = "; ".join(
                f"{form.fields[name].label if name in form.fields else 'Form'}: {' '.join(errs)}"
                for name, errs in form.errors.items()
            )
            return _back(request, live, f"Nothing was done. {problems}", messages.ERROR)
        data = form.cleaned_data
        try:
            message = self._take_step(request, step, live, item, data)
        except workflow.WorkflowError as error:
            problems = " ".join(f"{where}: {message}" for where, message in error.problems)
            return _back(
                request, live, f"Nothing was done. {error} {problems}".strip(), messages.ERROR
            )
        except PermissionDenied as error:
            return _back(request, live, f"Nothing was done. {error}", messages.ERROR)
        return _back(request, live, message, messages.SUCCESS)

    def _take_step(self, request, step, live, item, data):
        user, note = request.user, data.get("note", "")
        if step == "submit":
            workflow.submit(item, user, data["review_type"], note)
            return f"“{live}” is waiting for review. Publishers have been told."
        if step == "request_changes":
            workflow.request_changes(item, user, note)
            return f"Changes requested: the author of “{live}” has been told."
        if step in ("approve", "publish_now"):
            if step == "approve" and not workflow.reviewed_by_someone_else(user, item):
                raise workflow.WorkflowError("It is not waiting for your review.")
            if step == "publish_now" and not user.has_perm(workflow.SKIP_REVIEW):
                raise PermissionDenied("Publishing without review needs its own permission.")
            workflow.approve(
                item, user, note, data.get("publish_at"), public_summary=data["public_summary"]
            )
            if data.get("publish_at"):
                when = timezone.localtime(data["publish_at"]).strftime("%-d %B %Y at %H:%M")
                return f"Approved: “{live}” will be published on {when}."
            return f"Published: the public page of “{live}” now shows these changes."
        if step == "discard":
            workflow.discard(item, user)
            return f"The unpublished changes to “{live}” are discarded; the live page is as it was."
        if step == "unpublish":
            workflow.unpublish(live, user, note, data.get("unpublish_at"))
            if data.get("unpublish_at"):
                return f"“{live}” will be unpublished as scheduled."
            return f"“{live}” is unpublished: the public can no longer see it."
        workflow.cancel_unpublish(live, user)
        return f"“{live}” will no longer be unpublished."

    # What a held change changes, field by field and row by row.

    def changes_view(self, request, object_id):
        live = JobProfile.objects.filter(pk=unquote(object_id)).first()
        if live is None or not self.has_view_or_change_permission(request, live):
            raise Http404("No such profile.")
        copy = workflow.held_copy(live)
        if copy is None:
            self.message_user(request, f"“{live}” has no unpublished changes.", messages.INFO)
            return redirect(_change_url(live.pk))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Unpublished changes to {live}",
            "opts": self.opts,
            "original": live,
            "held": copy,
            "changes": history.compare(live, copy),
        }
        return TemplateResponse(request, "admin/profiles/jobprofile/held_changes.html", context)

    # Restoring an earlier version of a live profile holds it, like any other change.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        live = JobProfile.objects.filter(pk=unquote(object_id)).first()
        if request.method == "POST" and live is not None and live.is_published:
            from reversion.models import Version

            if not self.has_change_permission(request, live):
                raise PermissionDenied
            version = Version.objects.get_for_object(live).filter(pk=version_id).first()
            if version is None:
                raise Http404("No such version.")
            try:
                workflow.hold_version(live, version, request.user)
            except workflow.WorkflowError:
                return _back(
                    request,
                    live,
                    "This profile already has unpublished changes: publish or discard them, "
                    "then restore the earlier version.",
                    messages.ERROR,
                )
            return _back(
                request,
                live,
                "The earlier version is held as unpublished changes: check it, then submit it "
                "for review. The public page is unchanged.",
                messages.SUCCESS,
            )
        extra_context = {**(extra_context or {}), "live_profile": live and live.is_published}
        return super().revision_view(request, object_id, version_id, extra_context)


def _change_url(pk):
    return reverse("admin:profiles_jobprofile_change", args=[pk])


def _back(request, live, message, level):
    messages.add_message(request, level, message)
    return HttpResponseRedirect(_change_url(live.pk))


def _what_changed(form, formsets):
    """The history line the admin would write for a save it did not make itself (as Django's
    construct_change_message() words it, which needs formsets it saved)."""
    lines = []
    fields = [
        str(form.fields[name].label or name)
        for name in form.changed_data
        if name not in ("opened_version", "link_back")
    ]
    if fields:
        lines.append(f"Changed {_and(fields)}.")
    for formset in formsets:
        name = formset.model._meta.verbose_name
        for row_form in formset.forms:
            if row_form in formset.deleted_forms:
                if row_form.instance.pk:
                    lines.append(f"Deleted {name} “{row_form.instance}”.")
            elif not row_form.instance.pk and row_form.has_changed():
                lines.append(f"Added {name} “{row_form.instance}”.")
            elif row_form.instance.pk and row_form.has_changed():
                labels = [str(row_form.fields[f].label or f) for f in row_form.changed_data]
                lines.append(f"Changed {_and(labels)} for {name} “{row_form.instance}”.")
    return " ".join(lines) or "No fields changed."


def _and(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
