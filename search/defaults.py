"""The first synonym sets, in fixtures/search/synonyms.json: abbreviations and everyday words
visitors use that no profile's text says.

Made after every migrate (and flush) when there are none at all, so a new site has them and
editors' own sets are never touched.
"""

import json

from django.apps import apps as global_apps
from django.conf import settings


def create_if_none(sender, using="default", apps=None, **kwargs):
    """A post_migrate receiver. Nothing to do while migrated back to before the table existed."""
    try:
        SynonymSet = (apps or global_apps).get_model("search", "SynonymSet")
    except LookupError:
        return

    if SynonymSet.objects.using(using).exists():
        return
    path = settings.BASE_DIR / "fixtures" / "search" / "synonyms.json"
    SynonymSet.objects.using(using).bulk_create(
        SynonymSet(terms=", ".join(item["terms"]), note=item.get("note", ""))
        for item in json.loads(path.read_text(encoding="utf-8"))
    )
