"""Comparing two or three careers side by side, chosen in the address (?p=slug&p=slug)."""

from functools import cached_property

from django.urls import reverse
from django.utils.http import urlencode

from choosing import shortlist
from lib import cookies
from profiles.models import JobProfile

MOST = 3
FEWEST = 2
COOKIE = cookies.declare(
    "compare_careers",
    "Holds the careers you are comparing, so “Add to compare” adds to them.",
    "1 year",
)
SALT = "choosing.compare"
# Read no further into a long address: past this it is a mistake, or someone testing us.
_LOOKED_UP = 10


def url_for(slugs):
    path = reverse("choosing:compare")
    return f"{path}?{urlencode([('p', slug) for slug in slugs])}" if slugs else path


def remembered(request):
    """What this visitor last compared, so "Add to compare" elsewhere adds to it."""
    return shortlist.read(request, cookie=COOKIE, salt=SALT, limit=MOST)


def remember(response, request, slugs):
    shortlist.write(response, request, slugs, cookie=COOKIE, salt=SALT)


class Comparison:
    """The careers an address asks to compare, and what is wrong with the asking, if anything."""

    def __init__(self, asked):
        asked = [slug for slug in asked if slug][: _LOOKED_UP * 2]
        unique = list(dict.fromkeys(asked))
        self.duplicates = [slug for slug in unique if asked.count(slug) > 1]
        looked_up = shortlist.clean(unique, _LOOKED_UP)
        found = {p.slug: p for p in JobProfile.objects.for_comparing().filter(slug__in=looked_up)}
        self.unknown = [slug for slug in unique if slug not in found]
        self.profiles = [found[slug] for slug in unique if slug in found]
        self.slugs = [profile.slug for profile in self.profiles]
        self.too_many = len(self.profiles) > MOST

    @property
    def problems(self):
        """What to tell the visitor, one sentence a problem."""
        messages = []
        for slug in self.unknown:
            messages.append(f"There is no published job profile at the address “{slug[:120]}”.")
        for slug in self.duplicates:
            messages.append(f"“{slug[:120]}” is in the comparison more than once.")
        if self.too_many:
            messages.append(
                f"You can compare up to {MOST} careers at once. Remove one or more of these."
            )
        return messages

    @property
    def is_valid(self):
        return not self.problems and FEWEST <= len(self.profiles) <= MOST

    @property
    def status(self):
        if self.unknown and not self.duplicates and not self.too_many:
            return 404
        return 400 if self.problems else 200

    @property
    def fixed_url(self):
        """Where a visitor with a faulty address can go instead: the careers found, once each."""
        if len(self.profiles) >= FEWEST:
            return url_for(self.slugs[:MOST])
        return None

    def without(self, slug):
        return url_for([s for s in self.slugs if s != slug])

    @cached_property
    def columns(self):
        return [{"profile": p, "remove_url": self.without(p.slug)} for p in self.profiles]
