"""The job-profile interchange format: the one way profiles become plain data and back.

format.py says what a document holds and writes profiles out; reading.py checks a document
whole into unsaved rows; writing.py saves them. The API, export_profiles, import_profiles,
generate_profiles and the seed loader all go through here.
"""

from profiles.interchange.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    LAYOUT,
    NOT_IN_FORMAT,
    PROFILE_FIELDS,
    RELATIONS_NOT_IN_FORMAT,
    ROW_LISTS,
    dumps,
    export_catalogue,
    profile_to_dict,
    with_format_rows,
)
from profiles.interchange.reading import ImportFileError, parse, parse_document
from profiles.interchange.writing import refresh_planner_statistics, write

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LAYOUT",
    "NOT_IN_FORMAT",
    "PROFILE_FIELDS",
    "RELATIONS_NOT_IN_FORMAT",
    "ROW_LISTS",
    "ImportFileError",
    "dumps",
    "export_catalogue",
    "parse",
    "parse_document",
    "profile_to_dict",
    "refresh_planner_statistics",
    "with_format_rows",
    "write",
]
