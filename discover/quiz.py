"""The quiz: its pages, what a visitor's answers say they like, and the careers that fit.

How careers are matched (the results page explains it in the same terms): each area's score
is how much the visitor liked its activities, 0 to 100. Taking away their own average leaves a
weight for each area: above average counts for a career, below average against it, so what
counts is what someone likes more than the rest, not how generous they are with "Like". A
career's match is its six scores (0 to 7) times those weights, added up, as a share of the
best any career could get (7 in every area the visitor likes, 0 in the others): from 1, a
perfect fit, through 0, no better than chance, to -1. Careers above 0 are shown, best first.
"""

import heapq
from dataclasses import dataclass

from discover.models import Question
from profiles.models import INTEREST_AREAS, InterestArea
from profiles.models.interests import SCORE_MAX

PAGE_SIZE = 6
# Matches at or above these are called strong, then good; anything above 0 is a fair match.
STRONG, GOOD = 0.6, 0.35
# A career's score in an area counts as much of the work from here, as little up to LITTLE.
MUCH, LITTLE = 4, 2


class Quiz:
    """The questions asked now, in pages."""

    def __init__(self, questions):
        self.questions = list(questions)
        self.asked_ids = {question.pk for question in self.questions}
        self.pages = [
            self.questions[start : start + PAGE_SIZE]
            for start in range(0, len(self.questions), PAGE_SIZE)
        ]

    @classmethod
    def current(cls):
        return cls(Question.objects.asked().only("pk", "text", "area", "position"))

    def page(self, number):
        """The questions on page `number` (from 1), or None past either end."""
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None

    def kept(self, answers):
        """The answers to questions asked now."""
        return {qid: answer for qid, answer in answers.items() if qid in self.asked_ids}

    def retired(self, answers):
        """How many answers are to questions no longer asked."""
        return sum(1 for qid in answers if qid not in self.asked_ids)

    def unanswered(self, answers):
        return [question for question in self.questions if question.pk not in answers]

    def first_unanswered_page(self, answers):
        for number, page in enumerate(self.pages, start=1):
            if any(question.pk not in answers for question in page):
                return number
        return None

    def likes(self, answers):
        """What the answers (to questions asked now) say the visitor likes."""
        scores = []
        for area in INTEREST_AREAS:
            given = [
                answers[q.pk] for q in self.questions if q.area == area.key and q.pk in answers
            ]
            percent = round(100 * sum(a - 1 for a in given) / (4 * len(given))) if given else None
            scores.append(AreaScore(area, percent))
        return Likes(scores)


@dataclass(frozen=True)
class AreaScore:
    area: InterestArea
    percent: int | None  # how much the visitor liked the area's activities; None if unasked


class Likes:
    """A visitor's six area scores, and the weights careers are matched by."""

    def __init__(self, scores):
        self.scores = scores
        known = [score.percent for score in scores if score.percent is not None]
        mean = sum(known) / len(known) if known else 0
        # An area without questions weighs nothing either way.
        self.weights = [0 if s.percent is None else s.percent - mean for s in scores]
        self.best_possible = SCORE_MAX * sum(w for w in self.weights if w > 0)
        # Every area liked the same: nothing to tell careers apart by.
        self.flat = self.best_possible == 0
        ranked = sorted(
            (s for s in scores if s.percent is not None and s.percent > mean),
            key=lambda s: -s.percent,
        )
        self.top = ranked[:3]
        self.least = sorted(
            (s for s in scores if s.percent is not None and s.percent < mean),
            key=lambda s: s.percent,
        )[:2]

    @property
    def ranked(self):
        """All six, most liked first."""
        return sorted(self.scores, key=lambda s: (s.percent is None, -(s.percent or 0)))

    def matching(self, scored):
        """The careers that fit, as a Ranked list: best first, ties in A to Z order.

        scored: (position, six scores) for every scored profile, from the facts (choosing/
        facts.py). Plain arithmetic on tuples in one pass: no model instances, no queries.
        """
        if self.flat:
            return Ranked([], 1)
        w0, w1, w2, w3, w4, w5 = self.weights
        # Negated, so that the smallest come first; only careers that fit are kept.
        totals = [
            (total, position)
            for position, (a, b, c, d, e, f) in scored
            if (total := -(w0 * a + w1 * b + w2 * c + w3 * d + w4 * e + w5 * f)) < 0
        ]
        return Ranked(totals, self.best_possible)

    def reason(self, career_scores):
        """One line saying why a career matches, in the visitor's terms."""
        by_key = dict(zip((area.key for area in INTEREST_AREAS), career_scores, strict=True))
        much = [s.area.name.lower() for s in self.top[:2] if by_key[s.area.key] >= MUCH]
        if much:
            return f"Much of the work is {_and(much)}, which you liked most."
        little = [s.area.name.lower() for s in self.least if by_key[s.area.key] <= LITTLE]
        if little:
            return f"Little of the work is {_and(little)}, which you liked least."
        return "Its mix of work is closer to what you liked than most careers'."


class Ranked:
    """(match, position) pairs, best first, put in order only as far as a page reads: the
    first pages of 5,000 matches need their best 20 or 40, not all of them sorted."""

    def __init__(self, totals, best_possible):
        self._totals, self._best = totals, best_possible

    def __len__(self):
        return len(self._totals)

    def positions(self):
        """Every match's place in the facts, in no particular order."""
        return [position for _, position in self._totals]

    def within(self, test):
        """The matches whose place passes a test, ranked as these are."""
        return Ranked([pair for pair in self._totals if test(pair[1])], self._best)

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("Matches are read a page at a time.")
        start, stop = window.start or 0, len(self) if window.stop is None else window.stop
        best = heapq.nsmallest(stop, self._totals)
        return [(-total / self._best, position) for total, position in best[start:stop]]


def strength(match):
    if match >= STRONG:
        return "Strong match"
    if match >= GOOD:
        return "Good match"
    return "Fair match"


def _and(words):
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"
