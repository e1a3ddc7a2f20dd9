import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import caches

from profiles import content
from profiles.models import JobProfile


@pytest.fixture(autouse=True)
def _empty_caches():
    """Start every test with empty caches: cached pages must not leak from one test to the next."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def seed_content(db):
    """The site's own seed content, loaded as `make run` loads it."""
    root = settings.BASE_DIR / "fixtures"
    content.load(root / "categories.json", root / "profiles")
    return {profile.slug: profile for profile in JobProfile.objects.all()}


@pytest.fixture
def make_profile(db):
    """Build a valid published profile; keyword arguments override any field."""
    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        values = {
            "title": f"Test job {n}",
            "slug": f"test-job-{n}",
            "status": JobProfile.Status.PUBLISHED,
            "summary": "Test jobs exist for tests.",
            "salary_starter_min": 20000,
            "salary_starter_max": 22000,
            "salary_experienced_max": 30000,
            "hours_min": 37,
            "hours_max": 39,
            "entry_requirements": "GCSEs.",
            "working_pattern": "Daytime.",
            "working_environment": "An office.",
            "career_path": "Up.",
        }
        values.update(fields)
        return JobProfile.objects.create(**values)

    return make


class _TextExtractor(HTMLParser):
    _skipped = {"script", "style", "head", "svg"}
    _blocks = {
        "address",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "header",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }

    def __init__(self):
        super().__init__()
        self.parts, self._depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self._skipped:
            self._depth += 1
        elif tag in self._blocks:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self._skipped:
            self._depth -= 1
        elif tag in self._blocks:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._depth:
            self.parts.append(data)


def visible_text(html):
    """The text a reader sees, with white space collapsed to single spaces."""
    extractor = _TextExtractor()
    extractor.feed(html)
    return re.sub(r"\s+", " ", "".join(extractor.parts)).strip()


@pytest.fixture
def text_of():
    return lambda response: visible_text(response.content.decode())
