from django.contrib import admin
from reversion.admin import VersionAdmin

from service_pages.models import ServicePage


@admin.register(ServicePage)
class ServicePageAdmin(VersionAdmin):
    """The four pages exist from the first migrate: editors change their words, not their number."""

    list_display = ["title", "page_address", "updated"]
    fields = ["title", "body", "updated"]
    history_latest_first = True

    @admin.display(description="address")
    def page_address(self, page):
        return page.get_absolute_url()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
