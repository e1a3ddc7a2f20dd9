from profiles.models.profile import MARKDOWN_HELP, Category, JobProfile, SlugRedirect
from profiles.models.rows import (
    AlternativeTitle,
    EntryRoute,
    Opportunity,
    ProfileRow,
    RelatedCareer,
    Skill,
    Task,
)
from profiles.models.uptake import LayoutUptake

__all__ = [
    "MARKDOWN_HELP",
    "AlternativeTitle",
    "Category",
    "EntryRoute",
    "JobProfile",
    "LayoutUptake",
    "Opportunity",
    "ProfileRow",
    "RelatedCareer",
    "Skill",
    "SlugRedirect",
    "Task",
]
