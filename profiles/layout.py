"""The profile page's two layouts on one URL: the original, and the improved one visitors opt into."""

from django.urls import Resolver404, resolve

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
