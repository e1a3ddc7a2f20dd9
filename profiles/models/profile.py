from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from profiles.models.figures import (
    FIGURES,
    FigureArea,
    FigureSource,
    PeriodField,
    Provenance,
    SourceField,
    figures_to_check_filter,
    provenance_problems,
)
from profiles.models.interests import (
    AREAS_BY_KEY,
    INTEREST_AREAS,
    INTEREST_FIELDS,
    SCORE_MAX,
    InterestScoreField,
)
from profiles.models.parts import Part, Parts
from profiles.models.workflow import ReviewStatus, ReviewType

MARKDOWN_HELP = "Paragraphs, bullet lists (start lines with '- ') and links ([words](https://…))."


class Initial(models.Func):
    """A title's first letter, upper case. Written out whole, not as SUBSTR with parameters: the
    database uses an index on an expression only for the very same expression."""

    template = "UPPER(SUBSTR(%(expressions)s, 1, 1))"
    output_field = models.CharField()


class CategoryQuerySet(models.QuerySet):
    def with_profile_counts(self):
        """Categories with how many published profiles each holds, as the start page lists them."""
        # Kept up to date by recount() on every change (profiles/apps.py): counting at each
        # request scanned every profile, 275 ms for the start page at 100,000 of them.
        # Named, since Django leaves Meta.ordering out of a query that groups.
        return self.annotate(profile_count=F("published_count")).order_by("name")

    def recount(self):
        """Count each category's published profiles afresh: one UPDATE, whatever changed."""
        published = (
            JobProfile.categories.through.objects.filter(
                category=OuterRef("pk"),
                jobprofile__status=JobProfile.Status.PUBLISHED,
                jobprofile__changes_for__isnull=True,  # not a held change's copy
            )
            .order_by()
            .values("category")
            .annotate(n=Count("*"))
            .values("n")
        )
        return self.update(published_count=Coalesce(Subquery(published), 0))


class Category(models.Model):
    """A job family: a way to browse related careers."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, db_index=False)
    description = models.TextField(blank=True)
    # How many published profiles it holds: CategoryQuerySet.recount() keeps it.
    published_count = models.PositiveIntegerField(default=0, editable=False)

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


LISTING_FIELDS = ("title", "slug", "summary", "salary_starter_min", "salary_experienced_max")
# The facts people choose careers by, beyond what every list shows.
FACT_FIELDS = ("salary_starter_max", "hours_min", "hours_max", "qualification_level")


class JobProfileQuerySet(models.QuerySet):
    def held_changes(self):
        """Copies holding unpublished changes to live profiles (workflow.py)."""
        return self.filter(changes_for__isnull=False)

    def review_overdue(self, today=None):
        return self.published().filter(next_review_by__lt=today or timezone.localdate())

    def review_due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.published().filter(
            next_review_by__gte=today, next_review_by__lte=today + timezone.timedelta(days=days)
        )

    def citing(self, source_ids):
        """Profiles whose salary or hours figures cite any of these figure sources."""
        condition = Q(pk__in=[])
        for figure in FIGURES:
            condition |= Q(**{f"{figure}_source__in": source_ids})
        return self.filter(condition)

    def figures_to_check(self, today=None):
        """Profiles with a salary or hours figure past its source's review interval."""
        today = today or timezone.localdate()
        return self.filter(figures_to_check_filter(FigureSource.objects.all(), today))

    def published(self):
        """Profiles the public may see."""
        return self.filter(status=JobProfile.Status.PUBLISHED)

    def for_listing(self, *more_fields, alternative_titles=True):
        """Published profiles as lists show them: names, summary, salary (A–Z, categories, search)."""
        listed = self.published().only(*LISTING_FIELDS, *more_fields)
        if not alternative_titles:
            return listed
        return (
            listed
            # A plain list on each profile: a related manager's queryset for every row of a
            # 50-row page cost more than the page's own query (docs/performance.md).
            .prefetch_related(
                Prefetch(
                    "alternative_titles",
                    queryset=JobProfile.parts.named("alternative_titles").model.objects.only(
                        "profile_id", "title"
                    ),
                    to_attr="listed_alternative_titles",
                )
            )
        )

    def for_explore(self, *, alternative_titles=True):
        """Published profiles as the explore page and the shortlist list them: the listing, with
        the facts people choose by, in a fixed number of queries."""
        routes = JobProfile.parts.named("entry_routes").model
        listed = self.for_listing(*FACT_FIELDS, alternative_titles=alternative_titles)
        return listed.prefetch_related(
            *JobProfile.parts.page_prefetches(improved=False, only=("working_times", "workplaces")),
            Prefetch(
                "entry_routes",
                queryset=routes.objects.filter(kind=routes.Kind.APPRENTICESHIP).only(
                    "profile_id", "kind"
                ),
                to_attr="apprenticeship_routes",
            ),
        )

    def for_comparing(self):
        """Published profiles as the compare table shows them, in a fixed number of queries."""
        return self.published().prefetch_related(
            *JobProfile.parts.page_prefetches(
                improved=True,
                only=(
                    "alternative_titles",
                    "entry_routes",
                    "skills",
                    "working_times",
                    "workplaces",
                    "related_to",
                ),
            )
        )

    def starting_with(self, letter):
        """Titles starting with a letter in either case, in the order of the index on Initial:
        a letter's count and any page of it without sorting the letter's profiles."""
        return self.alias(initial=Initial("title")).filter(initial=letter.upper())

    def initials(self):
        """The letters that published titles start with, upper case (from the index on Initial:
        reading every title's first letter took 166 ms at 100,000 profiles)."""
        return {
            initial.upper()
            for initial in self.published()
            .annotate(initial=Initial("title"))
            .values_list("initial", flat=True)
            .distinct()
            .order_by()
        }

    def for_profile_page(self, *, improved=False):
        """Everything the profile page shows in a layout, in a fixed number of queries."""
        from profiles.models.workflow import ReviewStep

        # The figures' sources ride along in the profile's own query.
        profiles = self.with_first_category().select_related(
            *(f"{figure}_source" for figure in FIGURES)
        )
        return profiles.prefetch_related(
            *JobProfile.parts.page_prefetches(improved=improved),
            # The public "Page history": one query, for every layout.
            Prefetch(
                "review_steps",
                queryset=ReviewStep.objects.public_changes().only(
                    "profile_id", "at", "public_summary", "from_feedback"
                ),
                to_attr="public_changes",
            ),
        )

    def with_first_category(self):
        """Each profile's first category (the one its editor listed first), for its breadcrumb,
        without a query of its own."""
        first = JobProfile.categories.through.objects.filter(jobprofile=OuterRef("pk")).order_by(
            "pk"
        )
        return self.annotate(
            first_category_name=Subquery(first.values("category__name")[:1]),
            first_category_slug=Subquery(first.values("category__slug")[:1]),
        )


# More than any careers profile could honestly say a job pays; past it, a figure is a typing slip.
SALARY_LIMIT = 500_000
SALARY_TOO_HIGH = f"Salaries must be £{SALARY_LIMIT:,} a year or less: check for an extra 0."


class SalaryField(models.PositiveIntegerField):
    """Pounds a year, from 0 to SALARY_LIMIT, with messages in pounds rather than integers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MaxValueValidator(SALARY_LIMIT, SALARY_TOO_HIGH)])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        messages = {
            "max_value": SALARY_TOO_HIGH,
            "min_value": "Salaries cannot be less than £0.",
            "invalid": "Enter a salary in whole pounds, like 24000.",
        }
        return super().formfield(
            **{"max_value": SALARY_LIMIT, "error_messages": messages, **kwargs}
        )


class QualificationLevel(models.TextChoices):
    """The qualification usually needed to start, lowest first (the order filters compare in)."""

    NONE = "none", "No qualifications needed"
    GCSE = "gcse", "GCSEs or equivalent"
    ADVANCED = "advanced", "A levels, T levels or an advanced apprenticeship"
    HIGHER = "higher", "A higher apprenticeship, HNC, HND or foundation degree"
    DEGREE = "degree", "A degree"
    POSTGRADUATE = "postgraduate", "A postgraduate qualification"


class JobProfileManager(models.Manager.from_queryset(JobProfileQuerySet)):
    """Profiles as everyone but their editors knows them: a held change's copy is not one."""

    def get_queryset(self):
        return super().get_queryset().filter(changes_for__isnull=True)


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class JobProfile(models.Model):
    """A career as the public reads it: its own fields, and the rows of its parts."""

    # Outside the class body too, so that Meta's constraints can be built from the choices.
    Status = ProfileStatus
    Qualification = QualificationLevel

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

    salary_starter_min = SalaryField("starter salary from (£ a year)")
    salary_starter_max = SalaryField("starter salary to (£ a year)")
    salary_experienced_max = SalaryField("experienced salary up to (£ a year)")
    salary_experienced_note = models.CharField(
        "experienced role",
        max_length=100,
        blank=True,
        help_text="Shown in brackets after the experienced salary, e.g. 'assistant manager'.",
    )
    salary_note = models.CharField(
        "note after the salary", max_length=200, default="These figures are a guide."
    )
    salary_source = SourceField("source of the salary figures")
    salary_period = PeriodField("year the salary figures describe")
    salary_area = models.CharField(
        "area the salary figures describe", max_length=20, choices=FigureArea, blank=True
    )
    hours_min = models.PositiveSmallIntegerField("hours a week from")
    hours_max = models.PositiveSmallIntegerField("hours a week to")
    hours_source = SourceField("source of the hours figures")
    hours_period = PeriodField("year the hours figures describe")
    hours_area = models.CharField(
        "area the hours figures describe", max_length=20, choices=FigureArea, blank=True
    )

    entry_requirements = models.TextField(help_text=MARKDOWN_HELP)
    qualification_level = models.CharField(
        "qualification usually needed to start",
        max_length=20,
        choices=QualificationLevel,
        blank=True,
        help_text="The lowest level most people start this job with, whatever the route. "
        "Used to filter careers; leave blank only while you find out.",
    )
    # What the job asks of a person, for the "Discover careers" quiz (interests.py).
    interest_practical = InterestScoreField(area=AREAS_BY_KEY["practical"])
    interest_investigative = InterestScoreField(area=AREAS_BY_KEY["investigative"])
    interest_creative = InterestScoreField(area=AREAS_BY_KEY["creative"])
    interest_helping = InterestScoreField(area=AREAS_BY_KEY["helping"])
    interest_leading = InterestScoreField(area=AREAS_BY_KEY["leading"])
    interest_organising = InterestScoreField(area=AREAS_BY_KEY["organising"])
    tasks_intro = models.CharField(
        "sentence before the tasks",
        max_length=200,
        default="Your day-to-day tasks may include:",
        blank=True,
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
    created_at = models.DateTimeField("first saved", auto_now_add=True)
    modified_at = models.DateTimeField("last saved", auto_now=True)

    # Review and publishing (workflow.py): never public, never in the interchange format.
    changes_for = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="held_changes",
        help_text="For a copy holding changes to a live profile: that profile.",
    )
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus, default=ReviewStatus.IN_PROGRESS, editable=False
    )
    review_type = models.CharField(max_length=20, choices=ReviewType, blank=True, editable=False)
    publish_at = models.DateTimeField("publish at", null=True, blank=True, editable=False)
    unpublish_at = models.DateTimeField("unpublish at", null=True, blank=True, editable=False)
    next_review_by = models.DateField(
        "next review by",
        null=True,
        blank=True,
        help_text="When someone should check this page is still right. Publishing sets it to "
        "12 months ahead unless you choose a date.",
    )
    # A held change adds the links back from related careers it adds when published, as a
    # save of a draft does at once (the form's "Link back from related careers").
    link_back_on_publish = models.BooleanField(default=True, editable=False)
    # Optimistic locking: a form saves only over the version it was opened on.
    edit_version = models.PositiveIntegerField(default=1, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="last saved by",
    )

    objects = JobProfileManager()
    # Every row, held changes' copies included: for the admin and the workflow alone.
    with_held_changes = JobProfileQuerySet.as_manager()

    # Everything else a profile is made of, in the order its page reads (see parts.py).
    parts = Parts(
        Part(
            "old_slugs", "SlugRedirect", ("old_slug",), after="slug", public=False, editable=False
        ),
        Part(
            "alternative_titles",
            "AlternativeTitle",
            ("title",),
            after="title",
            label="Alternative titles (shown under the title)",
        ),
        Part(
            "search_titles",
            "SearchTitle",
            ("title",),
            after="title",
            label="Hidden search titles (find this profile in search, never shown)",
            public=False,
            searched=True,
        ),
        Part(
            "entry_routes",
            "EntryRoute",
            ("kind", "text", "requirements"),
            after="entry_requirements",
            label="Ways in (the improved layout's “How to get into this career”)",
            improved_only=True,
            stacked=True,
        ),
        Part(
            "skills",
            "Skill",
            ("text",),
            after="restrictions",
            label="2. Skills required (the list after “You'll need:”)",
        ),
        Part(
            "tasks",
            "Task",
            ("text",),
            after="tasks_intro",
            label="Day-to-day tasks (the bullet list)",
        ),
        Part(
            "working_times",
            "WorkingTime",
            ("kind", "frequency"),
            after="working_pattern",
            label="You could work (times outside Monday to Friday daytime)",
        ),
        Part(
            "workplaces",
            "Workplace",
            ("kind",),
            after="working_environment",
            label="Places you could work",
        ),
        # Written as related_careers, a list of slugs, by the format (profiles/interchange/).
        Part(
            "related_to",
            "RelatedCareer",
            ("to_profile",),
            after="career_path",
            label="Related careers (“You may be interested in:”)",
            fk="from_profile",
            in_format=False,
            shown="published_related",
        ),
        Part(
            "opportunities",
            "Opportunity",
            ("kind", "title", "provider", "location", "closing_date", "start_date", "url"),
            after="career_path",
            label="Current opportunities (the improved layout)",
            improved_only=True,
            shown="current_opportunities",
        ),
    )

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

    # Fields the public never sees: changing only these leaves "last updated" alone.
    NOT_PUBLIC = frozenset(
        {
            *("id", "slug", "status", "content_updated", "created_at", "modified_at"),
            *("changes_for_id", "review_status", "review_type", "publish_at", "unpublish_at"),
            *("next_review_by", "edit_version", "edited_by_id", "link_back_on_publish"),
        }
    )
    # What a held change carries over when published: all but the workflow's own fields.
    NOT_COPIED = frozenset(
        {"id", "status", "created_at", "modified_at", "changes_for_id", "edit_version"}
        | {"review_status", "review_type", "publish_at", "edited_by_id", "link_back_on_publish"}
        | {"content_updated"}
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            # A held change's copy keeps its live profile's slug (or the one it will take).
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(changes_for__isnull=True),
                name="profiles_jobprofile_unique_slug",
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values),
                name="profiles_jobprofile_review_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_type__in=["", *ReviewType.values]),
                name="profiles_jobprofile_review_type_valid",
            ),
            # A copy is never public: publishing it moves its content onto the live profile.
            models.CheckConstraint(
                condition=Q(changes_for__isnull=True) | Q(status=ProfileStatus.DRAFT),
                name="profiles_jobprofile_copy_is_draft",
            ),
            models.CheckConstraint(
                condition=Q(salary_starter_min__lte=F("salary_starter_max")),
                name="profiles_jobprofile_starter_salary_ordered",
            ),
            models.CheckConstraint(
                condition=Q(salary_starter_max__lte=F("salary_experienced_max")),
                name="profiles_jobprofile_experienced_salary_ordered",
            ),
            # With the two above, every salary figure is within the limit.
            models.CheckConstraint(
                condition=Q(salary_experienced_max__lte=SALARY_LIMIT),
                name="profiles_jobprofile_salary_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__gte=1, hours_max__lte=100),
                name="profiles_jobprofile_hours_in_week",
            ),
            models.CheckConstraint(
                condition=Q(hours_min__lte=F("hours_max")),
                name="profiles_jobprofile_hours_ordered",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{figure}_area__in": ["", *FigureArea.values]}),
                    name=f"profiles_jobprofile_{figure}_area_valid",
                )
                for figure in FIGURES
            ),
            # A source comes with its period and area, and there is no period or area without
            # one: whatever the page says about a figure's provenance is the whole claim.
            *(
                models.CheckConstraint(
                    condition=Q(
                        **{f"{figure}_source__isnull": True, f"{figure}_period__isnull": True},
                        **{f"{figure}_area": ""},
                    )
                    | (
                        Q(**{f"{figure}_source__isnull": False, f"{figure}_period__isnull": False})
                        & ~Q(**{f"{figure}_area": ""})
                    ),
                    name=f"profiles_jobprofile_{figure}_provenance_whole",
                )
                for figure in FIGURES
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProfileStatus.values),
                name="profiles_jobprofile_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(qualification_level__in=["", *QualificationLevel.values]),
                name="profiles_jobprofile_qualification_level_valid",
            ),
        ]
        constraints += [
            models.CheckConstraint(
                condition=Q(**{f"{field}__lte": SCORE_MAX}) | Q(**{f"{field}__isnull": True}),
                name=f"profiles_jobprofile_{field}_in_range",
            )
            for field in INTEREST_FIELDS
        ]
        indexes = [
            models.Index(fields=["status", "title"], name="profiles_status_title_idx"),
            # The A–Z: a letter's published profiles, counted and paged in title order. At
            # 100,000 profiles a letter's count and page took 43 ms each (a row read apiece to
            # check it was no held change's copy, then a sort); with this, 1 ms and 0.2 ms.
            # The status is a column, not the condition: queries pass it as a parameter, which
            # SQLite cannot match to a condition, and checked it row by row (35 ms).
            models.Index(
                Initial("title"),
                "status",
                "title",
                name="profiles_listed_initial_idx",
                condition=Q(changes_for__isnull=True),
            ),
            models.Index(fields=["next_review_by"], name="profiles_next_review_by_idx"),
        ]
        permissions = [
            ("publish_jobprofile", "Can publish and unpublish reviewed profiles"),
            ("skipreview_jobprofile", "Can publish without review (urgent corrections)"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("profiles:detail", kwargs={"slug": self.slug})

    def clean(self, *, check_slug=True):
        """The rules between fields; check_slug=False leaves the slug to a bulk check."""
        errors = {}
        for field in ("hours_min", "hours_max"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 100:
                errors[field] = "Hours must be between 1 and 100 a week."
        for lower, upper, message in self.ORDERING_RULES:
            low, high = getattr(self, lower), getattr(self, upper)
            if low is not None and high is not None and low > high and upper not in errors:
                errors[upper] = message
        for figure in FIGURES:
            # The source itself when set (an import's may not be saved yet), else its key.
            source_field = self._meta.get_field(f"{figure}_source")
            source = (
                source_field.get_cached_value(self)
                if source_field.is_cached(self)
                else getattr(self, source_field.attname)
            )
            problems = provenance_problems(
                source, getattr(self, f"{figure}_period"), getattr(self, f"{figure}_area")
            )
            for which, message in problems.items():
                errors.setdefault(f"{figure}_{which}", message)
        scored = [field for field in INTEREST_FIELDS if getattr(self, field) is not None]
        if scored and len(scored) < len(INTEREST_FIELDS):
            for field in INTEREST_FIELDS:
                if field not in scored:
                    errors[field] = "Score all six interest areas, or none of them for now."
        if check_slug and (slug_clash := self.slug_clash()):
            errors["slug"] = slug_clash
        if errors:
            raise ValidationError(errors)

    def slug_clash(self):
        """Why this profile cannot have its slug, or "": current and old slugs are all unique."""
        if not self.slug:
            return ""
        # A held change's copy shares its slug with the profile it will replace.
        mine = {pk for pk in (self.pk, self.changes_for_id) if pk}
        others = JobProfile.objects.exclude(pk__in=mine)
        if owner := others.filter(slug=self.slug).first():
            return f"“{owner}” already uses this address. Choose a different one."
        old_slugs = SlugRedirect.objects.select_related("profile").filter(old_slug=self.slug)
        if mine:
            old_slugs = old_slugs.exclude(profile__in=mine)
        if old := old_slugs.first():
            return (
                f"This was the address of “{old.profile}” and still leads there, "
                "so people following old links would get the wrong page. Choose a different one."
            )
        return ""

    def stored_public_content(self):
        """What the public sees of this profile and its rows as saved now, for comparing."""
        stored = JobProfile.with_held_changes.get(pk=self.pk)
        content = {
            field.attname: getattr(stored, field.attname)
            for field in self._meta.concrete_fields
            if field.attname not in self.NOT_PUBLIC
        }
        content["categories"] = sorted(stored.categories.values_list("pk", flat=True))
        for part in self.parts.public:
            manager = getattr(stored, part.name)
            # Positions matter only through the order they give, which the list keeps.
            hidden = {"id", "position", "created_at", "modified_at", manager.field.attname}
            columns = [f.attname for f in manager.model._meta.concrete_fields]
            content[part.name] = list(manager.values_list(*[c for c in columns if c not in hidden]))
        return content

    def update_content_date(self, before, date_before):
        """After a save, date the content: today if the public content differs from `before`
        (its stored_public_content() before the save), else `date_before`.

        Keeping `date_before` matters when a restored version brings back its own, older date.
        """
        changed = self.stored_public_content() != before
        date = timezone.localdate() if changed else date_before
        if self.content_updated != date:
            self.content_updated = date
            self.save(update_fields=["content_updated", "modified_at"])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_held_change(self):
        """Whether this is the copy holding unpublished changes to a live profile."""
        return self.changes_for_id is not None

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

    def provenance(self, figure):
        """Where the salary or hours figures came from, or None when that is not recorded."""
        period, area = getattr(self, f"{figure}_period"), getattr(self, f"{figure}_area")
        # Incomplete only on a form that is about to be refused (the constraints see to it).
        if getattr(self, f"{figure}_source_id") is None or period is None or not area:
            return None
        return Provenance(
            source=getattr(self, f"{figure}_source"),
            period=period,
            area=area,
        )

    @property
    def salary_provenance(self):
        return self.provenance("salary")

    @property
    def hours_provenance(self):
        return self.provenance("hours")

    @property
    def has_apprenticeship_route(self):
        """Whether one way in is an apprenticeship (needs the entry routes prefetched, or the
        apprenticeship routes alone as for_explore() picks them)."""
        picked = getattr(self, "apprenticeship_routes", None)
        if picked is not None:
            return bool(picked)
        return any(route.kind == route.Kind.APPRENTICESHIP for route in self.entry_routes.all())

    @property
    def interest_scores(self):
        """{area key: score} when all six areas are scored, else None."""
        scores = {area.key: getattr(self, area.field) for area in INTEREST_AREAS}
        return None if None in scores.values() else scores

    @property
    def breadcrumbs(self):
        """Where the profile sits: the A to Z, then its first category (see with_first_category)."""
        crumbs = [{"url": reverse("profiles:a_to_z"), "label": "Job profiles A to Z"}]
        if hasattr(self, "first_category_slug"):
            name, slug = self.first_category_name, self.first_category_slug
        else:  # a profile not read by for_profile_page: the admin's preview of unsaved changes
            links = JobProfile.categories.through.objects.filter(jobprofile=self.pk)
            first = links.order_by("pk").select_related("category").first() if self.pk else None
            name, slug = (first.category.name, first.category.slug) if first else (None, None)
        if slug:
            crumbs.append({"url": reverse("profiles:category", args=[slug]), "label": name})
        return crumbs

    @property
    def published_related_careers(self):
        """Related careers the public may see, in the editor's order (needs for_profile_page)."""
        return [link.to_profile for link in self.published_related]


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
