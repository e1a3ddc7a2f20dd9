"""The six interest areas: what a job asks of the person doing it, and what the quiz asks about.

Declared once here. Each is a score on every profile (0 to 7, InterestScoreField), a question
area in the "Discover careers" quiz, a key under "interests" in the interchange format and the
API. The six follow the well-tried RIASEC model (Holland's codes, as O*NET's Interest Profiler
uses them), named in plain words.
"""

from dataclasses import dataclass

from django.core.validators import MaxValueValidator
from django.db import models

SCORE_MAX = 7

SCORE_HELP = "{description} 0 none of the job, 7 the heart of it."

# The whole scale, for the admin's form and the format's description.
SCALE = (
    "Score how much of the job each area is, from 0 to 7: 0 none of it, 1–2 a little, 3–4 a "
    "fair part, 5–6 much of the job, 7 the heart of it. Compare with other jobs rather than "
    "across the six: a nurse is 7 for helping people and may still be 4 for investigative. "
    "The “Discover careers” quiz matches visitors' answers to these scores; a career without "
    "all six scores is left out of its results."
)


@dataclass(frozen=True)
class InterestArea:
    key: str
    name: str
    description: str

    @property
    def field(self):
        """The JobProfile field holding a profile's score in this area."""
        return f"interest_{self.key}"


INTEREST_AREAS = (
    InterestArea(
        "practical",
        "Practical",
        "Working with your hands, tools, machines, vehicles, plants or animals: making, "
        "mending, building and moving things.",
    ),
    InterestArea(
        "investigative",
        "Investigative",
        "Finding things out: asking questions, testing ideas, working with facts, figures "
        "and science to solve problems.",
    ),
    InterestArea(
        "creative",
        "Creative",
        "Making something new: designing, writing, cooking, decorating, performing, or "
        "finding your own way to do a thing.",
    ),
    InterestArea(
        "helping",
        "Helping people",
        "Caring for, teaching, advising and supporting people, and making a difference to "
        "their day.",
    ),
    InterestArea(
        "leading",
        "Leading and persuading",
        "Taking charge, making decisions, selling, winning people round and getting things "
        "started.",
    ),
    InterestArea(
        "organising",
        "Organising",
        "Keeping things in order: records, money, stock, timetables and plans, done "
        "accurately and by the rules.",
    ),
)

AREAS_BY_KEY = {area.key: area for area in INTEREST_AREAS}
INTEREST_FIELDS = tuple(area.field for area in INTEREST_AREAS)


class InterestScoreField(models.PositiveSmallIntegerField):
    """A profile's score in one interest area, 0 to SCORE_MAX, or blank until an editor decides."""

    def __init__(self, *args, area=None, **kwargs):
        if area is not None:
            kwargs.setdefault("verbose_name", area.name.lower())
            kwargs.setdefault("help_text", SCORE_HELP.format(description=area.description))
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [MaxValueValidator(SCORE_MAX)])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        messages = {
            "max_value": f"Scores go from 0 to {SCORE_MAX}.",
            "min_value": f"Scores go from 0 to {SCORE_MAX}.",
            "invalid": f"Enter a whole number from 0 to {SCORE_MAX}.",
        }
        return super().formfield(
            **{"min_value": 0, "max_value": SCORE_MAX, "error_messages": messages, **kwargs}
        )
