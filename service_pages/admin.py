from django.contrib import admin, messages
from reversion.admin import VersionAdmin

from profiles.markdown import shown_as_text_warning
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if warning := shown_as_text_warning([("The page", obj.body)]):
            self.message_user(request, warning, messages.WARNING)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
