"""Profiles and categories: the form in the public page's order, history, publishing, preview."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms.formsets import all_valid
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.views.decorators.http import require_http_methods
from reversion.admin import VersionAdmin
from reversion.models import Version

from profiles import layout, workflow
from profiles.admin import history
from profiles.admin.parts import LONG_TEXT, inlines_for
from profiles.admin.publishing import PublishingMixin, ReviewDueFilter, WorkflowFilter
from profiles.markdown import shown_as_text_warning
from profiles.models import (
    INTEREST_FIELDS,
    MARKDOWN_HELP,
    Category,
    FigureSource,
    JobProfile,
    ReviewStatus,
    ReviewStep,
)
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
        # Joined, not read through the default manager: leave held changes' copies out here.
        profiles = Count("profiles", filter=Q(profiles__changes_for__isnull=True))
        return super().get_queryset(request).annotate(profile_count=profiles)

    @admin.display(description="profiles", ordering="profile_count")
    def profile_count(self, category):
        return category.profile_count


class JobProfileForm(forms.ModelForm):
    # Optimistic locking: which saved version the form was opened on (see clean()).
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)
    link_back = forms.BooleanField(
        label="Link back from related careers",
        required=False,
        initial=True,
        help_text=(
            "When you add a related career below, also add this profile to that career's "
            "related careers, so each page offers the other (for changes to a live profile, "
            "when they are published)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["opened_version"] = self.instance_version()

    def instance_version(self):
        return f"{self.instance.pk}.{self.instance.edit_version}"

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened and opened != self.instance_version():
            who = self.instance.edited_by
            name = (who.get_full_name() or who.get_username()) if who else "Someone else"
            when = timezone.localtime(self.instance.modified_at).strftime("%H:%M on %-d %B")
            raise forms.ValidationError(
                f"{name} saved this profile at {when}, after you opened it, so your changes "
                "are not saved: saving them would undo theirs. Copy what you changed, open "
                "the profile again, and make your changes there.",
                code="edited_since_opened",
            )
        return cleaned

    class Meta:
        help_texts = {
            "title": "The job's usual name, as people would search for it.",
            "slug": (
                "The last part of the page's address, made from the title. If you change it "
                "later, the old address keeps working and leads here."
            ),
            "categories": "The job families this career is listed under.",
            "tasks_intro": "The sentence before the task list.",
            "salary_note": "Shown after the salary figures.",
            "hours_min": "Whole hours a week, from 1. The fewest hours the job usually offers.",
            "hours_max": "Whole hours a week, up to 100. The most the job usually asks for.",
        }


class FigureSourceForm(forms.ModelForm):
    class Meta:
        help_texts = {"url": "Optional. A web address starting https:// or http://."}


@admin.register(FigureSource)
class FigureSourceAdmin(VersionAdmin):
    """The sources editors cite for salary and hours figures, each with its release cycle."""

    form = FigureSourceForm
    list_display = ["name", "url", "review_every_months", "profiles_citing"]
    search_fields = ["name"]
    ordering = ["name"]

    @admin.display(description="profiles citing it")
    def profiles_citing(self, source):
        return JobProfile.objects.citing([source.pk]).count()


class FiguresFilter(admin.SimpleListFilter):
    title = "salary and hours figures"
    parameter_name = "figures"

    def lookups(self, request, model_admin):
        return [
            ("check", "To check (past their source's interval)"),
            ("unsourced", "Source not recorded"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "check":
            return queryset.figures_to_check()
        if self.value() == "unsourced":
            return queryset.filter(Q(salary_source__isnull=True) | Q(hours_source__isnull=True))
        return queryset


@admin.register(JobProfile)
class JobProfileAdmin(PublishingMixin, VersionAdmin):
    form = JobProfileForm
    formfield_overrides = LONG_TEXT
    list_display = [
        "title",
        "status",
        "review_column",
        "category_names",
        "next_review_by",
        "content_updated",
    ]
    list_filter = [
        "status",
        WorkflowFilter,
        ReviewDueFilter,
        FiguresFilter,
        "categories",
        "content_updated",
    ]
    search_fields = ["title", "alternative_titles__title"]
    search_help_text = "Search job titles and alternative titles."
    ordering = ["title"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories"]
    readonly_fields = [
        "where_it_stands",
        "salary_figures_check",
        "hours_figures_check",
        "content_updated",
        "old_addresses",
        "created_at",
        "modified_at",
        "edited_by",
    ]
    actions = ["publish", "unpublish"]
    save_on_top = True
    history_latest_first = True
    object_history_template = "admin/profiles/jobprofile/object_history.html"
    revision_form_template = "admin/profiles/jobprofile/revision_form.html"
    # The public page's order: title and summary, the numbered sections, related careers.
    fieldsets = [
        ("Title and summary", {"fields": ["title", "slug", "summary"]}),
        (
            "Publishing and browsing",
            {"fields": ["where_it_stands", "categories", "next_review_by", "opened_version"]},
        ),
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
                    ("salary_source", "salary_period", "salary_area"),
                    "salary_figures_check",
                ],
            },
        ),
        (
            "5. Working hours, patterns and environment",
            {
                "fields": [
                    ("hours_min", "hours_max"),
                    ("hours_source", "hours_period", "hours_area"),
                    "hours_figures_check",
                    "working_pattern",
                    "working_environment",
                ]
            },
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
            {
                "fields": [
                    "content_updated",
                    "old_addresses",
                    ("created_at", "modified_at", "edited_by"),
                ]
            },
        ),
    ]
    inlines = inlines_for(JobProfile.parts.editable, fieldsets)

    @admin.display(description="categories")
    def category_names(self, profile):
        return ", ".join(category.name for category in profile.categories.all())

    @admin.display(description="review")
    def review_column(self, profile):
        held = getattr(profile, "held_copy_status", None)
        if held:
            return f"Unpublished changes: {ReviewStatus(held).label.lower()}"
        if not profile.is_published:
            return ReviewStatus(profile.review_status).label
        if profile.unpublish_at:
            return "Live; to be unpublished"
        return "Live"

    def _figures_check(self, profile, figure):
        provenance = profile.provenance(figure) if profile.pk else None
        if provenance is None:
            return (
                "Source: not recorded. The page makes no claim about where these figures came from."
            )
        due = provenance.check_by
        words = f"Source: {provenance.source}, {provenance.period}, {provenance.area_label}."
        if provenance.may_be_out_of_date():
            return (
                f"{words} Past its review interval since {due:%-d %B %Y}: check the figures "
                "against the source's latest release. The page says they may be out of date."
            )
        return f"{words} Due for a check after {due:%-d %B %Y}."

    @admin.display(description="salary figures")
    def salary_figures_check(self, profile):
        return self._figures_check(profile, "salary")

    @admin.display(description="hours figures")
    def hours_figures_check(self, profile):
        return self._figures_check(profile, "hours")

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
            stored = JobProfile.with_held_changes.get(pk=obj.pk)
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
        if change and not profile.is_held_change:
            before, date_before = request._content_before
            profile.update_content_date(before, date_before)
        self._warn_shown_as_text(request, profile)
        if profile.is_held_change:
            self.message_user(
                request,
                "These are unpublished changes: the public page is unchanged until they are "
                "published.",
                messages.INFO,
            )
        elif form.cleaned_data.get("link_back"):
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
        linked = workflow.link_back(profile, others)
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
        profile = self.get_object(request, unquote(object_id))
        if profile is not None and profile.is_held_change:
            return redirect(
                reverse("admin:profiles_jobprofile_history", args=[profile.changes_for_id])
            )
        if profile is not None:
            steps = ReviewStep.objects.filter(profile=profile).for_history()
            extra_context = {**(extra_context or {}), "review_steps": steps}
        response = super().history_view(request, object_id, extra_context)
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

    # Publishing many at once, by the same rules as one at a time (profiles/workflow.py).

    @admin.action(permissions=["publish"], description="Publish the selected drafts")
    def publish(self, request, queryset):
        published, refused = [], []
        for profile in queryset.filter(status=JobProfile.Status.DRAFT):
            allowed, reason = workflow.may_publish(request.user, profile)
            if not allowed:
                refused.append(f"{profile} ({reason.rstrip('.')})")
                continue
            action = (
                workflow.Action.PUBLISHED
                if workflow.reviewed_by_someone_else(request.user, profile)
                else workflow.Action.PUBLISHED_WITHOUT_REVIEW
            )
            try:
                workflow.publish(profile, request.user, action=action, note="From the list.")
            except workflow.WorkflowError as error:
                refused.append(f"{profile} ({error} {' '.join(m for _, m in error.problems)})")
                continue
            published.append(profile)
        count = len(published)
        self.message_user(
            request, f"Published {count} profile{'s' if count != 1 else ''}.", messages.SUCCESS
        )
        if refused:
            self.message_user(request, "Not published: " + "; ".join(refused), messages.WARNING)

    @admin.action(permissions=["publish"], description="Unpublish the selected profiles")
    def unpublish(self, request, queryset):
        count = 0
        for profile in queryset.filter(status=JobProfile.Status.PUBLISHED):
            workflow.unpublish(profile, request.user, "From the list.")
            count += 1
        self.message_user(
            request, f"Unpublished {count} profile{'s' if count != 1 else ''}.", messages.SUCCESS
        )

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
            pages = JobProfile.with_held_changes.for_profile_page(improved=improved)
            profile = pages.get(pk=profile.pk)
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
        request._posted_forms = (form, formsets)
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
