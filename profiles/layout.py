"""The profile page's two layouts on one URL: the original, and the improved one visitors opt into."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "profile_layout"
IMPROVED = "improved"
ORIGINAL = "original"
LAYOUTS = {IMPROVED, ORIGINAL}
# A year: the choice is a preference, like a language, not a session.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def chosen(request):
    """The layout this visitor chose: the improved one only if they asked for it."""
    return IMPROVED if request.COOKIES.get(COOKIE) == IMPROVED else ORIGINAL


def page_cache_variant(request):
    """The profile page's layout as a page-cache variant; None for every other page.

    Listed in settings.PAGE_CACHE_VARIANTS, so the two layouts are cached apart (see
    lib/page_cache.py) and other pages do not vary by cookie at all.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return chosen(request) if match.view_name == "profiles:detail" else None


def same_site_path(request, candidate):
    """The candidate if it is a path on this site (no scheme, no host), else None."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return None
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        return None
    # Django's own check also catches the tricks browsers forgive, such as "/\evil.example".
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return None
    return candidate


def is_cross_site(request):
    """Whether the browser says this request came from another site.

    The layout form carries no CSRF token (see profiles.views.choose_layout), so the browser's
    own Fetch Metadata and Origin headers stand in for one.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.get_host()


def remember(response, request, layout):
    """Set (or clear) the visitor's layout cookie on a response."""
    if layout == IMPROVED:
        response.set_cookie(
            COOKIE,
            IMPROVED,
            max_age=COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
