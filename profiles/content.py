"""The site's seed content: fixtures/categories.json and one profile document a file.

Read as one catalogue in the interchange format and checked and written as an import is
(profiles/interchange), except that what already exists is editors' work and is left alone.
"""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from profiles import interchange


class ContentError(ValueError):
    """A content file that cannot be loaded, with the file and field named."""


# Seed opportunities may give their dates as days after loading, so that a new site's
# illustrative examples are current whenever it is set up.
RELATIVE_DATES = {"closes_in_days": "closing_date", "starts_in_days": "start_date"}


def _read(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ContentError(f"{path.name}: not valid JSON ({error})") from error


def read_profiles(folder: Path):
    """Parse every profile file in a folder, naming the file in any error."""
    return [_read(path) for path in sorted(folder.glob("*.json"))]


def _with_dates(document):
    today = timezone.localdate()
    for opportunity in document.get("opportunities", []):
        if not isinstance(opportunity, dict):
            continue
        for days_key, date_key in RELATIVE_DATES.items():
            days = opportunity.pop(days_key, None)
            if isinstance(days, int) and opportunity.get(date_key) is None:
                opportunity[date_key] = (today + datetime.timedelta(days=days)).isoformat()
    return document


def catalogue(categories_file: Path, profiles_folder: Path):
    """The seed as one catalogue document of the interchange format."""
    return {
        "format": interchange.FORMAT_NAME,
        "version": interchange.FORMAT_VERSION,
        "categories": _read(categories_file),
        "profiles": [_with_dates(document) for document in read_profiles(profiles_folder)],
    }


def load(categories_file: Path, profiles_folder: Path):
    """Create the categories and profiles that do not exist yet; leave existing ones alone.

    Existing rows are editors' work, so loading again never overwrites or duplicates them.
    Returns the slugs of the profiles created.
    """
    try:
        checked = interchange.parse_document(catalogue(categories_file, profiles_folder))
    except interchange.ImportFileError as error:
        raise ContentError("\n".join(error.problems)) from error
    return interchange.write(checked, keep_existing=True).created_slugs
