"""Which cached pages a change to profiles expires (see lib/page_cache.py).

A profile page is tagged with its profile; every other public page (lists, categories, search,
the API, the sitemap) shows many profiles and is expired by any public change (ALL_CONTENT).
Changes the public cannot see, such as editing a draft, expire nothing. The change itself
arrives as profiles_changed, once a transaction (profiles/signals.py).
"""

from lib.page_cache import ALL_CONTENT, expire
from profiles.models import RelatedCareer


def profile_tag(profile_id):
    return f"profile:{profile_id}"


def expire_profiles(profile_ids):
    """Expire these profiles' pages, the pages of profiles linking to them, and every list."""
    profile_ids = set(profile_ids)
    linking = RelatedCareer.objects.filter(to_profile__in=profile_ids).values_list(
        "from_profile", flat=True
    )
    expire(ALL_CONTENT, *(profile_tag(pk) for pk in profile_ids | set(linking)))


def expire_changed(sender, visible_ids, lists_changed, **kwargs):
    """The profiles_changed receiver: only what the public could see expires anything."""
    if visible_ids or lists_changed:
        expire_profiles(visible_ids)
