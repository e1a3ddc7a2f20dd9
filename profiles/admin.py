import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.forms.formsets import all_valid
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.views.decorators.http import require_http_methods
from reversion.admin import VersionAdmin
from reversion.models import Version

from profiles import layout
from profiles.models import Category, JobProfile, LayoutUptake, Opportunity


class TextField(forms.CharField):
    """Long text with the line breaks stored as they are shown.

    Browsers send a text area's line breaks as CR LF: kept, they would make an unchanged text
    look changed, and move "last updated" and fill the history with edits nobody made.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


# Admin classes whose forms have long text: profiles and their rows.
LONG_TEXT = {models.TextField: {"form_class": TextField}}


@admin.register(Category)
class CategoryAdmin(VersionAdmin):
    list_display = ["name", "slug", "profile_count"]
    list_filter = []  # a short list of names: search finds one
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(profile_count=Count("profiles"))

    @admin.display(description="profiles", ordering="profile_count")
    def profile_count(self, category):
        return category.profile_count


class OrderedRowFormSet(BaseInlineFormSet):
    """Rows in the order the editor numbers them, renumbered 1, 2, 3… when saved.

    A row whose number the editor changed goes before one that already had that number (typing
    1 moves a row to the top), and a new row left unnumbered goes last.
    """

    def clean(self):
        super().clean()
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]

        def rank(item):
            index, form = item
            position = form.cleaned_data.get("position")
            unnumbered = position is None
            return (unnumbered, position or 0, "position" not in form.changed_data, index)

        self.ordered_rows = []
        for number, (_, form) in enumerate(sorted(kept, key=rank), start=1):
            form.instance.position = number
            self.ordered_rows.append(form.instance)


class AlternativeTitleForm(forms.ModelForm):
    def validate_unique(self):
        # The formset compares every title of the profile (all its rows are in it), and says
        # which row repeats which; the database check alone would only say "already exists".
        pass


class AlternativeTitleFormSet(OrderedRowFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            title = form.cleaned_data.get("title")
            if not title:
                continue
            # Two spellings that differ only in capitals or spaces are the same title to a reader.
            key = " ".join(title.casefold().split())
            if key in seen:
                form.add_error("title", f"“{title}” is already in the list. Remove one of them.")
            seen.add(key)
        super().clean()


class OrderNumberMixin:
    """An "Order" number for a row: typing numbers reorders rows, with or without JavaScript."""

    formset = OrderedRowFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            return forms.IntegerField(
                label="Order",
                required=False,
                min_value=0,
                max_value=32767,
                widget=forms.NumberInput(attrs={"class": "app-order-input"}),
                help_text="Lower numbers come first. Leave blank to put a new row last.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# What a part's inline list needs beyond what JobProfile.parts says of it.
INLINE_OPTIONS = {
    "alternative_titles": {"form": AlternativeTitleForm, "formset": AlternativeTitleFormSet},
    "related_to": {"autocomplete_fields": ["to_profile"], "verbose_name": "related career"},
}


def inlines_for(parts, fieldsets):
    return [inline_for(part, fieldsets) for part in parts]


def inline_for(part, fieldsets):
    """The inline list for one of a profile's parts, placed after the fieldset it follows.

    Lists of short rows are tables with one blank row at the end: without JavaScript that is
    how an editor adds a row. Rows the model orders itself (opportunities, by date) have no
    Order number.
    """
    after_fieldset = next(
        name for name, options in fieldsets if part.after in flatten_fieldsets([(name, options)])
    )
    attrs = {
        "model": part.model,
        "fk_name": part.fk,
        "fields": [*part.fields, "position"] if part.ordered else list(part.fields),
        "extra": 0 if part.stacked else 1,
        "verbose_name_plural": part.label or None,  # None: the model's own
        "after_fieldset": after_fieldset,
        "formfield_overrides": LONG_TEXT,
        **INLINE_OPTIONS.get(part.name, {}),
    }
    bases = (admin.StackedInline if part.stacked else admin.TabularInline,)
    if part.ordered:
        bases = (OrderNumberMixin, *bases)
    return type(f"{part.model_name}Inline", bases, attrs)


class JobProfileForm(forms.ModelForm):
    class Meta:
        help_texts = {
            "title": "The job's usual name, as people would search for it.",
            "slug": (
                "The last part of the page's address, made from the title. If you change it "
                "later, the old address keeps working and leads here."
            ),
            "status": "Drafts are hidden from the public. Use Preview to check one first.",
            "categories": "The job families this career is listed under.",
            "tasks_intro": "The sentence before the task list.",
            "salary_note": "Shown after the salary figures.",
        }


@admin.register(JobProfile)
class JobProfileAdmin(VersionAdmin):
    form = JobProfileForm
    formfield_overrides = LONG_TEXT
    list_display = ["title", "status", "category_names", "content_updated"]
    list_filter = ["status", "categories", "content_updated"]
    search_fields = ["title", "alternative_titles__title"]
    search_help_text = "Search job titles and alternative titles."
    ordering = ["title"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories"]
    readonly_fields = ["content_updated", "old_addresses", "created_at", "modified_at"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    history_latest_first = True
    object_history_template = "admin/profiles/jobprofile/object_history.html"
    revision_form_template = "admin/profiles/jobprofile/revision_form.html"
    # The public page's order: title and summary, the numbered sections, related careers.
    fieldsets = [
        ("Title and summary", {"fields": ["title", "slug", "summary"]}),
        ("Publishing and browsing", {"fields": ["status", "categories"]}),
        ("1. Entry requirements", {"fields": ["entry_requirements", "restrictions"]}),
        ("3. What you'll do", {"fields": ["tasks_intro"]}),
        (None, {"fields": ["tasks_more"]}),
        (
            "4. Salary",
            {
                "description": "Whole pounds a year. The key facts show the lowest starter "
                "figure to the experienced figure.",
                "fields": [
                    ("salary_starter_min", "salary_starter_max"),
                    ("salary_experienced_max", "salary_experienced_note"),
                    "salary_note",
                ],
            },
        ),
        (
            "5. Working hours, patterns and environment",
            {"fields": [("hours_min", "hours_max"), "working_pattern", "working_environment"]},
        ),
        ("6. Career path and progression", {"fields": ["career_path"]}),
        ("Occupation codes", {"classes": ["collapse"], "fields": ["soc_code", "onet_code"]}),
        (
            "Record",
            {"fields": ["content_updated", "old_addresses", ("created_at", "modified_at")]},
        ),
    ]
    inlines = inlines_for(JobProfile.parts.editable, fieldsets)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description="categories")
    def category_names(self, profile):
        return ", ".join(category.name for category in profile.categories.all())

    @admin.display(description="old addresses that lead here")
    def old_addresses(self, profile):
        return (
            format_html_join(
                ", ",
                "<code>{}</code>",
                (
                    (reverse("profiles:detail", args=[old.old_slug]),)
                    for old in profile.old_slugs.all()
                ),
            )
            or "None"
        )

    def view_on_site(self, profile):
        # Only a published profile has a page to go to.
        return profile.get_absolute_url() if profile.is_published else None

    # Last updated: the date the public content last changed, whatever the editor touched.

    def save_model(self, request, obj, form, change):
        if change and not hasattr(request, "_content_before"):
            stored = JobProfile.objects.get(pk=obj.pk)
            request._content_before = (stored.stored_public_content(), stored.content_updated)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Rows the editor left alone are not saved by the formset, but may have a new number.
        rows = getattr(formset, "ordered_rows", [])
        if rows:
            stored = formset.model._default_manager.filter(pk__in=[row.pk for row in rows])
            current = dict(stored.values_list("pk", "position"))
            for row in rows:
                if current.get(row.pk) != row.position:
                    row.save(update_fields=["position"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            before, date_before = request._content_before
            form.instance.update_content_date(before, date_before)

    # History: a version of the profile with all its rows at every save (django-reversion).

    def _record_first_versions(self, profiles):
        """Give profiles without history a version of how they are now, so a change can be undone.

        Profiles loaded from files or imported have no history until first changed here.
        """
        for profile in profiles:
            if not Version.objects.get_for_object(profile).exists():
                with reversion.create_revision():
                    reversion.add_to_revision(profile)
                    reversion.set_comment("As it was before its first change in the admin.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            profile = self.get_object(request, unquote(object_id))
            if profile is not None and self.has_change_permission(request, profile):
                self._record_first_versions([profile])
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        profile = self.get_object(request, unquote(object_id))
        version = Version.objects.filter(pk=version_id).select_related("revision__user").first()
        if profile is not None and version is not None:
            extra_context = {
                "title": f"An earlier version of {profile}",
                "version": version,
                **(extra_context or {}),
            }
        if request.method == "POST" and profile is not None:
            # Restoring rewrites the rows before the form is saved, so note the content now.
            request._content_before = (profile.stored_public_content(), profile.content_updated)
        return super().revision_view(request, object_id, version_id, extra_context)

    # Publishing many at once.

    def _set_status(self, request, queryset, status, verb):
        profiles = [profile for profile in queryset if profile.status != status]
        self._record_first_versions(profiles)
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            for profile in profiles:
                profile.status = status
                profile.save(update_fields=["status", "modified_at"])
                self.log_change(request, profile, [{"changed": {"fields": ["Status"]}}])
            reversion.set_comment(f"{verb} from the list of profiles.")
        count = len(profiles)
        unchanged = queryset.count() - count
        message = f"{verb} {count} profile{'s' if count != 1 else ''}."
        if unchanged:
            message += f" {unchanged} already {verb.lower()}: left alone."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(permissions=["change"], description="Publish the selected profiles")
    def publish(self, request, queryset):
        self._set_status(request, queryset, JobProfile.Status.PUBLISHED, "Published")

    @admin.action(
        permissions=["change"], description="Unpublish the selected profiles (make drafts)"
    )
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, JobProfile.Status.DRAFT, "Unpublished")

    # Preview: the public page, drawn from a saved profile or from the form's unsaved data.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("preview/", preview, name="{}_{}_preview_new".format(*info)),
            path("<path:object_id>/preview/", preview, name="{}_{}_preview".format(*info)),
            *super().get_urls(),
        ]

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def preview_view(self, request, object_id=None):
        profile = None
        if object_id is not None:
            profile = self.get_object(request, unquote(object_id))
            if profile is None:
                raise Http404("No such profile.")
        improved = layout.chosen(request) == layout.IMPROVED
        if request.method == "POST":
            allowed = (
                self.has_change_permission(request, profile)
                if profile
                else self.has_add_permission(request)
            )
            if not allowed:
                raise PermissionDenied
            profile, errors = self._unsaved_profile(request, profile)
            if errors:
                context = {
                    **self.admin_site.each_context(request),
                    "title": "The preview cannot be shown yet",
                    "opts": self.opts,
                    "errors": errors,
                }
                return TemplateResponse(
                    request, "admin/profiles/jobprofile/preview_errors.html", context, status=400
                )
            unsaved = True
        else:
            if profile is None:
                raise Http404("Preview a new profile from its form.")
            if not self.has_view_or_change_permission(request, profile):
                raise PermissionDenied
            profile = JobProfile.objects.for_profile_page(improved=improved).get(pk=profile.pk)
            unsaved = False
        response = layout.render_profile(
            request,
            profile,
            improved=improved,
            template="admin/profiles/jobprofile/preview.html",
            unsaved=unsaved,
        )
        # Never indexed, even if a preview address escapes (admin_view already forbids caching).
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _unsaved_profile(self, request, profile):
        """The profile and its rows as the posted form would save them, or the form's errors."""
        change = profile is not None
        fieldsets = self.get_fieldsets(request, profile)
        ModelForm = self.get_form(
            request, profile, change=change, fields=flatten_fieldsets(fieldsets)
        )
        form = ModelForm(request.POST, request.FILES, instance=profile)
        formsets, _ = self._create_formsets(request, form.instance, change=change)
        form_valid = form.is_valid()
        if not (all_valid(formsets) and form_valid):
            return None, _error_list(form, formsets)
        profile = form.instance
        if profile.pk is None:
            # A new profile has no rows in the database; a primary key no row can have lets
            # its relations be read (from the rows set below) without saving anything.
            profile.pk = 0
        cache = profile._prefetched_objects_cache = {}
        cache["categories"] = _as_queryset(Category, form.cleaned_data.get("categories", []))
        for formset in formsets:
            part = JobProfile.parts.named(formset.fk.remote_field.get_accessor_name())
            rows = [
                row_form.instance
                for row_form in formset.forms
                if row_form not in formset.deleted_forms
                and (row_form.instance.pk or row_form.has_changed())
            ]
            if part.ordered:
                rows.sort(key=lambda row: row.position or 0)
            cache[part.name] = _as_queryset(part.model, rows)
            # As the page's queryset would have prefetched them (see Part.page_prefetch).
            if part.shown:
                setattr(profile, part.shown, part.rows_shown(rows))
        return profile, None


def _as_queryset(model, rows):
    """A queryset that holds these unsaved rows, as prefetch_related would have stored them."""
    queryset = model._default_manager.none()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


def _error_list(form, formsets):
    """Each error as (where, message), in the form's order."""
    errors = []
    for name, messages_ in form.errors.items():
        where = form.fields[name].label if name in form.fields else "Profile"
        errors += [(where, message) for message in messages_]
    for formset in formsets:
        heading = formset.model._meta.verbose_name_plural.capitalize()
        errors += [(heading, message) for message in formset.non_form_errors()]
        for number, row_form in enumerate(formset.forms, start=1):
            for name, messages_ in row_form.errors.items():
                field = row_form.fields.get(name)
                where = f"{heading}, row {number}" + (f": {field.label}" if field else "")
                errors += [(where, message) for message in messages_]
    return errors


# Current opportunities and the improved layout's uptake, beside the profiles they belong to.


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
class LayoutUptakeAdmin(admin.ModelAdmin):
    """Read-only counts: visitors' switches are recorded by the site, never typed in."""

    list_display = ["day", "switched_to_improved", "switched_back"]
    list_filter = ["day"]
    search_fields = []  # a row is a day: the date hierarchy and filter find it
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        totals = LayoutUptake.objects.totals()
        subtitle = (
            f"In all, {totals['switched_to_improved']:,} switched to the improved version "
            f"and {totals['switched_back']:,} went back to the old version."
        )
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": subtitle})
