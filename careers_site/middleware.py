import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from lib import cache_guard

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class HeadWithoutBodyMiddleware:
    """Answer HEAD with a GET's headers and no body.

    Django leaves the body for the server to drop; gunicorn does, but logs a warning for every
    such request, which buries real warnings under uptime checkers' HEADs. Outermost, so the
    headers (Content-Length, Content-Encoding, ETag) stay those of the GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class MethodNotAllowedPageMiddleware:
    """Give the bare 405 that Django's require_http_methods sends the site's page, keeping its
    Allow header: a person who lands on one learns what happened and where to go."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or response.streaming:
            return response  # the API's own JSON 405s, for one, say what they need to
        page = render(request, "405.html", {"method": request.method[:20]}, status=405)
        if allowed := response.get("Allow"):
            page["Allow"] = allowed
        return page


class RequestSizeLimitMiddleware:
    """Refuse, unread, a request body larger than the page it is sent to could use.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to disk
    whatever their size, so a public form that takes no files would still read a 200 MB
    multipart post. Public pages take a few kilobytes at most (the feedback form's 1,700
    characters); the admin, with its long profile forms, gets Django's own, larger limit. The
    answer is the site's 413 page, or JSON under /api/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if request.path.startswith("/admin/")
            else settings.PUBLIC_REQUEST_MAX_BYTES
        )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body it cannot measure
        if limit is not None and length > limit:
            return self._too_large(request, limit)
        return self.get_response(request)

    def _too_large(self, request, limit):
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"error": {"status": 413, "message": f"The request is over {limit} bytes."}},
                status=413,
            )
        else:
            response = render(request, "413.html", {"kilobytes": max(1, limit // 1024)}, status=413)
        # The body was never read: the connection cannot carry another request after it.
        response["Connection"] = "close"
        return response


class CanonicalHostMiddleware:
    """With SITE_URL set, every page is of that one address, whatever Host the client sent.

    Django checks a Host's name against ALLOWED_HOSTS but not its port, so without this a
    request for careers.example.org:1234 would put that port into canonical links, schema.org
    data, the sitemap and the API's links, and into the page cache's keys as a page of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.netloc = urlsplit(settings.SITE_URL).netloc if settings.SITE_URL else ""

    def __call__(self, request):
        if self.netloc:
            use_host(request, self.netloc)
        return self.get_response(request)


def use_host(request, netloc):
    """Make the request one for netloc; DisallowedHost (a 400) when its own Host is not allowed."""
    request.get_host()
    request.META["HTTP_HOST"] = netloc
    request.META.pop("HTTP_X_FORWARDED_HOST", None)


class IdleSignOutMiddleware:
    """Sign an editor out once SESSION_IDLE_MINUTES pass without a request from them to the admin.

    When each session was last seen is kept in the cache, not the session, so that a request
    costs no database write; a cache that has lost it (or is down) leaves the editor signed in,
    and the session still ends SESSION_COOKIE_AGE after signing in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin is where being signed in matters; public pages read no session at all.
        if (
            request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
        ):
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        key = (
            "idle:"
            + salted_hmac(
                "idle", request.session.session_key or "", algorithm="sha256"
            ).hexdigest()[:32]
        )
        now = time.time()
        cache = cache_guard.guarded()
        try:
            last_seen = cache.get(key)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                cache.delete(key)
                logout(request)
                return
            cache.set(key, now, settings.SESSION_COOKIE_AGE)
        except cache_guard.CacheUnavailable:
            pass
        except Exception:
            logger.warning("Idle sign-out unavailable: the cache is not answering")
