"""Every public page type, as the quality checks (axe, Nu Html Checker, phones, print) visit them.

A page type whose address does not resolve yet is skipped with a reason naming it, so the checks
grow by themselves as pages land; a page type whose address resolves is checked, and a page that
does not reach the state it stands for (a search with no "Did you mean", a form that never shows its
errors) fails rather than passing on the wrong page.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

PROFILE_SLUG = "health-records-clerk"
PROFILE_PATH = f"/job-profiles/{PROFILE_SLUG}/"
FEEDBACK_MESSAGE = "The salary figures look out of date."


def healthcare_category_path():
    """The address of a category the seed profile belongs to."""
    from profiles.models import Category

    category = Category.objects.filter(profiles__slug=PROFILE_SLUG).order_by("slug").first()
    return f"/job-categories/{category.slug if category else 'healthcare'}/"


def discover_results_path(liked=("helping", "organising"), extra=None, same=None):
    """The results page for answers liking some areas (or answering everything `same`), with
    any `extra` {question id: answer} added to the answers."""
    from discover import answers
    from discover.quiz import Quiz

    questions = Quiz.current().questions
    chosen = {q.pk: same or (5 if q.area in liked else 2) for q in questions}
    return f"/discover/results/{answers.encode({**chosen, **(extra or {})})}/"


def profile_with_history_path():
    """The seed profile once a change to it has been published with a public summary."""
    from django.core.cache import cache
    from django.db import connection

    from profiles.models import JobProfile, ReviewStep

    if connection.vendor != "sqlite" and connection.in_atomic_block:
        # The step is written by the test, uncommitted: a server thread with a connection of its
        # own (PostgreSQL) cannot read it. SQLite's run checks this page (server and test share
        # one connection there).
        pytest.skip("the page history is written by the test and checked on SQLite only")

    profile = JobProfile.objects.get(slug=PROFILE_SLUG)
    ReviewStep.objects.get_or_create(
        profile=profile,
        action=ReviewStep.Action.PUBLISHED,
        public_summary="Pay figures checked against 2026 NHS pay bands",
        defaults={"from_feedback": True},
    )
    # The change signal waits for a commit that a quality run's transaction never makes; the
    # page as cached before the step must go.
    cache.clear()
    return PROFILE_PATH


@dataclass(frozen=True)
class PageType:
    id: str
    name: str
    path: str | object  # a path with its query string, or a callable giving one
    status: int | None = 200  # None: any answer below 500 (a form re-shown with its errors)
    action: str = ""  # what a visitor does on the page first: see ACTIONS
    expect: str = ""  # words the main content shows once the page is in the state it stands for

    def address(self):
        """The path to visit; skips, naming the page, while its address does not exist."""
        path = self.path() if callable(self.path) else self.path
        try:
            resolve(urlsplit(path).path)
        except Resolver404:
            pytest.skip(f"{self.name} ({urlsplit(path).path}) does not exist yet")
        return path


# submit-empty / submit-filled: send the page's form (the one with a text area) empty, or with its
# text areas filled in; try-improved: follow "Try it out" to the improved profile layout.
ACTIONS = {"", "submit-empty", "submit-filled", "try-improved"}

PAGE_TYPES = [
    PageType("profile", "the job profile page", PROFILE_PATH, expect="Health records clerk"),
    PageType(
        "profile-page-history",
        "a job profile page with its page history",
        profile_with_history_path,
        expect="Page history",
    ),
    PageType(
        "profile-improved",
        "the improved profile layout",
        PROFILE_PATH,
        action="try-improved",
        expect="Current opportunities",
    ),
    PageType("start", "the start page", "/"),
    PageType(
        "a-to-z",
        "the A–Z of job profiles",
        "/job-profiles/?letter=H",
        expect="Health records clerk",
    ),
    PageType("categories", "the list of categories", "/job-categories/"),
    PageType(
        "category",
        "a category page",
        healthcare_category_path,
        expect="Health records clerk",
    ),
    PageType(
        "search-results",
        "search results",
        "/search/?q=health+records+clerk",
        expect="Health records clerk",
    ),
    PageType("search-no-results", "a search with no results", "/search/?q=xyzzyplugh"),
    PageType(
        "search-long-term",
        "a search for one very long word",
        "/search/?q=" + "x" * 1000,
        expect="That was a long search",
    ),
    PageType(
        "search-did-you-mean",
        "a search with a misspelt word",
        "/search/?q=helth+records+clerk",
        expect="Did you mean",
    ),
    PageType("feedback", "the feedback form", f"/feedback/?page={PROFILE_PATH}"),
    PageType(
        "feedback-errors",
        "the feedback form with errors",
        f"/feedback/?page={PROFILE_PATH}",
        status=None,
        action="submit-empty",
        expect="There is a problem",
    ),
    PageType(
        "feedback-thanks",
        "the feedback thank-you page",
        f"/feedback/?page={PROFILE_PATH}",
        action="submit-filled",
        expect="Thank you",
    ),
    PageType(
        "explore",
        "explore careers with filters ticked",
        "/explore-careers/?level=none&level=gcse&leave-out=weekends",
        expect="match your filters",
    ),
    PageType(
        "explore-no-results",
        "explore careers with filters that leave nothing",
        "/explore-careers/?level=none&salary=40000",
        expect="No careers match all of your filters",
    ),
    PageType(
        "compare",
        "three careers compared",
        f"/compare/?p={PROFILE_SLUG}&p=medical-secretary&p=ward-clerk",
        expect="compared",
    ),
    PageType(
        "compare-problem",
        "a comparison asking for a career that does not exist",
        f"/compare/?p={PROFILE_SLUG}&p=no-such-career",
        status=404,
        expect="There is a problem with this comparison",
    ),
    PageType(
        "saved-shared",
        "a list of saved careers opened from its link",
        f"/saved-careers/?p={PROFILE_SLUG}&p=medical-secretary",
        expect="A shared list of careers",
    ),
    PageType("saved-empty", "saved careers before any are saved", "/saved-careers/"),
    PageType("privacy", "the privacy notice", "/privacy/", expect="What we keep"),
    PageType("cookies", "the cookies page", "/cookies/", expect="Cookies this service can set"),
    PageType(
        "accessibility-statement",
        "the accessibility statement",
        "/accessibility-statement/",
        expect="How we tested it",
    ),
    PageType("contact", "the contact page", "/contact/", expect="Report a problem with a page"),
    PageType(
        "discover-start",
        "the start of the Discover careers quiz",
        "/discover/",
        expect="Your answers stay with you",
    ),
    PageType(
        "discover-questions",
        "a page of the quiz's questions",
        "/discover/questions/1/",
        expect="Page 1 of 5",
    ),
    PageType(
        "discover-questions-errors",
        "a page of the quiz's questions sent unanswered",
        "/discover/questions/2/?sent=1",
        expect="There is a problem",
    ),
    PageType(
        "discover-results",
        "the quiz's results",
        discover_results_path,
        expect="Careers that match what you like",
    ),
    PageType(
        "discover-results-flat",
        "the quiz's results when every answer was the same",
        lambda: discover_results_path(same=3),
        expect="You answered every activity the same way",
    ),
    PageType(
        "discover-changed",
        "quiz results whose questions have changed since",
        lambda: discover_results_path(extra={1295: 4}),
        expect="The questions have changed since you answered",
    ),
    PageType(
        "discover-unreadable",
        "quiz results from a link cut short",
        "/discover/results/0115zz/",
        status=400,
        expect="These answers cannot be read",
    ),
    PageType("not-found", "the page-not-found page", "/job-profiles/no-such-career/", status=404),
    PageType(
        "method-not-allowed",
        "the page for a method an address does not take",
        "/saved-careers/save/",
        status=405,
        expect="This page cannot do that",
    ),
]
assert {page_type.action for page_type in PAGE_TYPES} <= ACTIONS

by_id = {page_type.id: page_type for page_type in PAGE_TYPES}


def page_type_params(ids=None):
    """PAGE_TYPES (or those named) as pytest parameters named by their ids."""
    chosen = PAGE_TYPES if ids is None else [by_id[id_] for id_ in ids]
    return [pytest.param(page_type, id=page_type.id) for page_type in chosen]


class _Controls(HTMLParser):
    """The forms and links of a page, enough to act on them as a browser would."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links = [], []
        self._form = self._link = self._button = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": [],
                "radios": {},
                "textareas": [],
                "buttons": [],
            }
            self.forms.append(self._form)
        elif tag == "a" and attrs.get("href"):
            self._link = {"href": attrs["href"], "text": ""}
            self.links.append(self._link)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "radio":
                self._form["radios"].setdefault(attrs["name"], attrs.get("value", "on"))
            elif kind == "submit":
                self._form["buttons"].append((attrs.get("value", ""), attrs["name"], attrs))
            elif kind != "checkbox" or "checked" in attrs:
                self._form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea" and attrs.get("name"):
            self._form["textareas"].append(attrs["name"])
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self._button = {"text": "", "name": attrs.get("name"), "value": attrs.get("value", "")}

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "a":
            self._link = None
        elif tag == "button" and self._button is not None:
            self._form["buttons"].append(
                (self._button["text"].strip(), self._button["name"], self._button)
            )
            self._button = None

    def handle_data(self, data):
        for open_element in (self._link, self._button):
            if open_element is not None:
                open_element["text"] += data


def _controls(response):
    parser = _Controls()
    parser.feed(response.content.decode())
    return parser


def _submit(client, url, form, data):
    target = urljoin(url, form["action"] or url)
    if form["method"] == "post":
        return client.post(target, data, follow=True)
    return client.get(target, data, follow=True)


def fetch(client, page_type):
    """The response a visitor ends up with for a page type, driven through Django's test client."""
    url = page_type.address()
    response = client.get(url, follow=True)
    if not page_type.action:
        return response
    controls = _controls(response)
    if page_type.action == "try-improved":
        for link in controls.links:
            if " ".join(link["text"].split()) == "Try it out":
                return client.get(urljoin(url, link["href"]), follow=True)
        for form in controls.forms:
            for text, name, button in form["buttons"]:
                if " ".join(text.split()) == "Try it out":
                    data = dict(form["fields"])
                    if name:
                        data[name] = button.get("value", "")
                    return _submit(client, url, form, data)
        pytest.skip(f"{page_type.name}: the profile page has no 'Try it out' link or button yet")
    form = next((form for form in controls.forms if form["textareas"]), None)
    assert form is not None, f"{page_type.name}: {url} has no form with a text area"
    data = dict(form["fields"]) | form["radios"]
    text = FEEDBACK_MESSAGE if page_type.action == "submit-filled" else ""
    data |= dict.fromkeys(form["textareas"], text)
    if form["buttons"] and form["buttons"][0][1]:
        data[form["buttons"][0][1]] = form["buttons"][0][2].get("value", "")
    return _submit(client, url, form, data)
