"""The admin's profile form as a browser would submit it, for tests that post it."""

from html.parser import HTMLParser

from django.urls import reverse


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


def save_and_publish(client, profile, data, **kwargs):
    """Post a profile's form as its editor would, then, when that held changes to a live
    profile, publish them as a publisher would after review: the response to the post."""
    from profiles import workflow
    from profiles.models import ReviewStep

    response = client.post(change_url(profile), data, **kwargs)
    copy = workflow.held_copy(profile)
    if copy is not None:
        workflow.publish(copy, None, action=ReviewStep.Action.PUBLISHED, note="In a test.")
    return response


def publish_held(profile):
    """Publish a live profile's held changes as a publisher would after review."""
    from profiles import workflow
    from profiles.models import ReviewStep

    copy = workflow.held_copy(profile)
    assert copy is not None, "no changes are held"
    return workflow.publish(copy, None, action=ReviewStep.Action.PUBLISHED, note="In a test.")
