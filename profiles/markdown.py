"""The small Markdown subset editors write long text in: paragraphs, bullet lists, links, emphasis."""

import re
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


_RAW_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_LINK = re.compile(r"\]\(\s*([^)\s]*)")
_ALLOWED_SCHEMES = ("http://", "https://", "mailto:", "/", "#")


def shown_as_text(text):
    """What in an editor's text the page will show as typed rather than as they may expect:
    HTML tags (never run, shown as text) and links to anything but the web or email."""
    found = []
    for tag in dict.fromkeys(match.group(0) for match in _RAW_TAG.finditer(text or "")):
        found.append(f"the HTML {tag[:40]}")
    for target in dict.fromkeys(_LINK.findall(text or "")):
        if target and not target.lower().startswith(_ALLOWED_SCHEMES):
            found.append(f"the link to “{target[:60]}”")
    return found


def shown_as_text_warning(texts):
    """One message for an editor about [(where, text)], or "" when everything will show as meant."""
    found = [f"{where}: {what}" for where, text in texts for what in shown_as_text(text)]
    if not found:
        return ""
    return (
        "Saved, but the page will show these as typed, not as formatting or links: "
        + "; ".join(found)
        + ". Use the formatting the help text describes; links must start with https://, "
        "http://, mailto: or /."
    )
