"""/api/openapi.json: the description written in openapi.json, with a profile's parts added.

The rows of a profile are described from JobProfile.parts and their models' fields, so a new
kind of row is described where it is declared; everything else is written by hand.
"""

import json
from functools import cache

from django.conf import settings
from django.db import models

from choosing import filters
from profiles.interchange import LAYOUT, ROW_LISTS
from profiles.models import INTEREST_AREAS, JobProfile
from profiles.models.interests import SCALE, SCORE_MAX

SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"


def _field_schema(field):
    """A model field's values as JSON Schema, as the interchange format writes them."""
    if field.choices:
        schema = {"type": "string", "enum": [value for value, _ in field.flatchoices]}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.URLField):
        schema = {"type": "string", "format": "uri"}
    elif isinstance(field, models.SlugField):
        schema = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": field.max_length}
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer"}
    else:
        schema = {"type": "string"}
        if field.max_length:
            schema["maxLength"] = field.max_length
    if field.null:
        schema["type"] = [schema["type"], "null"]
    if field.help_text:
        schema["description"] = str(field.help_text)
    return schema


def _rows_schema(key, spec):
    part = JobProfile.parts.named(key)
    fields = [spec.model._meta.get_field(name) for name in spec.fields]
    if spec.as_strings:
        items = _field_schema(fields[0])
    else:
        items = {
            "type": "object",
            "additionalProperties": False,
            "required": list(spec.fields),
            "properties": {field.name: _field_schema(field) for field in fields},
        }
    description = part.label or str(spec.model._meta.verbose_name_plural).capitalize()
    return {"type": "array", "items": items, "description": description}


@cache
def document():
    """The whole OpenAPI document, built once."""
    path = settings.BASE_DIR / "api" / "openapi.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    profile = document["components"]["schemas"]["Profile"]
    for key, spec in ROW_LISTS.items():
        profile["properties"][key] = _rows_schema(key, spec)
    profile["properties"]["interests"] = _interests_schema()
    profile["required"] = ["url", "api_url", *LAYOUT]
    listing = document["paths"]["/job-profiles/"]["get"]
    listing["parameters"][1:1] = _filter_parameters()
    return document


def _interests_schema():
    """The six interest scores, described from their one declaration."""
    score = {"type": ["integer", "null"], "minimum": 0, "maximum": SCORE_MAX}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [area.key for area in INTEREST_AREAS],
        "description": f"What the job asks of a person, in six areas. {SCALE} "
        "All six are null while a profile is not yet scored.",
        "properties": {
            area.key: {**score, "description": f"{area.name}: {area.description}"}
            for area in INTEREST_AREAS
        },
    }


def _filter_parameters():
    """The explore page's filters and sort, described from their one declaration."""
    parameters = []
    for group in filters.GROUPS:
        if group.name == "category":
            # Categories are content: listed at /job-categories/, not fixed in this document.
            values = {"type": "string", "pattern": SLUG_PATTERN}
            labels = "a category's slug"
        else:
            values = {"type": "string", "enum": [o.value for o in group.options if o.value]}
            labels = "; ".join(f"{o.value}: {o.label}" for o in group.options if o.value)
        meaning = "leaves out" if group.leaves_out else "keeps"
        how = "" if group.single else f" Repeat it for more: {group.name}=a&{group.name}=b."
        parameters.append(
            {
                "name": group.name,
                "in": "query",
                "required": False,
                "description": (
                    f"{group.legend} (as /explore-careers/ asks it): {meaning} the careers "
                    f"that have the value given ({labels}).{how}"
                ),
                "schema": values if group.single else {"type": "array", "items": values},
                **({} if group.single else {"style": "form", "explode": True}),
            }
        )
    parameters.append(
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": "title (A to Z, the default) or salary (highest starting salary first).",
            "schema": {"type": "string", "enum": list(filters.SORTS), "default": "title"},
        }
    )
    return parameters
