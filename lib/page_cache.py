"""Whole-page caching of public pages, shared by every instance, expired exactly on change.

A cached page carries tags naming the content it shows. Each tag has a version token in the
cache; a page is fresh while the versions it was stored with are still current, so expiring a
tag (one cache write) retires every page that shows that content, on every instance at once.
Pages that do not say what they show carry ALL_CONTENT, which every public change expires.

Views narrow their tags with tag_page(); code that changes public content calls expire() (the
profiles app does this when profiles_changed arrives, see profiles/cache.py).

Some pages come in variants chosen per visitor before the view runs (the profile page's two
layouts, chosen by a cookie). List a function in settings.PAGE_CACHE_VARIANTS that takes the
request and returns None when the page has no variants, or a short string naming the variant
(including the default one): the variant becomes part of the cache key and the response says
`Vary: Cookie`, so a CDN keeps the variants apart too. Return one of a few fixed strings, never
a raw cookie value, or visitors could fill the cache with junk variants.
"""

import datetime
import functools
import gzip
import hashlib
import http
import logging
import secrets
import threading
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.dispatch import Signal
from django.http import HttpResponse
from django.http.response import ResponseHeaders
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, get_resolver, reverse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.utils.text import compress_string

from lib import cache_guard

logger = logging.getLogger(__name__)

ALL_CONTENT = "content"

# Sent with the request and the Answer when a page is answered from the cache, so that what a
# view counts of its own pages (searches, say) still counts when the view does not run.
served_from_cache = Signal()
# v2: entries hold each encoding's complete headers.
_PAGE_KEY = "page:v2:{}"
_TAG_KEY = "page-tag:{}"


def cache():
    return cache_guard.guarded(settings.PAGE_CACHE_ALIAS)


def tag_page(request, *tags):
    """Say which content this page shows, so only changes to that content expire it."""
    request.page_cache_tags = getattr(request, "page_cache_tags", set()) | set(tags)


def query_keys(*names, any_key=False):
    """Say which query parameters a view reads. The page cache keys its pages on those alone,
    so junk parameters (?x=1, ?x=2, a campaign's ?utm_source=…) are served the canonical page
    rather than each stored anew; a view that declares none is keyed on its path alone.

    any_key=True is for views that answer every query string but their canonical one with a
    redirect or a 400, which are never stored.
    """

    def declare(view):
        view.page_cache_query_keys = None if any_key else frozenset(names)
        return view

    return declare


def _cached_query(request):
    """The part of the query string that chooses the page: the parameters its view reads."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    view = resolved(request)
    if view is None:
        return query  # a 404, never stored
    known = view.query_keys
    if known is None:
        return query
    return urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k in known])


class ResolvedView:
    __slots__ = ("name", "query_keys")

    def __init__(self, name, query_keys):
        self.name, self.query_keys = name, query_keys


def resolved(request):
    """The name of the view a request's path goes to and the query parameters it reads, or None
    for a path that goes to none: for choosing a page's cache key before the view runs.

    Remembered per path (a few thousand, the least recently asked forgotten first), since
    resolving a path was a sixth of what a cached page cost; junk paths can only push out others.
    """
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _resolve(urlconf, request.path_info)


@functools.lru_cache(maxsize=4096)
def _resolve(urlconf, path_info):
    try:
        match = get_resolver(urlconf).resolve(path_info)
    except Resolver404:
        return None
    return ResolvedView(match.view_name, getattr(match.func, "page_cache_query_keys", frozenset()))


def expire(*tags):
    """Retire every cached page carrying any of these tags.

    Call it once the change is committed (profiles' change signal comes then): a page that
    another instance renders from the old rows before that is stored under the old versions.
    """
    try:
        cache().set_many({_TAG_KEY.format(tag): secrets.token_hex(8) for tag in tags}, None)
    except Exception:
        # A cache that cannot be written cannot hold stale pages for long either: page entries
        # time out after PAGE_CACHE_SECONDS. Log loudly, every time, rather than fail the save.
        logger.exception("Could not expire cached pages tagged %s", sorted(tags))


def content_version():
    """A token that changes whenever public content changes: for keeping things other than
    pages (an index held in memory, say) exactly as fresh as the pages."""
    return _tag_versions([ALL_CONTENT])[ALL_CONTENT]


class HeldByContentVersion:
    """Something made from public content (an index, a table of synonyms), held in memory by
    each process and made again when the content version moves, so it is exactly as fresh as
    the pages. Without the cache it is made afresh every time: slower, never stale."""

    def __init__(self, make, what):
        self.make, self.what = make, what
        self._lock = threading.Lock()
        self._version, self._made = None, None

    def current(self):
        try:
            version = content_version()
        except Exception as error:
            _log_unless_known(error, "Page cache unavailable; reading %s afresh", self.what)
            return self.make()
        with self._lock:
            if self._version != version or self._made is None:
                self._made, self._version = self.make(), version
            return self._made


def _log_unless_known(error, message, *args):
    """Log a cache failure with its traceback, unless the guard has said it is down already."""
    if not isinstance(error, cache_guard.CacheUnavailable):
        logger.exception(message, *args)


def _tag_versions(tags):
    """The current version of each tag, creating versions for tags never seen before."""
    keys = {tag: _TAG_KEY.format(tag) for tag in tags}
    found = cache().get_many(keys.values())
    missing = [tag for tag, key in keys.items() if key not in found]
    for tag in missing:
        cache().add(keys[tag], secrets.token_hex(8), None)
    if missing:
        found = cache().get_many(keys.values())
    return {tag: found.get(key) for tag, key in keys.items()}


def _variant(request):
    """The variant of the page this visitor gets, or None for a page without variants."""
    answers = [import_string(path)(request) for path in settings.PAGE_CACHE_VARIANTS]
    answers = [answer for answer in answers if answer is not None]
    return "|".join(answers) if answers else None


def _key(request, variant):
    # The date too: pages show what is current today (open opportunities, for one), so every
    # page is rendered afresh at least once a day.
    url = f"{request.scheme}://{request.get_host()}{request.path}?{_cached_query(request)}"
    return _PAGE_KEY.format(hashlib.sha256(f"{url}\n{variant}\n{_today()}".encode()).hexdigest())


_day = (None, None, "")  # from, until, the date: converting the time to local was 20 µs a page


def _today():
    global _day
    now = timezone.now()
    since, until, today = _day
    if since is None or not since <= now < until:
        local = timezone.localtime(now)
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        today = start.date().isoformat()
        # Aware arithmetic is by the wall clock: a day on is the next midnight, clocks changed or not.
        _day = (start, start + datetime.timedelta(days=1), today)
    return today


def _is_per_visitor(request, response):
    """True when the response was made for this visitor alone (a CSRF token, the session...)."""
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_USED")
        or (session is not None and session.accessed)
        or response.cookies
        or "cookie" in response.get("Vary", "").lower()
        or "*" in response.get("Vary", "")
    )


class Answer:
    """A stored page as one request gets it: its status, every header, and the body."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def status_line(self):
        return f"{self.status} {http.HTTPStatus(self.status).phrase}"

    def header(self, name, default=None):
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), default)

    def header_names(self):
        return {name.lower() for name, _ in self.headers}


class PageCacheMiddleware:
    """Serve public pages from the shared cache and tell browsers and CDNs what they may keep.

    Sits inside ConditionalGetMiddleware and GZipMiddleware, so cached pages still answer
    If-None-Match / If-Modified-Since with 304; and outside the session, CSRF and auth
    middleware, so a cached page costs no database query at all. answer_from_cache() is the
    whole of a hit, for a server that wants to answer hits before Django's handler runs
    (careers_site/hits.py does).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._excluded = None

    def __call__(self, request):
        if not self.may_use_cache(request):
            response = self.get_response(request)
            self._mark_private(response)
            return response

        variant = _variant(request)
        # PAGE_CACHE_SECONDS=0 turns the cache off (pages keep their headers): a benchmark
        # of rendering, or a site whose CDN does all the caching. Outside the try: a Host header
        # not in ALLOWED_HOSTS raises here and gets the 400 page.
        key = _key(request, variant) if settings.PAGE_CACHE_SECONDS > 0 else None
        content_version = None
        if key is not None:
            try:
                answer = self._answer(request, key)
                if answer is not None:
                    response = HttpResponse(answer.body, status=answer.status)
                    for name, value in answer.headers:
                        response[name] = value
                    # What the middleware outside this one adds, a server answering hits
                    # itself learns from this (careers_site/hits.py).
                    response.page_cache_answer = (request.scheme, answer)
                    return response
                content_version = _tag_versions([ALL_CONTENT])[ALL_CONTENT]
            except Exception as error:
                # Without the cache the site is slower, not down: render, and let CDNs shield us.
                _log_unless_known(error, "Page cache unavailable; rendering %s", request.path)

        response = self.get_response(request)
        if not self._is_public(request, response):
            self._mark_private(response)
            return response

        response.headers.setdefault("Last-Modified", http_date(time.time()))
        set_response_etag(response)
        self._mark_public(response, variant)
        response["X-Page-Cache"] = "miss" if key is not None else "off"
        if request.method == "GET" and content_version is not None:
            self._store(request, response, key, content_version)
        return response

    def answer_from_cache(self, request):
        """The stored page for this request as an Answer, or None when it must be rendered (or
        may not be cached). Raises when the cache cannot be read, or for a disallowed Host."""
        if settings.PAGE_CACHE_SECONDS <= 0 or not self.may_use_cache(request):
            return None
        return self._answer(request, _key(request, _variant(request)))

    def _answer(self, request, key):
        entry = _fresh_entry(key)
        if entry is None:
            return None
        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if "gzip" in entry and accepts_gzip:
            answer = Answer(entry["status"], entry["gzip_headers"], entry["gzip"])
        elif "gzip" in entry:
            answer = Answer(entry["status"], entry["headers"], gzip.decompress(entry["gzip"]))
        else:
            answer = Answer(entry["status"], entry["headers"], entry["content"])
        served_from_cache.send(sender=type(self), request=request, answer=answer)
        return answer

    def may_use_cache(self, request):
        if self._excluded is None:
            self._excluded = tuple(reverse(name) for name in settings.PAGE_CACHE_EXCLUDED_URLS)
        cookies = request.COOKIES
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self._excluded)
            # Signed-in editors and visitors with a message waiting get pages made for them.
            and settings.SESSION_COOKIE_NAME not in cookies
            and CookieStorage.cookie_name not in cookies
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def _is_public(self, request, response):
        return (
            response.status_code == 200
            and not response.streaming
            # A view that set its own policy (never_cache, cache_control) keeps it.
            and not response.has_header("Cache-Control")
            and not _is_per_visitor(request, response)
        )

    def _mark_private(self, response):
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)

    def _mark_public(self, response, variant):
        patch_cache_control(
            response,
            public=True,
            max_age=settings.BROWSER_CACHE_SECONDS,
            s_maxage=settings.CDN_CACHE_SECONDS,
        )
        if variant is not None:
            patch_vary_headers(response, ["Cookie"])

    def _store(self, request, response, key, content_version):
        tags = getattr(request, "page_cache_tags", None) or {ALL_CONTENT}
        try:
            versions = _tag_versions(tags | {ALL_CONTENT})
            # Content changed while this page was rendering: it may show the old rows.
            if versions[ALL_CONTENT] != content_version:
                return
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() != "x-page-cache"
            ]
            entry = {"tags": {tag: versions[tag] for tag in tags}, "status": response.status_code}
            # The compressed copy alone when there is one: nearly every client takes it, and a
            # tenth of the size lets a cache of a given size hold ten times the pages.
            gzipped = _compressed(response.content)
            if gzipped is None:
                entry["content"] = response.content
                entry["headers"] = _as_sent(headers, varies=len(response.content) >= 200)
            else:
                entry["gzip"] = gzipped
                entry["headers"] = _as_sent(headers)
                entry["gzip_headers"] = _as_sent(headers, gzipped_length=len(gzipped))
            cache().set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception as error:
            _log_unless_known(error, "Could not store %s in the page cache", request.path)


# The tags each page carried when this process last served it: with them, the page and its
# tags' versions come in one round trip to the cache (one MGET on Redis) rather than two. A page
# whose tags changed since costs the second trip once. Bounded: forgotten all at once when full.
_tags_of_page = {}
_TAGS_REMEMBERED = 8192


def _fresh_entry(key):
    """The stored page under key if every tag it carries is still at the version it was stored
    with, else None."""
    known = _tags_of_page.get(key, ())
    found = cache().get_many([key, *(_TAG_KEY.format(tag) for tag in known)])
    entry = found.get(key)
    if not entry:
        return None
    tags = entry["tags"]
    if tags.keys() <= set(known):
        current = {tag: found.get(_TAG_KEY.format(tag)) for tag in tags}
    else:
        current = _tag_versions(tags)
        if len(_tags_of_page) >= _TAGS_REMEMBERED:
            _tags_of_page.clear()
        _tags_of_page[key] = tuple(tags)
    return entry if current == tags else None


def _as_sent(headers, *, varies=True, gzipped_length=None):
    """A stored page's headers whole, as GZipMiddleware would have sent them (with Django's own
    helper), so that a hit computes none of them: varying by encoding for any page it could
    have compressed, and for the compressed copy its length, its encoding and a weak ETag, since
    the bytes differ from the ones the ETag was made for."""
    response = HttpResponse()
    response.headers = ResponseHeaders(dict(headers))
    if varies:
        patch_vary_headers(response, ["Accept-Encoding"])
    if gzipped_length is not None:
        response["Content-Length"] = str(gzipped_length)
        response["Content-Encoding"] = "gzip"
        if response.get("ETag", "").startswith('"'):
            response["ETag"] = "W/" + response["ETag"]
    return [*response.headers.items(), ("X-Page-Cache", "hit")]


def _compressed(content):
    """The page gzipped once, when stored, or None when that saves nothing.

    Compressing on every hit (GZipMiddleware's way) was most of what a hit cost. One copy for
    everyone is safe here: a stored page holds nothing secret for a BREACH attack to dig out,
    since pages with a CSRF token or a session are never stored.
    """
    if len(content) < 200:
        return None
    gzipped = compress_string(content)
    return gzipped if len(gzipped) < len(content) else None
