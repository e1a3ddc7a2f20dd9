import datetime
from html.parser import HTMLParser

import pytest

from profiles.markdown import render
from profiles.templatetags.profile_format import long_date, number_range, pounds, pounds_range


@pytest.mark.parametrize(
    ("amount", "text"), [(15000, "£15,000"), (950, "£950"), (1250000, "£1,250,000"), (None, "")]
)
def test_pounds_have_thousands_separators(amount, text):
    assert pounds(amount) == text


def test_ranges_read_from_low_to_high_and_collapse_when_equal():
    assert pounds_range((15000, 28250)) == "£15,000 to £28,250"
    assert pounds_range((20000, 20000)) == "£20,000"
    assert number_range((35, 45)) == "35 to 45"
    assert number_range((40, 40)) == "40"


def test_long_date_has_no_leading_zero():
    assert long_date(datetime.date(2018, 9, 1)) == "1 September 2018"


def test_markdown_subset_gives_govuk_paragraphs_lists_and_links():
    html = render("One.\n\n- a\n- b\n\n[NHS jobs](https://www.jobs.nhs.uk)")
    assert '<p class="govuk-body">One.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<a href="https://www.jobs.nhs.uk" class="govuk-link">NHS jobs</a>' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil></iframe>",
    ],
)
def test_markdown_never_emits_active_content(attack):
    tags = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, dict(attrs)))
    parser.feed(render(attack))
    for tag, attrs in tags:
        assert tag in {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
        assert not any(name.startswith("on") for name in attrs)
        assert not attrs.get("href", "https:").lower().startswith("javascript")
    assert tags, "the attack should still be shown, as text"
