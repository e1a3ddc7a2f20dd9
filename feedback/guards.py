"""Checks that keep feedback, the site's public input, from being abused."""

import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from lib.clients import client_address

logger = logging.getLogger(__name__)


def client_key(request):
    """An opaque key for the visitor: a keyed hash, so the address itself is never stored."""
    return salted_hmac("feedback.client", client_address(request), algorithm="sha256").hexdigest()[
        :32
    ]


def seconds_to_wait(request, scope, limit):
    """Count this request against the client's allowance; how long to wait if it is spent.

    A fixed window per client in Django's cache, so the count is shared by every instance that
    shares the cache.
    """
    window = settings.FEEDBACK_RATE_WINDOW
    now = int(time.time())
    start = now - now % window
    key = f"feedback:rate:{scope}:{client_key(request)}:{start}"
    try:
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
    except Exception:
        # With the cache down, losing feedback would be worse than letting it through unlimited.
        logger.exception("feedback rate limit unavailable; letting the request through")
        return 0
    return start + window - now if count > limit else 0


def _origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def is_cross_site(request):
    """Whether the browser says this request was sent from a page on another site.

    Used where a page is cached for everyone and so cannot carry a CSRF token. Browsers that
    send Sec-Fetch-Site say reliably where a request came from; older ones send Origin with
    every cross-origin POST, and Referer failing that. A request with none of them was not
    sent by a browser on another site's behalf.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    sender = request.headers.get("Origin") or request.headers.get("Referer")
    if sender is None:
        return False
    ours = {f"{request.scheme}://{request.get_host()}".lower()}
    ours.update(origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS)
    return _origin_of(sender) not in ours
