"""Site-wide views: robots.txt, the health check and the error pages."""

import logging
import secrets

from django.conf import settings
from django.contrib.sitemaps import views as sitemaps_views
from django.core.cache import caches
from django.db import connections
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from lib import page_cache

logger = logging.getLogger(__name__)

# Search results pages may be crawled (docs/quality.md); the suggestions under them are data.
# Compare and saved careers are one visitor's choices: endless combinations, none worth indexing.
ROBOTS_DISALLOW = [
    "/admin/",
    "/api/",
    "/feedback/",
    "/search/suggestions/",
    "/compare/",
    "/saved-careers/",
]

# The last resort when even the 500 template cannot render: no template, static file or query.
BARE_500 = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Sorry, there is a problem with the service</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>"
)


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    # Forms and raw data are no use in a search engine's index.
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@page_cache.query_keys("p")  # ?p=2: the second page, past 50,000 addresses
def sitemap(request, sitemaps):
    return sitemaps_views.sitemap(request, sitemaps)


def _database_ok():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database is not answering")
        return False


def _cache_ok(alias):
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache = caches[alias]
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("Health check: the cache %r is not answering", alias)
        return False


@never_cache
@require_safe
def healthz(request):
    """Whether this instance can reach its database and cache: 200 if so, 503 if not."""
    checks = {"database": _database_ok()}
    checks |= {
        f"cache:{alias}" if alias != "default" else "cache": _cache_ok(alias)
        for alias in settings.CACHES
    }
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable"}
        | {name: "ok" if ok else "failing" for name, ok in checks.items()},
        status=200 if healthy else 503,
    )


def _render_without_request(template_name):
    """An error page from the site's layout, without context processors or the database.

    The request may be the problem (a bad Host header) and the database may be down.
    """
    return loader.render_to_string(template_name, {"service_name": settings.SERVICE_NAME})


def bad_request(request, exception):
    return HttpResponseBadRequest(_render_without_request("400.html"))


def permission_denied(request, exception):
    return HttpResponseForbidden(_render_without_request("403.html"))


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: usually a page left open for a long time."""
    return HttpResponseForbidden(_render_without_request("403_csrf.html"))


def server_error(request):
    try:
        html = _render_without_request("500.html")
    except Exception:
        logger.exception("The 500 page could not render")
        html = BARE_500
    return HttpResponseServerError(html)
