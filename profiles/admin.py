from django.contrib import admin

from profiles.models import (
    AlternativeTitle,
    Category,
    EntryRoute,
    JobProfile,
    RelatedCareer,
    Skill,
    Task,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    list_filter = []
    prepopulated_fields = {"slug": ["name"]}


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    extra = 0


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 0


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0


class EntryRouteInline(admin.StackedInline):
    model = EntryRoute
    extra = 0


class RelatedCareerInline(admin.TabularInline):
    model = RelatedCareer
    fk_name = "from_profile"
    autocomplete_fields = ["to_profile"]
    extra = 0
    verbose_name = "related career"


@admin.register(JobProfile)
class JobProfileAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "content_updated"]
    list_filter = ["status", "categories"]
    search_fields = ["title", "alternative_titles__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories"]
    readonly_fields = ["created_at", "modified_at"]
    inlines = [
        AlternativeTitleInline,
        SkillInline,
        TaskInline,
        EntryRouteInline,
        RelatedCareerInline,
    ]
