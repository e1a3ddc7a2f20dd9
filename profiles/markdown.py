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


# Longer documents (a privacy notice, say) need headings too: "## " and "### " lines.
_with_headings = MarkdownIt("zero", {"linkify": False}).enable(
    ["paragraph", "list", "link", "emphasis", "newline", "escape", "entity", "autolink", "heading"]
)
_HEADING_CLASSES = {"h2": {"class": "govuk-heading-m"}, "h3": {"class": "govuk-heading-s"}}


@lru_cache(maxsize=4096)
def render(text: str, *, headings=False) -> SafeString:
    """Render editor Markdown to sanitised HTML with GOV.UK classes; with headings=True, "## "
    and "### " lines become headings (a "# " line is shown as a paragraph: the page has its h1)."""
    if headings:
        html = _with_headings.render(text or "").replace("<h1>", "<p>").replace("</h1>", "</p>")
        return _clean(
            html, _ALLOWED_TAGS | set(_HEADING_CLASSES), _GOVUK_CLASSES | _HEADING_CLASSES
        )
    return _clean(_parser.render(text or ""), _ALLOWED_TAGS, _GOVUK_CLASSES)


def _clean(html, tags, classes):
    # The parser already escapes HTML; the sanitiser is the second lock on the door, and the one
    # that decides which tags, attributes and link schemes survive.
    return mark_safe(  # noqa: S308 - sanitised by nh3 just above
        nh3.clean(
            html,
            tags=tags,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            set_tag_attribute_values=classes,
            link_rel=None,
        ).strip()
    )
