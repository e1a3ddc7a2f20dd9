from django.contrib import admin
from reversion.admin import VersionAdmin

from discover import report
from discover.models import Question, QuizCount
from lib.admin_views import ReportAdmin


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
class QuizCountAdmin(ReportAdmin):
    """Counted by the site as visitors go through the quiz; shown as a report."""

    change_list_template = "admin/discover/quizcount/report.html"
    report_title = "Discover careers quiz: how far visitors got"

    def report(self):
        return report.report()
