"""The editors' view of the quiz's counts: started, finished, and where visitors left, by day."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from discover.models import QuizCount, Step
from lib.charts import day_bars

DAYS = 30


@dataclass
class Day:
    day: datetime.date
    started: int = 0
    finished: int = 0
    answered: dict = field(default_factory=dict)  # page number: visitors who answered it

    def reached(self, page):
        """Visitors who were shown a page: page 1 when they started, page k after k - 1."""
        return self.started if page == 1 else self.answered.get(page - 1, 0)

    def left_at(self, pages):
        """How many stopped at each page: shown it, and never answered it."""
        return [max(0, self.reached(page) - self.answered.get(page, 0)) for page in pages]


def report(days=DAYS, today=None):
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    by_day = {day: Day(day) for day in (first + datetime.timedelta(days=n) for n in range(days))}
    total = Day(first)
    for day, step, page, count in QuizCount.objects.since(first).values_list(
        "day", "step", "page", "count"
    ):
        if day not in by_day:
            continue
        for record in (by_day[day], total):
            if step == Step.STARTED:
                record.started += count
            elif step == Step.FINISHED:
                record.finished += count
            else:
                record.answered[page] = record.answered.get(page, 0) + count
    pages = range(1, max([*total.answered, 0]) + 1) or range(1, 2)
    rows = [
        {"day": d.day, "started": d.started, "finished": d.finished, "left": d.left_at(pages)}
        for d in reversed(by_day.values())
    ]
    return {
        "days": days,
        "first": first,
        "pages": list(pages),
        "rows": rows,
        "total": {
            "started": total.started,
            "finished": total.finished,
            "left": total.left_at(pages),
        },
        "funnel": [
            {"page": page, "reached": total.reached(page), "left": left}
            for page, left in zip(pages, total.left_at(pages), strict=True)
        ],
        "chart": _chart(list(by_day.values())),
    }


def _chart(days):
    """Bars for each day, oldest first: visitors who started, and who finished."""
    return day_bars(
        [d.day for d in days],
        (
            ("first", "started", [d.started for d in days]),
            ("second", "finished", [d.finished for d in days]),
        ),
    )
