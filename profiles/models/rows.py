"""The rows a profile owns (see JobProfile.parts), each edited as a list on its form."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from profiles.models.profile import MARKDOWN_HELP, JobProfile


class ProfileRow(models.Model):
    """A row of a profile's ordered list, edited inline."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


def one_of_each_kind(model_name):
    """The rule for rows that a profile has at most one of each kind of."""
    return models.UniqueConstraint(
        fields=["profile", "kind"], name=f"profiles_{model_name}_one_per_kind"
    )


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


class SearchTitle(ProfileRow):
    """A name that finds the profile in search without being shown on it: what visitors call
    the job when no profile text does (trade slang, old names, abbreviations)."""

    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="search_titles")
    title = models.CharField(max_length=120)

    class Meta(ProfileRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "title"], name="profiles_searchtitle_unique_per_profile"
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
    kind = models.CharField("way in", max_length=20, choices=Kind)
    text = models.TextField("what to say about it", help_text=MARKDOWN_HELP)
    requirements = models.TextField(
        "entry requirements", blank=True, help_text="What this route asks for. " + MARKDOWN_HELP
    )

    class Meta(ProfileRow.Meta):
        constraints = [one_of_each_kind("entryroute")]

    def __str__(self):
        return self.get_kind_display()


class WorkingTime(ProfileRow):
    """A time outside Monday to Friday daytime that the job can ask for, and how often."""

    class Kind(models.TextChoices):
        EVENINGS = "evenings", "evenings"
        WEEKENDS = "weekends", "weekends"
        BANK_HOLIDAYS = "bank_holidays", "bank holidays"
        SHIFTS = "shifts", "shifts"
        ON_CALL = "on_call", "on call"
        NIGHTS = "nights", "nights"

    class Frequency(models.TextChoices):
        OCCASIONALLY = "occasionally", "occasionally"
        SOMETIMES = "sometimes", "sometimes"
        OFTEN = "often", "often"

    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="working_times")
    kind = models.CharField("when", max_length=20, choices=Kind)
    frequency = models.CharField("how often", max_length=20, choices=Frequency)

    class Meta(ProfileRow.Meta):
        constraints = [one_of_each_kind("workingtime")]

    def __str__(self):
        # Read from the choices directly: get_FOO_display() builds the choices' table again on
        # every call, which made these labels a tenth of a list page's time.
        return f"{_label(self.Kind, self.kind)} {_label(self.Frequency, self.frequency)}"


class Workplace(ProfileRow):
    """A kind of place people in this job work in."""

    class Kind(models.TextChoices):
        # Worded to follow "You could work", as the page lists them.
        OFFICE = "office", "in an office"
        OUTDOORS = "outdoors", "outdoors"
        HOSPITAL = "hospital", "in a hospital or clinic"
        HOMES = "homes", "in people's homes"
        VEHICLE = "vehicle", "in a vehicle"
        SCHOOL = "school", "in a school"
        FACTORY = "factory", "in a factory or workshop"
        SHOP = "shop", "in a shop"
        KITCHEN = "kitchen", "in a restaurant or kitchen"
        HOTEL = "hotel", "in a hotel"
        WAREHOUSE = "warehouse", "in a warehouse"
        BUILDING_SITE = "building_site", "on a building site"
        CARE_HOME = "care_home", "in a care home"
        FROM_HOME = "from_home", "from home"

    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="workplaces")
    kind = models.CharField("place", max_length=20, choices=Kind)

    class Meta(ProfileRow.Meta):
        constraints = [one_of_each_kind("workplace")]

    def __str__(self):
        return _label(self.Kind, self.kind)


def _label(choices, value):
    """A choice's label, or the stored value itself if it is not one of the choices."""
    member = choices._value2member_map_.get(value)
    return str(member.label) if member is not None else value


class RelatedCareerQuerySet(models.QuerySet):
    def shown(self):
        """Links the public may follow: to published profiles, with the profile they lead to."""
        return self.filter(to_profile__status=JobProfile.Status.PUBLISHED).select_related(
            "to_profile"
        )


class RelatedCareer(models.Model):
    from_profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="related_to"
    )
    to_profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="related_from"
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = RelatedCareerQuerySet.as_manager()

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

    def is_shown(self):
        return self.to_profile.is_published


class OpportunityQuerySet(models.QuerySet):
    def shown(self, today=None):
        """Opportunities a visitor can still take up: not closed, or not yet started."""
        today = today or timezone.localdate()
        # The closing date decides when there is one; a course with only a start date stays
        # open until it starts.
        return self.filter(
            Q(closing_date__gte=today) | Q(closing_date__isnull=True, start_date__gte=today)
        )


class OpportunityKind(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    COURSE = "course", "Course"


class Opportunity(models.Model):
    """An apprenticeship or course that leads into a career, with a link to apply or enrol.

    Its table keeps the name it had in the app it came from (profiles/migrations/0004).
    """

    Kind = OpportunityKind

    profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="opportunities", verbose_name="career"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    title = models.CharField(max_length=200)
    provider = models.CharField(
        max_length=200, help_text="The employer, college or training provider."
    )
    location = models.CharField(max_length=200, help_text="A town or area, or 'Online'.")
    closing_date = models.DateField(
        null=True, blank=True, help_text="The last day to apply. Hidden from the day after."
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="When it starts. Without a closing date, it is hidden from the day after.",
    )
    url = models.URLField(
        "link",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where to find out more and apply, starting https://.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        db_table = "opportunities_opportunity"
        verbose_name_plural = "opportunities"
        # Apprenticeships before courses, each soonest deadline first.
        ordering = [
            "kind",
            F("closing_date").asc(nulls_last=True),
            F("start_date").asc(nulls_last=True),
            "title",
            "pk",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closing_date__isnull=False) | Q(start_date__isnull=False),
                name="opportunities_opportunity_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OpportunityKind.values),
                name="opportunities_opportunity_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="opportunities_opportunity_web_link",
            ),
        ]
        indexes = [
            models.Index(fields=["profile", "closing_date"], name="opportunities_profile_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.closing_date is None and self.start_date is None:
            raise ValidationError("Give a closing date, a start date or both.")

    @property
    def kind_heading(self):
        """The heading the improved page groups this opportunity under."""
        return {self.Kind.APPRENTICESHIP: "Apprenticeships", self.Kind.COURSE: "Courses"}[self.kind]

    def is_shown(self, today=None):
        today = today or timezone.localdate()
        if self.closing_date is not None:
            return self.closing_date >= today
        return self.start_date is not None and self.start_date >= today
