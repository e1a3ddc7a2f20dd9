import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from editors.roles import GROUP_NAME
from profiles.models import AlternativeTitle, Category, RelatedCareer, Skill, Task

PASSWORD = "a long and unusual password"
OLD_DATE = datetime.date(2018, 9, 11)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The real hasher is slow on purpose; these tests are about the admin, not hashing.
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


def change_url(profile):
    return reverse("admin:profiles_jobprofile_change", args=[profile.pk])


class _FormReader(HTMLParser):
    """The fields a browser would submit from the admin's change form, as posted data."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the one line break that follows the opening tag.
            values = self.data[self._textarea]
            values[-1] = values[-1].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_data(client, url, form_id="jobprofile_form"):
    """GET a change form and return what pressing Save without changes would post."""
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    # The browser's own empty template rows (__prefix__) are never submitted by Django's JS.
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in reader.data.items()
        if "__prefix__" not in name
    }


def rows_of(data, prefix):
    """The inline rows in posted data: {index: {field: value}} for a formset prefix."""
    rows = {}
    for name, value in data.items():
        if name.startswith(f"{prefix}-") and name.count("-") == 2:
            _, index, field = name.split("-")
            rows.setdefault(int(index), {})[field] = value
    return rows


def row_index(data, prefix, field, value):
    """The index of the inline row whose field has this value."""
    return next(i for i, row in rows_of(data, prefix).items() if row.get(field) == value)


def snapshot(profile):
    """Everything the database holds about a profile that an admin post could change."""
    profile.refresh_from_db()
    return {
        "public": profile.stored_public_content(),
        "slug": profile.slug,
        "status": profile.status,
        "content_updated": profile.content_updated,
        "old_slugs": sorted(profile.old_slugs.values_list("old_slug", flat=True)),
    }
