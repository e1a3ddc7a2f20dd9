from profiles.models.figures import FIGURES, FigureArea, FigureSource, Provenance
from profiles.models.interests import INTEREST_AREAS, INTEREST_FIELDS, InterestArea
from profiles.models.profile import (
    MARKDOWN_HELP,
    Category,
    JobProfile,
    QualificationLevel,
    SlugRedirect,
)
from profiles.models.rows import (
    AlternativeTitle,
    EntryRoute,
    Opportunity,
    ProfileRow,
    RelatedCareer,
    SearchTitle,
    Skill,
    Task,
    WorkingTime,
    Workplace,
)
from profiles.models.uptake import LayoutUptake
from profiles.models.workflow import ReviewStatus, ReviewStep, ReviewType

__all__ = [
    "FIGURES",
    "FigureArea",
    "FigureSource",
    "Provenance",
    "INTEREST_AREAS",
    "INTEREST_FIELDS",
    "InterestArea",
    "MARKDOWN_HELP",
    "AlternativeTitle",
    "Category",
    "EntryRoute",
    "JobProfile",
    "LayoutUptake",
    "QualificationLevel",
    "Opportunity",
    "ProfileRow",
    "RelatedCareer",
    "ReviewStatus",
    "ReviewStep",
    "ReviewType",
    "SearchTitle",
    "Skill",
    "SlugRedirect",
    "Task",
    "WorkingTime",
    "Workplace",
]
