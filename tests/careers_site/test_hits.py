"""Cached pages answered before Django's handler: the same answers, only cheaper."""

import pytest
from django.core import signals
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from careers_site.hits import ServeHitsFirst
from profiles.layout import COOKIE, IMPROVED
from search import counting

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
# Added by the server, not the site: never part of an answer.
SERVER_HEADERS = {"date"}


class Site:
    """The site as a WSGI server sees it: ServeHitsFirst in front of Django's handler, counting
    the requests that reached the handler."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.handled = 0
        self.application = ServeHitsFirst(self._handle)

    def _handle(self, environ, start_response):
        self.handled += 1
        return self.handler(environ, start_response)

    def get(self, path, method="GET", **extra):
        return self.call(self.application, path, method, **extra)

    def get_from_handler(self, path, method="GET", **extra):
        return self.call(self.handler, path, method, **extra)

    @staticmethod
    def call(application, path, method="GET", **extra):
        environ = RequestFactory().generic(method, path, **extra).environ
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"], started["headers"] = status, headers

        body = b"".join(application(environ, start_response))
        headers = {n.lower(): v for n, v in started["headers"] if n.lower() not in SERVER_HEADERS}
        return started["status"], headers, body


@pytest.fixture
def site(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    caches["default"].clear()
    # As Django's test client does: a real handler closes the database connection when a request
    # ends, which would close the test's own transaction (on PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield Site()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def clerk(make_profile):
    return make_profile(
        title="Health records clerk", slug="health-records-clerk"
    ).get_absolute_url()


def warm(site, path, **extra):
    """Render the page, then have the handler answer it once from the cache, as a first hit does."""
    site.get(path, **extra)
    status, headers, _ = site.get(path, **extra)
    assert headers["x-page-cache"] == "hit", path


@pytest.mark.parametrize(
    "extra",
    [GZIP, {}, {**GZIP, "HTTP_COOKIE": "profile_layout=original; other=1"}],
    ids=["compressed", "uncompressed", "other-cookies"],
)
def test_a_hit_is_answered_as_the_handler_answers_it(site, clerk, extra, django_assert_num_queries):
    warm(site, clerk, **extra)
    handled = site.handled
    with django_assert_num_queries(0):
        answer = site.get(clerk, **extra)
    assert site.handled == handled, "answered without the handler"
    assert answer == site.get_from_handler(clerk, **extra)
    status, headers, body = answer
    assert status == "200 OK"
    assert headers["x-page-cache"] == "hit"
    assert headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    assert headers["content-length"] == str(len(body))


def test_each_kind_of_public_page_is_answered_alike(site, clerk):
    for path in ["/", "/job-profiles/", "/search/?q=clerk", "/search/?q=clerk&utm_source=x"]:
        warm(site, path, **GZIP)
        handled = site.handled
        assert site.get(path, **GZIP) == site.get_from_handler(path, **GZIP), path
        assert site.handled == handled, path


def test_a_visitor_who_chose_the_improved_layout_never_gets_the_cached_original(site, clerk):
    warm(site, clerk)
    handled = site.handled
    _, headers, improved = site.get(clerk, HTTP_COOKIE=f"{COOKIE}={IMPROVED}")
    assert site.handled == handled + 1
    assert "x-page-cache" not in headers and "private" in headers["cache-control"]
    assert improved != site.get(clerk)[2]


def test_a_head_gets_the_gets_headers_and_no_body(site, clerk):
    warm(site, clerk, **GZIP)
    handled = site.handled
    status, headers, body = site.get(clerk, method="HEAD", **GZIP)
    assert site.handled == handled
    assert body == b""
    assert (status, headers) == site.get(clerk, **GZIP)[:2]
    assert (status, headers, body) == site.get_from_handler(clerk, method="HEAD", **GZIP)


def test_an_edit_is_served_at_once(site, make_profile):
    profile = make_profile(summary="Before the edit.")
    url = profile.get_absolute_url()
    warm(site, url)
    profile.summary = "After the edit."
    profile.save()
    _, headers, body = site.get(url)
    assert headers["x-page-cache"] == "miss"
    assert b"After the edit." in body


def test_the_first_hit_goes_through_the_handler_and_teaches_the_outer_headers(site, clerk):
    site.get(clerk)  # a miss: rendered, and stored
    handled = site.handled
    assert site.get(clerk)[1]["x-page-cache"] == "hit"
    assert site.handled == handled + 1, "the first hit learns what the outer middleware add"
    site.get(clerk)
    assert site.handled == handled + 1


@pytest.mark.parametrize(
    "method, extra",
    [
        ("GET", {"HTTP_IF_NONE_MATCH": "*"}),
        ("GET", {"HTTP_COOKIE": "sessionid=abc"}),
        ("GET", {"HTTP_COOKIE": "messages=abc"}),
        ("GET", {"HTTP_AUTHORIZATION": "Basic eDp5"}),
        ("GET", {"CONTENT_LENGTH": "10", "wsgi.input": None}),
        ("POST", {}),
        ("PUT", {}),
    ],
    ids=["conditional", "session", "message", "authorization", "body", "post", "put"],
)
def test_requests_the_page_cache_may_not_answer_go_to_the_handler(site, clerk, method, extra):
    warm(site, clerk)
    handled = site.handled
    if extra.get("wsgi.input", "") is None:
        from io import BytesIO

        extra["wsgi.input"] = BytesIO(b"0123456789")
    site.get(clerk, method=method, **extra)
    assert site.handled == handled + 1


def test_a_conditional_request_gets_its_304_from_the_handler(site, clerk):
    warm(site, clerk, **GZIP)
    _, headers, _ = site.get(clerk, **GZIP)
    status, _, body = site.get(clerk, HTTP_IF_NONE_MATCH=headers["etag"], **GZIP)
    assert status.startswith("304") and body == b""


def test_a_host_that_is_not_allowed_gets_the_400_page(site, clerk):
    warm(site, clerk)
    status, _, body = site.get(clerk, HTTP_HOST="evil.example")
    assert status.startswith("400")
    assert b"<html" in body


def test_with_a_site_url_every_host_port_gets_the_one_page(site, clerk, settings):
    settings.SITE_URL = "https://careers.example"
    settings.ALLOWED_HOSTS = ["careers.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    site = Site()  # reads SITE_URL when made, as at start-up
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    warm(site, clerk, HTTP_HOST="careers.example", **https)
    handled = site.handled
    _, _, canonical = site.get(clerk, HTTP_HOST="careers.example", **https)
    _, headers, odd_port = site.get(clerk, HTTP_HOST="careers.example:1234", **https)
    assert site.handled == handled
    assert odd_port == canonical and b"careers.example:1234" not in odd_port
    assert headers["x-page-cache"] == "hit"


def test_a_search_answered_before_the_handler_still_counts(site, clerk):
    warm(site, "/search/?q=records")
    counting.forget_pending()
    site.get("/search/?q=records")
    site.get("/search/?q=records&page=2")
    pending = {term: counts[0] for (_, term), counts in counting._pending.counts.items()}
    assert pending == {"records": 1}


def test_static_files_are_left_to_whitenoise(site):
    handled = site.handled
    status, _, _ = site.get("/static/dist/careers.css")
    assert status == "200 OK" and site.handled == handled + 1


def test_with_the_cache_down_pages_are_rendered(site, clerk, settings):
    warm(site, clerk)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    status, headers, body = site.get(clerk)
    assert status == "200 OK" and headers["x-page-cache"] == "miss"
    assert b"Health records clerk" in body
