import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from feedback.models import Feedback, profile_slug
from profiles import signals
from profiles.models import ReviewStep

# Spreadsheets run a cell that starts with one of these as a formula ("=HYPERLINK(…)"); tab and
# carriage return are on OWASP's list too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


class PageFilter(admin.SimpleListFilter):
    """The pages with the most feedback; any page can be chosen through ?page=."""

    title = "page"
    parameter_name = "page"
    SHOWN = 30

    def lookups(self, request, model_admin):
        pages = (
            Feedback.objects.values_list("page", flat=True)
            .annotate(n=Count("pk"))
            .order_by("-n", "page")[: self.SHOWN]
        )
        return [(page, page or "Unknown page") for page in pages]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(page=value)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "page", "preview", "status", "topic"]
    list_display_links = ["created"]
    list_filter = ["status", "topic", "kind", PageFilter, "created"]
    search_fields = ["message", "doing", "page", "note"]
    date_hierarchy = "created"
    readonly_fields = ["created", "kind", "page", "message", "doing", "visit", "resolved_at"]
    fieldsets = [
        (
            "What the visitor sent",
            {"fields": ["created", "kind", "page", "message", "doing", "visit"]},
        ),
        ("Triage", {"fields": ["status", "topic", "note", "resolved_by", "resolved_at"]}),
    ]
    actions = ["mark_in_progress", "mark_resolved", "mark_wont_fix", "export_csv"]
    list_per_page = 50
    change_list_template = "feedback/admin/change_list.html"

    def has_add_permission(self, request):
        # Feedback comes from visitors; an editor writing some would skew what visitors said.
        return False

    def get_form(self, request, obj=None, **kwargs):
        request._feedback_page = obj.page if obj else ""
        return super().get_form(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "resolved_by":
            # The changes published to this feedback's page with a public summary, newest first.
            slug = profile_slug(getattr(request, "_feedback_page", ""))
            kwargs["queryset"] = (
                ReviewStep.objects.public_changes()
                .filter(profile__slug=slug)
                .select_related("profile")
                if slug
                else ReviewStep.objects.none()
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = lambda step: (
                f"{timezone.localtime(step.at):%-d %B %Y}: {step.public_summary}"
            )
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        before = form.initial.get("resolved_by")
        if obj.resolved_by_id and obj.status != Feedback.Status.RESOLVED:
            obj.status = Feedback.Status.RESOLVED  # resolved by that change, as the form says
        super().save_model(request, obj, form, change)
        for step_id in {before, obj.resolved_by_id} - {None}:
            _note_feedback_on(step_id)

    @admin.display(description="message")
    def preview(self, feedback):
        return feedback.preview

    @admin.display(description="same visit")
    def visit(self, feedback):
        """The other half of a "No" and the message sent straight after it."""
        if feedback.follows_id:
            answer = feedback.follows
            return format_html(
                'Sent after answering “No” to “Is this page useful?” at {} (<a href="{}">see the answer</a>).',
                date_format(timezone.localtime(answer.created), "j M Y, H:i:s"),
                reverse("admin:feedback_feedback_change", args=[answer.pk]),
            )
        follow_up = Feedback.objects.filter(follows=feedback).first()
        if follow_up is not None:
            return format_html(
                'The visitor then wrote: “{}” (<a href="{}">see the message</a>).',
                follow_up.preview,
                reverse("admin:feedback_feedback_change", args=[follow_up.pk]),
            )
        return "Nothing else was sent with this."

    def _mark(self, request, queryset, status):
        closed = status in Feedback.CLOSED
        count = queryset.exclude(status=status).update(
            status=status, resolved_at=timezone.now() if closed else None
        )
        label = Feedback.Status(status).label.lower()
        self.message_user(request, f"Marked {count} as {label}.")

    @admin.action(description="Mark selected feedback as in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, Feedback.Status.IN_PROGRESS)

    @admin.action(description="Mark selected feedback as resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        self._mark(request, queryset, Feedback.Status.RESOLVED)

    @admin.action(description="Mark selected feedback as won't fix", permissions=["change"])
    def mark_wont_fix(self, request, queryset):
        self._mark(request, queryset, Feedback.Status.WONT_FIX)

    @admin.action(description="Export selected feedback as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        writer = csv.writer(_Echo())

        def rows():
            # A byte-order mark, so spreadsheet programs read the file as UTF-8.
            yield "\ufeff" + writer.writerow(
                [
                    "received",
                    "kind",
                    "page",
                    "message",
                    "what they were doing",
                    "status",
                    "topic",
                    "internal note",
                ]
            )
            for feedback in queryset.order_by("created", "pk").iterator():
                yield writer.writerow(
                    [
                        feedback.created.isoformat(),
                        feedback.get_kind_display(),
                        spreadsheet_safe(feedback.page),
                        spreadsheet_safe(feedback.message),
                        spreadsheet_safe(feedback.doing),
                        feedback.get_status_display(),
                        feedback.get_topic_display(),
                        spreadsheet_safe(feedback.note),
                    ]
                )

        filename = f"feedback-{timezone.localdate():%Y-%m-%d}.csv"
        return StreamingHttpResponse(
            rows(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def get_urls(self):
        return [
            path(
                "by-page/",
                self.admin_site.admin_view(self.by_page_view),
                name="feedback_feedback_by_page",
            ),
            *super().get_urls(),
        ]

    def by_page_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Feedback by page",
            "summaries": Feedback.objects.page_summaries(),
        }
        return TemplateResponse(request, "feedback/admin/by_page.html", context)


def _note_feedback_on(step_id):
    """Whether any feedback is resolved by this change, on the change (its page says so)."""
    step = ReviewStep.objects.filter(pk=step_id).first()
    if step is None:
        return
    asked = Feedback.objects.filter(resolved_by=step_id).exists()
    if step.from_feedback != asked:
        ReviewStep.objects.filter(pk=step_id).update(from_feedback=asked)
        # The page shows its history: expire it, as any change to what the public sees.
        signals.changed([step.profile_id])
