from django.contrib import admin
from reversion.admin import VersionAdmin

from lib.admin_views import ReportAdmin
from search import report
from search.models import SearchCount, SynonymSet


@admin.register(SynonymSet)
class SynonymSetAdmin(VersionAdmin):
    list_display = ["__str__", "note", "modified_at"]
    search_fields = ["terms", "note"]
    fields = ["terms", "note"]

    def changelist_view(self, request, extra_context=None):
        subtitle = (
            "A search for any term of a set finds what the others would, at once. For names "
            "of one job only (trade slang, old titles), use the profile's hidden search titles."
        )
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": subtitle})


@admin.register(SearchCount)
class SearchCountAdmin(ReportAdmin):
    """Counted by the site as visitors search; shown as a report."""

    change_list_template = "admin/search/searchcount/report.html"
    report_title = "What visitors searched for"

    def report(self):
        return report.report()
