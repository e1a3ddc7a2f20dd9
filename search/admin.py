from django.contrib import admin
from django.template.response import TemplateResponse
from reversion.admin import VersionAdmin

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
class SearchCountAdmin(admin.ModelAdmin):
    """Read-only counts, shown as a report: searches are counted by the site."""

    change_list_template = "admin/search/searchcount/report.html"

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
            "title": "What visitors searched for",
            "report": report.report(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.change_list_template, context)
