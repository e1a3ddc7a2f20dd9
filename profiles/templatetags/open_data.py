"""Tags that describe a page to machines: canonical address, Open Graph and schema.org data."""

import json

from django import template
from django.utils.safestring import mark_safe

from profiles import schema_org

register = template.Library()

# As Django's json_script: inside <script> these three could end the element or open a
# comment; escaped, the JSON means the same and the HTML parser never sees markup.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data):
    """A <script type="application/ld+json"> element holding data, safe whatever the text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    # Escaped just above, so no text in data can close the element.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The full address of a path on this site, as the visitor reached it."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def occupation_json_ld(context, profile):
    url = context["request"].build_absolute_uri(profile.get_absolute_url())
    return ld_json(schema_org.occupation(profile, url))
