"""Current opportunities and the improved layout's uptake, beside the profiles they belong to."""

from django.contrib import admin

from lib.admin_views import ReadOnlyAdmin
from profiles.models import LayoutUptake, Opportunity


class CurrentFilter(admin.SimpleListFilter):
    title = "whether shown"
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return [("current", "Current (shown)"), ("expired", "Expired (hidden)")]

    def queryset(self, request, queryset):
        current = Opportunity.objects.shown().values("pk")
        if self.value() == "current":
            return queryset.filter(pk__in=current)
        if self.value() == "expired":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "profile",
        "provider",
        "location",
        "closing_date",
        "start_date",
        "shown",
    ]
    list_filter = [CurrentFilter, "kind", "closing_date"]
    search_fields = ["title", "provider", "location", "profile__title"]
    autocomplete_fields = ["profile"]
    list_select_related = ["profile"]
    readonly_fields = ["created_at", "modified_at"]
    date_hierarchy = "closing_date"
    fields = [
        "profile",
        "kind",
        "title",
        "provider",
        "location",
        "closing_date",
        "start_date",
        "url",
        "created_at",
        "modified_at",
    ]

    @admin.display(boolean=True, description="shown on the site")
    def shown(self, opportunity):
        return opportunity.is_shown()


@admin.register(LayoutUptake)
class LayoutUptakeAdmin(ReadOnlyAdmin):
    """Read-only counts: visitors' switches are recorded by the site, never typed in."""

    list_display = ["day", "switched_to_improved", "switched_back"]
    list_filter = ["day"]
    search_fields = []  # a row is a day: the date hierarchy and filter find it
    date_hierarchy = "day"

    def changelist_view(self, request, extra_context=None):
        totals = LayoutUptake.objects.totals()
        subtitle = (
            f"In all, {totals['switched_to_improved']:,} switched to the improved version "
            f"and {totals['switched_back']:,} went back to the old version."
        )
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": subtitle})
