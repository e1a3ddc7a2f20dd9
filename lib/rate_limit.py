"""A fixed-window rate limit per client, counted in Django's cache.

The count lives in the shared cache, so every instance behind a load balancer sees the same one,
and a client is never held back for longer than one window. The client is a keyed hash of its
address, so no address is ever stored.
"""

import logging
import time
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from lib import cache_guard
from lib.clients import client_address

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Usage:
    """Where a client stands in the current window once this request is counted."""

    limit: int
    count: int
    # Seconds until the window ends and the allowance comes back.
    retry_after: int

    @property
    def exceeded(self):
        return self.count > self.limit

    @property
    def remaining(self):
        return max(0, self.limit - self.count)


def client_key(request, salt):
    """An opaque key for the visitor: a keyed hash, so the address itself is never stored."""
    return salted_hmac(salt, client_address(request), algorithm="sha256").hexdigest()[:32]


def count_request(request, *, scope, salt, limit, window):
    """Count this request against the client's allowance of `limit` every `window` seconds.

    Keys read `<scope>:<client key>:<window start>`. A cache that cannot be reached lets the
    request through (cache_guard logs the failure once): turning every visitor away would be
    worse than a spell unlimited.
    """
    cache = cache_guard.guarded()
    now = int(time.time())
    start = now - now % window
    key = f"{scope}:{client_key(request, salt)}:{start}"
    try:
        # add() is atomic in every cache backend: only the window's first request creates the key.
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted, or the window expired, between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
    except cache_guard.CacheUnavailable:
        count = 0
    except Exception:
        logger.warning("Rate limit %s unavailable; letting requests through", scope)
        count = 0
    return Usage(limit=limit, count=count, retry_after=start + window - now)
