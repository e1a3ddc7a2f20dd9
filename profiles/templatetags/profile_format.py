from django import template

from profiles.markdown import render as render_markdown

register = template.Library()


@register.filter
def pounds(amount):
    """Whole pounds with thousands separators: 15000 → £15,000."""
    if amount is None or amount == "":
        return ""
    return f"£{int(amount):,}"


def _span(low, high, unit):
    if low == high:
        return unit(low)
    return f"{unit(low)} to {unit(high)}"


@register.filter
def pounds_range(bounds):
    """(15000, 28250) → £15,000 to £28,250; one figure when both ends agree."""
    low, high = bounds
    return _span(low, high, pounds)


@register.filter
def number_range(bounds):
    """(35, 45) → 35 to 45; one figure when both ends agree."""
    low, high = bounds
    return _span(low, high, str)


@register.filter
def long_date(value):
    """11 September 2018, the way GOV.UK writes dates."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


@register.filter
def markdown(text):
    """An editor's long text (the small Markdown subset) as sanitised HTML."""
    return render_markdown(text)


@register.filter
def markdown_with_headings(text):
    """A longer document (a service page) whose "## " lines are headings."""
    return render_markdown(text, headings=True)
