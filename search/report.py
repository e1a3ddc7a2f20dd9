"""The editors' view of what visitors searched for: the commonest searches, those that found
nothing, and how many a day."""

import datetime

from django.db.models import Max, Sum
from django.utils import timezone

from lib.charts import day_bars
from search.models import SearchCount

DAYS = 30
LISTED = 25


def report(days=DAYS, today=None):
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    counted = SearchCount.objects.since(first).filter(day__lte=today)
    by_term = counted.values("term").annotate(
        searches=Sum("searches"), days=Max("day"), results=Max("results")
    )
    top = list(by_term.order_by("-searches", "term")[:LISTED])
    # "Found nothing" going by the last count of each day it was searched.
    nothing = list(
        counted.filter(results=0)
        .values("term")
        .annotate(searches=Sum("searches"), last=Max("day"))
        .order_by("-searches", "term")[:LISTED]
    )
    days_list = [first + datetime.timedelta(days=n) for n in range(days)]
    per_day = {day: [0, 0] for day in days_list}
    for day, searches, results in counted.values_list("day", "searches", "results"):
        per_day[day][0] += searches
        if results == 0:
            per_day[day][1] += searches
    chart = day_bars(
        days_list,
        (
            ("first", "searches", [per_day[d][0] for d in days_list]),
            ("second", "found nothing", [per_day[d][1] for d in days_list]),
        ),
    )
    return {
        "days": days,
        "first": first,
        "top": top,
        "nothing": nothing,
        "chart": chart,
        "rows": [
            {"day": day, "searches": per_day[day][0], "nothing": per_day[day][1]}
            for day in reversed(days_list)
        ],
        "total": sum(v[0] for v in per_day.values()),
        "total_nothing": sum(v[1] for v in per_day.values()),
        "keep_from": SearchCount.KEEP_FROM,
    }
