from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Substr
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from profiles import markdown

MARKDOWN_HELP = "Paragraphs, bullet lists (start lines with '- ') and links ([words](https://…))."


class CategoryQuerySet(models.QuerySet):
    def with_profile_counts(self):
        """Categories with how many published profiles each holds, as the start page lists them."""
        return self.annotate(
            profile_count=Count("profiles", filter=Q(profiles__status="published"))
        )


class Category(models.Model):
    """A job family: a way to browse related careers."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, db_index=False)
    description = models.TextField(blank=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="profiles_category_unique_slug"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("profiles:category", kwargs={"slug": self.slug})


class JobProfileQuerySet(models.QuerySet):
    def published(self):
        """Profiles the public may see."""
        return self.filter(status=JobProfile.Status.PUBLISHED)

    def for_listing(self):
        """Published profiles as lists show them: names, summary, salary (A–Z, categories, search)."""
        return (
            self.published()
            .only("title", "slug", "summary", "salary_starter_min", "salary_experienced_max")
            # A plain list on each profile: a related manager's queryset for every row of a
            # 50-row page cost more than the page's own query (docs/performance.md).
            .prefetch_related(
                Prefetch(
                    "alternative_titles",
                    queryset=AlternativeTitle.objects.only("profile_id", "title"),
                    to_attr="listed_alternative_titles",
                )
            )
        )

    def starting_with(self, letter):
        """Titles starting with a letter in either case, as ranges the title index can answer."""
        upper, lower = letter.upper(), letter.lower()
        return self.filter(
            Q(title__gte=upper, title__lt=chr(ord(upper) + 1))
            | Q(title__gte=lower, title__lt=chr(ord(lower) + 1))
        )

    def initials(self):
        """The letters that published titles start with, upper case."""
        return {
            initial.upper()
            for initial in self.published()
            .annotate(initial=Substr("title", 1, 1))
            .values_list("initial", flat=True)
            .distinct()
            .order_by()
        }

    def for_profile_page(self):
        """Everything the profile page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "alternative_titles",
            "skills",
            "tasks",
            Prefetch(
                "related_to",
                queryset=RelatedCareer.objects.filter(
                    to_profile__status=JobProfile.Status.PUBLISHED
                ).select_related("to_profile"),
                to_attr="published_related",
            ),
        )

    def for_improved_page(self):
        """Everything the improved layout shows: the profile page's data, routes, opportunities."""
        # Imported here because the opportunities app builds on this module.
        from opportunities.models import Opportunity

        return self.for_profile_page().prefetch_related(
            "entry_routes",
            Prefetch(
                "opportunities",
                queryset=Opportunity.objects.current(),
                to_attr="current_opportunities",
            ),
        )


class JobProfile(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120, db_index=False, help_text="The last part of the page's address."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    summary = models.CharField(
        max_length=300, help_text="One sentence under the title, saying what the job is."
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="profiles")
    related_careers = models.ManyToManyField(
        "self",
        through="RelatedCareer",
        symmetrical=False,
        blank=True,
        related_name="+",
    )

    salary_starter_min = models.PositiveIntegerField("starter salary from (£ a year)")
    salary_starter_max = models.PositiveIntegerField("starter salary to (£ a year)")
    salary_experienced_max = models.PositiveIntegerField("experienced salary up to (£ a year)")
    salary_experienced_note = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown in brackets after the experienced salary, e.g. 'assistant manager'.",
    )
    salary_note = models.CharField(max_length=200, default="These figures are a guide.")
    hours_min = models.PositiveSmallIntegerField("hours a week from")
    hours_max = models.PositiveSmallIntegerField("hours a week to")

    entry_requirements = models.TextField(help_text=MARKDOWN_HELP)
    tasks_intro = models.CharField(
        max_length=200, default="Your day-to-day tasks may include:", blank=True
    )
    tasks_more = models.TextField(
        "after the tasks", blank=True, help_text="Paragraphs after the task list. " + MARKDOWN_HELP
    )
    working_pattern = models.TextField(
        "working hours and patterns", help_text="When people in this job work. " + MARKDOWN_HELP
    )
    working_environment = models.TextField(
        help_text="Where people in this job work. " + MARKDOWN_HELP
    )
    career_path = models.TextField("career path and progression", help_text=MARKDOWN_HELP)
    restrictions = models.TextField(
        "restrictions and requirements",
        blank=True,
        help_text="Checks or conditions everyone in this job must meet, such as a DBS check. "
        "Shown by the improved layout. " + MARKDOWN_HELP,
    )

    soc_code = models.CharField(
        "SOC 2020 code", max_length=4, blank=True, help_text="Four digits, e.g. 4131."
    )
    onet_code = models.CharField(
        "O*NET-SOC code", max_length=10, blank=True, help_text="For example 43-4071.00."
    )

    content_updated = models.DateField(
        "last updated",
        default=timezone.localdate,
        help_text="The date the public content last changed, shown at the foot of the page.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = JobProfileQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="profiles_jobprofile_unique_slug"),
            models.CheckConstraint(
                condition=Q(salary_starter_min__lte=F("salary_starter_max")),
                name="profiles_jobprofile_starter_salary_ordered",
            ),
            models.CheckConstraint(
                condition=Q(salary_starter_max__lte=F("salary_experienced_max")),
                name="profiles_jobprofile_experienced_salary_ordered",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__gte=1, hours_max__lte=100),
                name="profiles_jobprofile_hours_in_week",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__lte=F("hours_max")),
                name="profiles_jobprofile_hours_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="profiles_jobprofile_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "title"], name="profiles_status_title_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("profiles:detail", kwargs={"slug": self.slug})

    # (lower field, upper field, message for the upper field) for each "must not exceed" rule.
    ORDERING_RULES = [
        (
            "salary_starter_min",
            "salary_starter_max",
            "The starter salary's upper figure must be at least its lower figure.",
        ),
        (
            "salary_starter_max",
            "salary_experienced_max",
            "The experienced salary must be at least the starter salary's upper figure.",
        ),
        ("hours_min", "hours_max", "The upper hours figure must be at least the lower one."),
    ]

    def clean(self):
        errors = {}
        for field in ("hours_min", "hours_max"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 100:
                errors[field] = "Hours must be between 1 and 100 a week."
        for lower, upper, message in self.ORDERING_RULES:
            low, high = getattr(self, lower), getattr(self, upper)
            if low is not None and high is not None and low > high and upper not in errors:
                errors[upper] = message
        if slug_clash := self.slug_clash():
            errors["slug"] = slug_clash
        if errors:
            raise ValidationError(errors)

    def slug_clash(self):
        """Why this profile cannot have its slug, or "": current and old slugs are all unique."""
        if not self.slug:
            return ""
        others = JobProfile.objects.exclude(pk=self.pk) if self.pk else JobProfile.objects.all()
        if owner := others.filter(slug=self.slug).first():
            return f"“{owner}” already uses this address. Choose a different one."
        old_slugs = SlugRedirect.objects.select_related("profile").filter(old_slug=self.slug)
        if self.pk:
            old_slugs = old_slugs.exclude(profile=self.pk)
        if old := old_slugs.first():
            return (
                f"This was the address of “{old.profile}” and still leads there, "
                "so people following old links would get the wrong page. Choose a different one."
            )
        return ""

    # Fields the public never sees: changing only these leaves "last updated" alone.
    NOT_PUBLIC = frozenset({"id", "slug", "status", "content_updated", "created_at", "modified_at"})
    # The rows shown with a profile (other apps' rows, such as opportunities, are passed in).
    PUBLIC_ROWS = ("alternative_titles", "skills", "tasks", "entry_routes", "related_to")

    def stored_public_content(self, rows=PUBLIC_ROWS):
        """What the public sees of this profile and its rows as saved now, for comparing."""
        stored = JobProfile.objects.get(pk=self.pk)
        content = {
            field.attname: getattr(stored, field.attname)
            for field in self._meta.concrete_fields
            if field.attname not in self.NOT_PUBLIC
        }
        content["categories"] = sorted(stored.categories.values_list("pk", flat=True))
        for name in rows:
            manager = getattr(stored, name)
            # Positions matter only through the order they give, which the list keeps.
            hidden = {"id", "position", "created_at", "modified_at", manager.field.attname}
            columns = [f.attname for f in manager.model._meta.concrete_fields]
            content[name] = list(manager.values_list(*[c for c in columns if c not in hidden]))
        return content

    def update_content_date(self, before, date_before, rows=PUBLIC_ROWS):
        """After a save, date the content: today if the public content differs from `before`
        (its stored_public_content() before the save), else `date_before`.

        Keeping `date_before` matters when a restored version brings back its own, older date.
        """
        changed = self.stored_public_content(rows) != before
        date = timezone.localdate() if changed else date_before
        if self.content_updated != date:
            self.content_updated = date
            self.save(update_fields=["content_updated", "modified_at"])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def salary_range(self):
        """The key fact: the lowest starter figure to the highest experienced one."""
        return (self.salary_starter_min, self.salary_experienced_max)

    @property
    def salary_starter_range(self):
        return (self.salary_starter_min, self.salary_starter_max)

    @property
    def hours_range(self):
        return (self.hours_min, self.hours_max)

    @property
    def published_related_careers(self):
        """Related careers the public may see, in the editor's order (needs for_profile_page)."""
        return [link.to_profile for link in self.published_related]

    def rendered(self, field):
        """A long-text field as sanitised HTML."""
        return markdown.render(getattr(self, field))

    @property
    def entry_requirements_html(self):
        return self.rendered("entry_requirements")

    @property
    def tasks_more_html(self):
        return self.rendered("tasks_more")

    @property
    def working_pattern_html(self):
        return self.rendered("working_pattern")

    @property
    def working_environment_html(self):
        return self.rendered("working_environment")

    @property
    def career_path_html(self):
        return self.rendered("career_path")

    @property
    def restrictions_html(self):
        return self.rendered("restrictions")


class ProfileRow(models.Model):
    """A row of a profile's ordered list, edited inline."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class AlternativeTitle(ProfileRow):
    profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="alternative_titles"
    )
    title = models.CharField(max_length=120)

    class Meta(ProfileRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "title"], name="profiles_alternativetitle_unique_per_profile"
            ),
        ]

    def __str__(self):
        return self.title


class Skill(ProfileRow):
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="skills")
    text = models.CharField(max_length=300)

    def __str__(self):
        return self.text


class Task(ProfileRow):
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(max_length=300)

    def __str__(self):
        return self.text


class EntryRoute(ProfileRow):
    """One way into the career, shown by the improved layout."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", "University"
        COLLEGE = "college", "College"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        WORK = "work", "Work"
        VOLUNTEERING = "volunteering", "Volunteering"
        DIRECT = "direct", "Applying directly"
        OTHER = "other", "Other routes"

    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="entry_routes")
    kind = models.CharField(max_length=20, choices=Kind)
    text = models.TextField(help_text=MARKDOWN_HELP)
    requirements = models.TextField(
        "entry requirements", blank=True, help_text="What this route asks for. " + MARKDOWN_HELP
    )

    class Meta(ProfileRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind"], name="profiles_entryroute_one_per_kind"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def text_html(self):
        return markdown.render(self.text)

    @property
    def requirements_html(self):
        return markdown.render(self.requirements)


class RelatedCareer(models.Model):
    from_profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="related_to"
    )
    to_profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="related_from"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_profile", "to_profile"], name="profiles_relatedcareer_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(from_profile=F("to_profile")),
                name="profiles_relatedcareer_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.from_profile} → {self.to_profile}"

    def clean(self):
        if self.from_profile_id and self.from_profile_id == self.to_profile_id:
            raise ValidationError({"to_profile": "A profile cannot be related to itself."})


class SlugRedirectQuerySet(models.QuerySet):
    def to_published(self):
        """Old slugs of profiles the public may see, with the profile to send visitors to."""
        return self.filter(profile__status=JobProfile.Status.PUBLISHED).select_related("profile")

    def record_rename(self, profile, old_slug):
        """Keep a renamed profile's old slug leading to it."""
        if old_slug and old_slug != profile.slug:
            self.update_or_create(old_slug=old_slug, defaults={"profile": profile})
        # A slug in use is never also an old slug (a profile may take back its own old one), so
        # every redirect leads straight to a live address: one hop, never a loop.
        self.filter(old_slug=profile.slug).delete()


class SlugRedirect(models.Model):
    """A renamed profile's old slug: its old address answers with a permanent redirect."""

    old_slug = models.SlugField(max_length=120, db_index=False)
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_slug"]
        constraints = [
            models.UniqueConstraint(fields=["old_slug"], name="profiles_slugredirect_unique"),
        ]

    def __str__(self):
        return self.old_slug


# Receivers rather than JobProfile.save(): restoring a version from history saves rows raw,
# and a restored slug must leave its redirects as right as an edited one.
@receiver(pre_save, sender=JobProfile, dispatch_uid="profiles_note_stored_slug")
def _note_stored_slug(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and "slug" not in update_fields:
        instance._stored_slug = instance.slug
    elif instance.pk is None:
        instance._stored_slug = None
    else:
        instance._stored_slug = (
            JobProfile.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        )


@receiver(post_save, sender=JobProfile, dispatch_uid="profiles_record_slug_rename")
def _record_slug_rename(sender, instance, created, **kwargs):
    stored = getattr(instance, "_stored_slug", instance.slug)
    if created or stored != instance.slug:
        SlugRedirect.objects.record_rename(instance, stored)
