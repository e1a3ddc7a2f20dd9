"""The profile page's two layouts on one URL: the original, and the improved one visitors opt into."""

from django.template.response import TemplateResponse

from lib import cookies, page_cache

COOKIE = cookies.declare(
    "profile_layout",
    "Remembers that you chose the improved layout of job profile pages.",
    "1 year",
)
IMPROVED = "improved"
ORIGINAL = "original"
LAYOUTS = {IMPROVED, ORIGINAL}
# A year: the choice is a preference, like a language, not a session.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


# The page's numbered sections, in the reference service's order and words.
PROFILE_SECTIONS = [
    {
        "number": n,
        "id": id_,
        "title": title,
        "template": f"profiles/includes/{id_.replace('-', '_')}.html",
    }
    for n, (id_, title) in enumerate(
        [
            ("entry-requirements", "Entry requirements"),
            ("skills", "Skills required"),
            ("tasks", "What you'll do"),
            ("salary", "Salary"),
            ("working-hours", "Working hours, patterns and environment"),
            ("career-path", "Career path and progression"),
        ],
        start=1,
    )
]

# The improved layout: entry routes in place of entry requirements, then current opportunities.
IMPROVED_SECTIONS = [
    {
        "number": 1,
        "id": "how-to-become",
        "title": "How to get into this career",
        "template": "profiles/includes/improved_how_to_become.html",
    },
    *PROFILE_SECTIONS[1:],
    {
        "number": len(PROFILE_SECTIONS) + 1,
        "id": "current-opportunities",
        "title": "Current opportunities",
        "template": "profiles/includes/improved_current_opportunities.html",
    },
]


def render_profile(request, profile, *, improved, template="profiles/detail.html", **extra):
    """The profile page in a layout: for the public, and for the admin's preview of it.

    profile needs JobProfile.objects.for_profile_page(improved=improved)'s rows, or the same
    rows set on an unsaved profile.
    """
    context = {
        "profile": profile,
        "sections": IMPROVED_SECTIONS if improved else PROFILE_SECTIONS,
        "improved": improved,
        **extra,
    }
    return TemplateResponse(request, template, context)


def chosen(request):
    """The layout this visitor chose: the improved one only if they asked for it."""
    return IMPROVED if request.COOKIES.get(COOKIE) == IMPROVED else ORIGINAL


def page_cache_variant(request):
    """The profile page's layout as a page-cache variant; None for every other page.

    Listed in settings.PAGE_CACHE_VARIANTS, so the two layouts are cached apart (see
    lib/page_cache.py) and other pages do not vary by cookie at all.
    """
    view = page_cache.resolved(request)
    return chosen(request) if view is not None and view.name == "profiles:detail" else None


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
