"""Counting what visitors search for, without a write on each search and without keeping
rare words.

Each process adds its searches up in memory and, every FLUSH_EVERY searches or FLUSH_SECONDS,
moves them into the shared cache's counters for the day (one counter a term, atomic, kept two
days). A term reaches the database only once the day's counter says KEEP_FROM or more people
searched for it: anything rarer (a name, a sentence) is forgotten with the cache entry.
Without the cache nothing is counted, and searching goes on as before.
"""

import hashlib
import logging
import threading
import time

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lib import cache_guard
from search import text
from search.models import SearchCount

logger = logging.getLogger(__name__)

FLUSH_EVERY, FLUSH_SECONDS = 50, 60
_KEY = "search-count:{}:{}"
_KEPT = 2 * 24 * 60 * 60


class _Pending:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}  # (day, term): [searches, results]
        self.searches = 0
        self.since = time.monotonic()


_pending = _Pending()


def forget_pending():
    """Drop what this process has counted and not flushed (tests start afresh with it, so that a
    flush, every FLUSH_EVERY searches, never lands inside a test that counts queries)."""
    with _pending.lock:
        _pending.counts, _pending.searches, _pending.since = {}, 0, time.monotonic()


def term_of(query):
    """What is counted of a query: its words, folded, as search reads them."""
    return text.normalise(query)[:200]


def record(query, results):
    """Count one search. Cheap: a dictionary update, and now and then a flush."""
    term = term_of(query)
    if not term:
        return
    key = (timezone.localdate(), term)
    with _pending.lock:
        counted = _pending.counts.setdefault(key, [0, 0])
        counted[0] += 1
        counted[1] = results
        _pending.searches += 1
        due = _pending.searches >= FLUSH_EVERY or time.monotonic() - _pending.since >= FLUSH_SECONDS
    if due:
        flush()


def flush():
    """Move what this process has counted into the cache, and terms now common enough into
    the database."""
    with _pending.lock:
        counts, _pending.counts = _pending.counts, {}
        _pending.searches, _pending.since = 0, time.monotonic()
    for (day, term), (searches, results) in counts.items():
        try:
            _add(day, term, searches, results)
        except cache_guard.CacheUnavailable:
            pass  # these go uncounted; cache_guard has logged that the cache failed
        except Exception:
            logger.exception("Could not count searches for a term; carrying on without")


def _add(day, term, searches, results):
    key = _KEY.format(day.isoformat(), hashlib.sha256(term.encode()).hexdigest())
    cache = cache_guard.guarded()
    cache.add(key, 0, _KEPT)
    total = cache.incr(key, searches)
    if total < SearchCount.KEEP_FROM:
        return
    kept = SearchCount.objects.filter(day=day, term=term)
    with transaction.atomic():
        # Past the mark before this flush: the day's row exists, and these searches add to it.
        if total - searches >= SearchCount.KEEP_FROM and kept.update(
            searches=F("searches") + searches, results=results
        ):
            return
        # Crossing it now: the row starts at the day's whole count.
        _, created = SearchCount.objects.get_or_create(
            day=day, term=term, defaults={"searches": total, "results": results}
        )
        if not created:
            kept.update(searches=F("searches") + searches, results=results)
