"""Profiles and categories: the form in the public page's order, history, publishing, preview."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max
from django.forms.formsets import all_valid
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.views.decorators.http import require_http_methods
from reversion.admin import VersionAdmin
from reversion.models import Version

from profiles import layout
from profiles.admin import history
from profiles.admin.parts import LONG_TEXT, inlines_for
from profiles.markdown import shown_as_text_warning
from profiles.models import INTEREST_FIELDS, MARKDOWN_HELP, Category, JobProfile
from profiles.models.interests import SCALE as INTERESTS_DESCRIPTION


class CategoryForm(forms.ModelForm):
    class Meta:
        help_texts = {
            "name": "As visitors browse by it, like “Healthcare”.",
            "slug": "The last part of the category's address, made from the name.",
            "description": "One sentence under the name on the start page and the category's page.",
        }


@admin.register(Category)
class CategoryAdmin(VersionAdmin):
    form = CategoryForm
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


class JobProfileForm(forms.ModelForm):
    link_back = forms.BooleanField(
        label="Link back from related careers",
        required=False,
        initial=True,
        help_text=(
            "When you add a related career below, also add this profile to that career's "
            "related careers, so each page offers the other."
        ),
    )

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
            "hours_min": "Whole hours a week, from 1. The fewest hours the job usually offers.",
            "hours_max": "Whole hours a week, up to 100. The most the job usually asks for.",
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
        (
            "1. Entry requirements",
            {"fields": ["entry_requirements", "qualification_level", "restrictions"]},
        ),
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
        ("6. Career path and progression", {"fields": ["career_path", "link_back"]}),
        (
            "Interests (for the “Discover careers” quiz)",
            {
                "description": INTERESTS_DESCRIPTION,
                "fields": [INTEREST_FIELDS[:3], INTEREST_FIELDS[3:]],
            },
        ),
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
        profile = form.instance
        linked_before = set(profile.related_to.values_list("to_profile_id", flat=True))
        super().save_related(request, form, formsets, change)
        if change:
            before, date_before = request._content_before
            profile.update_content_date(before, date_before)
        self._warn_shown_as_text(request, profile)
        if form.cleaned_data.get("link_back"):
            added = set(profile.related_to.values_list("to_profile_id", flat=True)) - linked_before
            self._link_back(request, profile, added)

    def _warn_shown_as_text(self, request, profile):
        """Raw HTML and links the sanitiser will not follow are saved, never run: say so."""
        texts = [
            (str(field.verbose_name).capitalize(), getattr(profile, field.attname))
            for field in JobProfile._meta.concrete_fields
            if MARKDOWN_HELP in str(field.help_text)
        ]
        for route in profile.entry_routes.all():
            texts += [(f"Way in ({route})", route.text), (f"Way in ({route})", route.requirements)]
        if warning := shown_as_text_warning(texts):
            self.message_user(request, warning, messages.WARNING)

    def _link_back(self, request, profile, others):
        """Add the profile to each other profile's related careers, at the end of the list."""
        linked = []
        for other in JobProfile.objects.filter(pk__in=others).order_by("title"):
            if other.related_to.filter(to_profile=profile).exists():
                continue
            last = other.related_to.aggregate(last=Max("position"))["last"] or 0
            other.related_to.create(to_profile=profile, position=last + 1)
            other.content_updated = timezone.localdate()
            other.save(update_fields=["content_updated", "modified_at"])
            linked.append(other.title)
        if linked:
            self.message_user(
                request,
                f"“{profile}” is now also a related career of {', '.join(linked)}.",
                messages.INFO,
            )

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

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        profile = self.get_object(request, unquote(object_id))
        actions = getattr(response, "context_data", {}).get("action_list")
        if profile is not None and actions:
            changes = history.changes_by_revision(profile)
            for action in actions:
                action["changes"] = changes.get(action["revision"].pk, [])
        return response

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
