from django import template
from django.core.paginator import Paginator

register = template.Library()


@register.simple_tag
def page_url(params, number):
    """This page's address with another page number; the first page has none."""
    params = params.copy()
    params.pop("page", None)
    if number != 1:
        params["page"] = number
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def page_numbers(page):
    """The page numbers a pagination bar shows, with None where it skips some."""
    return [
        None if number == Paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]


@register.filter
def count_of(number, noun):
    """1 result, 12 results, 1,234 results: "noun" is "singular,plural"."""
    singular, plural = noun.split(",")
    return f"{number:,} {singular if number == 1 else plural}"
