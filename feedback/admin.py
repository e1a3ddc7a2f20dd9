import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from feedback.models import Feedback

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
    list_display = ["created", "kind", "page", "preview", "resolved"]
    list_display_links = ["created"]
    list_filter = ["kind", PageFilter, "created", "resolved"]
    search_fields = ["message", "doing", "page"]
    date_hierarchy = "created"
    readonly_fields = ["created", "kind", "page", "message", "doing", "resolved_at"]
    fields = ["created", "kind", "page", "message", "doing", "resolved", "resolved_at"]
    actions = ["mark_resolved", "export_csv"]
    list_per_page = 50
    change_list_template = "feedback/admin/change_list.html"

    def has_add_permission(self, request):
        # Feedback comes from visitors; an editor writing some would skew what visitors said.
        return False

    @admin.display(description="message")
    def preview(self, feedback):
        return feedback.preview

    @admin.action(description="Mark selected feedback as resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved=False).update(resolved=True, resolved_at=timezone.now())
        self.message_user(request, f"Marked {count} as resolved.")

    @admin.action(description="Export selected feedback as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        writer = csv.writer(_Echo())

        def rows():
            # A byte-order mark, so spreadsheet programs read the file as UTF-8.
            yield "\ufeff" + writer.writerow(
                ["received", "kind", "page", "message", "what they were doing", "resolved"]
            )
            for feedback in queryset.order_by("created", "pk").iterator():
                yield writer.writerow(
                    [
                        feedback.created.isoformat(),
                        feedback.get_kind_display(),
                        spreadsheet_safe(feedback.page),
                        spreadsheet_safe(feedback.message),
                        spreadsheet_safe(feedback.doing),
                        "yes" if feedback.resolved else "no",
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
