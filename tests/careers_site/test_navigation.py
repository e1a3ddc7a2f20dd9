"""The header says which of its sections a page is in (aria-current), and only then."""

import re

import pytest

LINKS = re.compile(
    r'<a class="govuk-service-navigation__link" href="([^"]+)"( aria-current="(\w+)")?'
)


def _current(client, path):
    html = client.get(path).content.decode()
    return {href: state for href, _, state in LINKS.findall(html) if state}


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", {}),
        ("/search/?q=clerk", {"/search/": "page"}),
        ("/job-profiles/", {"/job-profiles/": "page"}),
        ("/job-profiles/health-records-clerk/", {"/job-profiles/": "true"}),
        ("/job-categories/", {"/job-categories/": "page"}),
        ("/job-categories/healthcare/", {"/job-categories/": "true"}),
        ("/feedback/", {}),
    ],
)
def test_the_header_marks_the_section_a_page_is_in(client, seed_content, path, current):
    assert _current(client, path) == current


def test_a_page_not_found_marks_no_section(client, db):
    assert _current(client, "/no-such-page/") == {}
