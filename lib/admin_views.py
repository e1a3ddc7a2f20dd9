"""Admin pages for records the site writes itself (counts a day): nobody adds, changes or
deletes them by hand, and some are shown as a report rather than a list."""

from django.contrib import admin
from django.template.response import TemplateResponse


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportAdmin(ReadOnlyAdmin):
    """The model's list page replaced by a report: `change_list_template` drawn with the
    context `report()` gives, under `report_title`."""

    report_title = ""

    def report(self):
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)  # refuses, as the admin does
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.report_title,
            "report": self.report(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.change_list_template, context)
