"""Whether a request or an address stays on this site."""

import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any address of ours; past it a "path" is junk, or a way to fill a log or a column.
PATH_MAX_LENGTH = 2000


def local_path(value, max_length=PATH_MAX_LENGTH):
    """The value if it is a path on this site, else an empty string: never a way off the site."""
    if not isinstance(value, str) or not value.startswith("/") or len(value) > max_length:
        return ""
    if value.startswith("//") or "\\" in value:
        return ""
    # Browsers skip tabs and new lines in addresses ("/\t/evil.example" is "//evil.example").
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in value):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return ""
    # Django's own check too, so whatever it learns to refuse is refused here as well.
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return ""
    return value


def _origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def is_cross_site(request):
    """Whether the browser says this request was sent from a page on another site.

    Stands in for a CSRF token where a form sits on a page cached for everyone. Browsers that
    send Sec-Fetch-Site say reliably where a request came from; older ones send Origin with
    every cross-origin POST, and Referer failing that. A request with none of them was not
    sent by a browser on another site's behalf.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    sender = request.headers.get("Origin") or request.headers.get("Referer")
    if sender is None:
        return False
    ours = {f"{request.scheme}://{request.get_host()}".lower()}
    ours.update(origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS)
    return _origin_of(sender) not in ours
