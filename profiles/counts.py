"""Each category's count of published profiles, kept as profiles change (Category.published_count).

profiles_changed arrives once a transaction has committed; every category is recounted in one
UPDATE, which costs the scan the start page used to make at every request, once a change. A
count that could not be written (the database gone for a moment) is put right by the next
change.
"""

import logging

from profiles.models import Category

logger = logging.getLogger(__name__)


def recount_categories(sender, **kwargs):
    try:
        Category.objects.recount()
    except Exception:
        logger.exception("Could not recount the categories' profiles; the counts may be stale")
