"""The small Markdown subset editors write long text in: paragraphs, bullet lists, links, emphasis."""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# "zero" turns every rule off; we switch on only what editors need. Raw HTML stays off, so
# anything an editor types inside angle brackets is shown as text, never run.
_parser = MarkdownIt("zero", {"linkify": False}).enable(
    ["paragraph", "list", "link", "emphasis", "newline", "escape", "entity", "autolink"]
)

_ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
_GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
}


@lru_cache(maxsize=4096)
def render(text: str) -> SafeString:
    """Render editor Markdown to sanitised HTML with GOV.UK classes."""
    html = _parser.render(text or "")
    # The parser already escapes HTML; the sanitiser is the second lock on the door, and the one
    # that decides which tags, attributes and link schemes survive.
    return mark_safe(  # noqa: S308 - sanitised by nh3 just above
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            set_tag_attribute_values=_GOVUK_CLASSES,
            link_rel=None,
        ).strip()
    )
