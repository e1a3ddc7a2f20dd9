"""What every API response shares: JSON errors, open CORS, ETags, caching and a rate limit."""

import functools
import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.crypto import salted_hmac

from lib.clients import client_address

logger = logging.getLogger("django.request")

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Anyone may read the API from a browser on any site; nothing here depends on cookies.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining",
}


class ApiError(Exception):
    """An answer other than success, given to the client as a JSON error."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def json_response(data, status=200, headers=None):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json", headers=headers)


def error_response(status, message, headers=None):
    return json_response({"error": {"status": status, "message": message}}, status, headers)


def client_id(request):
    """Who the rate limit counts: the visitor's address, as a keyed hash so none is stored.

    The address comes from the trusted proxies' X-Forwarded-For (TRUSTED_PROXIES) or the
    connection, as for every other rate limit.
    """
    return salted_hmac("api.client", client_address(request), algorithm="sha256").hexdigest()[:32]


def check_rate_limit(request):
    """Count one request for this client in the current window; ApiError 429 past the limit.

    A fixed window in the shared cache: every instance behind a load balancer sees the same
    count, and a client is never locked out for longer than one window.
    """
    limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
    now = int(time.time())
    window_start = now - now % window
    key = f"api-rate:{client_id(request)}:{window_start}"
    # add() is atomic in every cache backend: only the first request of a window creates the key.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    remaining = max(0, limit - count)
    headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining)}
    if count > limit:
        retry_after = window_start + window - now
        raise ApiError(
            429,
            f"Too many requests: the limit is {limit} every {window} seconds. "
            f"Try again in {retry_after} seconds.",
            {**headers, "Retry-After": str(retry_after)},
        )
    return headers


def api_view(view):
    """Serve a read-only JSON view: methods, rate limit, CORS, ETag, caching and JSON errors."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        headers = {}
        try:
            if request.method not in ALLOWED_METHODS:
                raise ApiError(
                    405,
                    f"This API is read-only: use GET, not {request.method}.",
                    {"Allow": ", ".join(ALLOWED_METHODS)},
                )
            if request.method == "OPTIONS":
                return _with_cors(_preflight())
            headers = check_rate_limit(request)
            try:
                response = view(request, *args, **kwargs)
            except ApiError:
                raise
            except Http404 as error:
                raise ApiError(404, str(error) or "Not found.") from error
            except Exception as error:
                # Logged with its traceback as Django logs a failed request; the client still
                # gets JSON, not the site's error page.
                logger.exception("Internal Server Error: %s", request.path)
                raise ApiError(500, "Something went wrong on our side; try again later.") from error
        except ApiError as error:
            response = error_response(error.status, error.message, {**headers, **error.headers})
            patch_cache_control(response, no_store=True)
            return _with_cors(response)
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        # Answers 304 Not Modified when the client's ETag still matches.
        response = get_conditional_response(request, etag=response["ETag"], response=response)
        for name, value in headers.items():
            response[name] = value
        return _with_cors(response)

    # Nothing here changes state or reads cookies, so a cross-site POST can do no harm; exempt,
    # it gets the API's own 405 answer instead of the site's CSRF page.
    wrapped.csrf_exempt = True
    return wrapped


def _preflight():
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
    response["Access-Control-Allow-Headers"] = "If-None-Match"
    response["Access-Control-Max-Age"] = "86400"
    return response


def _with_cors(response):
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response
