"""Saved careers: a visitor's shortlist, kept in a signed cookie on their device and nowhere else.

No account and no database row: the cookie holds slugs alone, and the list can move to another
device as an address holding the same slugs.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from lib import cookies
from profiles.models import JobProfile

COOKIE = cookies.declare(
    "saved_careers",
    "Holds the careers you saved (their addresses, nothing else), so this device remembers them.",
    "1 year",
)
SALT = "choosing.shortlist"
LIMIT = 30
# A year: a shortlist is worth keeping while someone decides, and they can clear it at any time.
MAX_AGE = 365 * 24 * 60 * 60
# Never in a slug, and needs no quoting in a cookie, so the script can read the list too.
SEPARATOR = "."
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


def clean(slugs, limit=LIMIT):
    """Slugs that could be profiles', each once, in the order given, at most `limit`."""
    kept = []
    for slug in slugs:
        if isinstance(slug, str) and _SLUG.fullmatch(slug) and slug not in kept:
            kept.append(slug)
    return kept[:limit]


def read(request, cookie=COOKIE, salt=SALT, limit=LIMIT):
    """The list this visitor's browser holds; a forged or damaged cookie reads as empty."""
    value = request.get_signed_cookie(cookie, default="", salt=salt)
    return clean(value.split(SEPARATOR), limit)


def write(response, request, slugs, cookie=COOKIE, salt=SALT):
    if not slugs:
        response.delete_cookie(cookie, samesite="Lax")
        return
    response.set_signed_cookie(
        cookie,
        SEPARATOR.join(slugs),
        salt=salt,
        max_age=MAX_AGE,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        # Not secret (slugs the visitor chose), and read by the script to show "Saved".
        httponly=False,
        samesite="Lax",
    )


def with_added(slugs, slug):
    return slugs if slug in slugs else [*slugs, slug]


def profiles(slugs):
    """The published profiles among these slugs, in the list's order, with their key facts."""
    listed = JobProfile.objects.for_explore(alternative_titles=False).filter(slug__in=slugs)
    found = {profile.slug: profile for profile in listed}
    return [found[slug] for slug in slugs if slug in found]


def url_for(slugs):
    """The address that opens this list on any device."""
    path = reverse("choosing:saved")
    return f"{path}?{urlencode([('p', slug) for slug in slugs])}" if slugs else path
