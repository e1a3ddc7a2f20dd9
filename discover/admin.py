from django.contrib import admin
from django.template.response import TemplateResponse
from reversion.admin import VersionAdmin

from discover import report
from discover.models import Question, QuizCount


@admin.register(Question)
class QuestionAdmin(VersionAdmin):
    list_display = ["text", "area", "position", "active"]
    list_display_links = ["text"]
    # Reordering and switching off, many at once, from the list itself.
    list_editable = ["position", "active"]
    list_filter = ["active", "area"]
    search_fields = ["text"]
    ordering = ["position", "pk"]
    fields = ["text", "area", "position", "active"]

    def changelist_view(self, request, extra_context=None):
        asked = Question.objects.asked().count()
        pages = -(-asked // 6)
        subtitle = (
            f"{asked} asked, on {pages} page{'s' if pages != 1 else ''} of six, in the order of "
            "their positions. Change positions or untick “asked” below, then save."
        )
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": subtitle})


@admin.register(QuizCount)
class QuizCountAdmin(admin.ModelAdmin):
    """Read-only counts, shown as a report: visitors' steps are counted by the site."""

    change_list_template = "admin/discover/quizcount/report.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Discover careers quiz: how far visitors got",
            "report": report.report(),
            **(extra_context or {}),
        }

        return TemplateResponse(request, self.change_list_template, context)
