"""A cache that fails is left alone for a while: a hung or stopped cache server then costs one
timeout a process every PAUSE_SECONDS, not one on every call of every request, and is logged
once when it fails and once when it is back, not on every request in between.

Everything the site keeps in the cache can be done without (pages are rendered, rate limits let
requests through, counts wait), so callers catch CacheUnavailable, or any error, and carry on.
"""

import logging
import threading
import time

from django.core.cache import caches

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 10


class CacheUnavailable(Exception):
    """Raised without trying while a cache that failed is being left alone."""


class _Health:
    def __init__(self, alias):
        self.alias = alias
        self.paused_until = 0.0
        self.failing = False
        self._lock = threading.Lock()

    def check(self):
        if self.failing and time.monotonic() < self.paused_until:
            raise CacheUnavailable(f"the cache {self.alias!r} failed; trying again shortly")

    def failed(self, error):
        with self._lock:
            if not self.failing:
                logger.error(
                    "Cache %r failed (%s: %s); leaving it alone for %s s at a time until it "
                    "answers again",
                    self.alias,
                    type(error).__name__,
                    error,
                    PAUSE_SECONDS,
                )
            self.failing = True
            self.paused_until = time.monotonic() + PAUSE_SECONDS

    def answered(self):
        if self.failing:
            with self._lock:
                if self.failing:
                    logger.warning("Cache %r answers again", self.alias)
                    self.failing = False


_health = {}


class GuardedCache:
    """A Django cache whose calls fail at once while it is known to be failing."""

    def __init__(self, alias):
        self._alias = alias
        self._health = _health.setdefault(alias, _Health(alias))

    def __getattr__(self, name):
        attribute = getattr(caches[self._alias], name)
        if not callable(attribute):
            return attribute
        health = self._health

        def call(*args, **kwargs):
            health.check()
            try:
                result = attribute(*args, **kwargs)
            except Exception as error:
                health.failed(error)
                raise
            health.answered()
            return result

        return call


def guarded(alias="default"):
    return GuardedCache(alias)


def reset():
    """Forget every failure (for tests that stop and start cache servers)."""
    for health in _health.values():
        health.failing, health.paused_until = False, 0.0
