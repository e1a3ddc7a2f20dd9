"""Cached pages answered before Django's handler runs: the whole of a hit in a few steps.

Through the handler, a hit built a request, ran sixteen middleware on the way in and out and
copied the stored headers into a response: two thirds of what it cost. Here the page cache's
own answer_from_cache() finds the page, with the same key, variants, expiry and privacy rules as
PageCacheMiddleware (it is the same code), and the stored bytes go straight to the server.

Everything the middleware outside the page cache does to a cached page is done here too, or the
request is left to the handler:
- HeadWithoutBodyMiddleware: a HEAD gets the GET's headers and no body.
- CanonicalHostMiddleware: with SITE_URL, the page is looked up under its host (a Host that is
  not allowed goes to the handler, for its 400 page).
- RequestSizeLimitMiddleware: a request with a body goes to the handler.
- SecurityMiddleware: an http request the site redirects to https goes to the handler.
- ConditionalGetMiddleware: a conditional request (If-None-Match, If-Modified-Since) goes to
  the handler, which answers it from the cache with a 304.
- WhiteNoise: static files go to the handler.
- The headers these add (security headers, the content security and permissions policies) are
  the same on every page of a scheme: they are learned from the first hit the handler answers,
  and added to every hit after it. Until then, hits go through the handler.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from careers_site.middleware import use_host
from lib import page_cache


class ServeHitsFirst:
    def __init__(self, application):
        self.application = application
        self.pages = page_cache.PageCacheMiddleware(None)
        self.outer_headers = {}  # scheme -> the headers the outer middleware add to a page
        self.static_url = settings.STATIC_URL or "/static/"
        self.canonical_host = urlsplit(settings.SITE_URL).netloc if settings.SITE_URL else ""

    def __call__(self, environ, start_response):
        answer, request = self._hit(environ)
        if answer is None:
            return self._through(environ, start_response)
        start_response(answer.status_line, answer.headers + self.outer_headers[request.scheme])
        return [b"" if request.method == "HEAD" else answer.body]

    def _hit(self, environ):
        if not self._may_answer(environ):
            return None, None
        request = WSGIRequest(environ)
        if request.scheme not in self.outer_headers:
            return None, None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None, None
        try:
            if self.canonical_host:
                use_host(request, self.canonical_host)  # not allowed: the handler's 400
            return self.pages.answer_from_cache(request), request
        except Exception:
            # The handler meets the same fault and answers it as the site does (a page rendered
            # without the cache, a 400 for a bad Host), logging it once.
            return None, None

    def _may_answer(self, environ):
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and not environ.get("CONTENT_LENGTH", "").strip("0")
            and "HTTP_TRANSFER_ENCODING" not in environ
            and "HTTP_IF_NONE_MATCH" not in environ
            and "HTTP_IF_MODIFIED_SINCE" not in environ
            and not environ.get("PATH_INFO", "").startswith(self.static_url)
        )

    def _through(self, environ, start_response):
        sent = []

        def start(status, headers, exc_info=None):
            sent.append(headers)
            return start_response(status, headers, exc_info)

        response = self.application(environ, start)
        scheme, answer = getattr(response, "page_cache_answer", (None, None))
        if answer is not None and sent and scheme not in self.outer_headers:
            own = answer.header_names()
            self.outer_headers[scheme] = [
                (name, value) for name, value in sent[0] if name.lower() not in own
            ]
        return response
