import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.management import call_command

from editors.roles import GROUP_NAME, PUBLISHERS
from profiles import content
from profiles.models import AlternativeTitle, Category, JobProfile, RelatedCareer, Skill, Task

PASSWORD = "a long and unusual password"
OLD_DATE = datetime.date(2018, 9, 11)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Start every test with empty caches: cached pages must not leak from one test to the next,
    nor one test's cache failure pause the cache for the next, nor searches counted in one be
    flushed in the next."""
    from lib import cache_guard
    from search import counting

    cache_guard.reset()
    counting.forget_pending()
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def seed_content(db):
    """The site's own seed content, loaded as `make run` loads it."""
    root = settings.BASE_DIR / "fixtures"
    content.load(root / "categories.json", root / "profiles")
    return {profile.slug: profile for profile in JobProfile.objects.all()}


@pytest.fixture(scope="module")
def _seed_for_module(django_db_setup, django_db_blocker):
    root = settings.BASE_DIR / "fixtures"
    with django_db_blocker.unblock():
        content.load(root / "categories.json", root / "profiles")
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded(_seed_for_module, db):
    """The seed content, loaded once for a whole module rather than for each test (it takes a
    second), for modules whose tests all read it and change it only inside their own
    transaction, which is rolled back. Every test in such a module sees it."""
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


@pytest.fixture(autouse=True)
def _fast_passwords(request, settings):
    # The real hasher is slow on purpose, and these tests are not about hashing. Instances a
    # test starts in processes of their own check passwords with the real one, so passwords made
    # for them are hashed with it too.
    if "start_instance" not in request.fixturenames:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    """A content editor: staff, in the group the migration made, not a superuser."""
    user = User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher(db):
    """A publisher: reviews, approves and publishes what others submit."""
    user = User.objects.create_user("publisher", "publisher@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    return user


@pytest.fixture
def publisher_client(publisher):
    """A browser of its own, signed in as the publisher (the editor may use `client`)."""
    from django.test import Client

    client = Client()
    client.force_login(publisher)
    return client


@pytest.fixture
def profile(make_profile):
    """A published profile with every kind of row, last updated long ago."""
    profile = make_profile(title="Health records clerk", slug="health-records-clerk")
    profile.content_updated = OLD_DATE
    profile.save()
    profile.categories.add(Category.objects.create(name="Healthcare", slug="healthcare"))
    AlternativeTitle.objects.create(profile=profile, title="Medical records clerk", position=1)
    for position, text in enumerate(["Organisation skills", "Accuracy", "Patience"], start=1):
        Skill.objects.create(profile=profile, text=text, position=position)
    for position, text in enumerate(["Sort post", "File records"], start=1):
        Task.objects.create(profile=profile, text=text, position=position)
    other = make_profile(title="Medical secretary", slug="medical-secretary")
    RelatedCareer.objects.create(from_profile=profile, to_profile=other, position=1)
    return profile


@pytest.fixture
def clock(monkeypatch):
    """Move the site's clock: clock(date) makes it midday on that day, for everything that
    asks django.utils.timezone the time (dates on pages, the page cache's day, due dates)."""
    from django.utils import timezone

    def set_to(day):
        moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to
