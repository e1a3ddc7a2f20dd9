"""What every API response shares: JSON errors, open CORS, ETags, caching and a rate limit."""

import functools
import hashlib
import json
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from lib import rate_limit

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


def check_rate_limit(request):
    """Count one request for this client in the current window; ApiError 429 past the limit."""
    limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
    usage = rate_limit.count_request(
        request, scope="api-rate", salt="api.client", limit=limit, window=window
    )
    headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(usage.remaining)}
    if usage.exceeded:
        raise ApiError(
            429,
            f"Too many requests: the limit is {limit} every {window} seconds. "
            f"Try again in {usage.retry_after} seconds.",
            {**headers, "Retry-After": str(usage.retry_after)},
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
