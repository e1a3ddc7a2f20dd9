import os
import shutil

import pytest

from tests.browser.quality import CSP_LISTENER, watched_context

# Playwright's sync API runs an event loop in this thread; the test's own database set-up is
# still synchronous, so Django's guard against async contexts does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium phones home at start-up, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _server(django_db_setup):
    """pytest-django's live server, with static files served by WhiteNoise as in production.

    Django's own test handler looks static files up by their source names and cannot find the
    hashed names the pages link to. Started after the test database exists, so that with SQLite
    in memory it shares the tests' connection rather than opening one of its own.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_server(_server):
    """The one live server; a test that names it gets a database emptied after the test."""
    return _server


@pytest.fixture
def site(live_server, transactional_db):
    """The live site with its seed content."""
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
    return live_server


@pytest.fixture(scope="module")
def _seed_once(_server, django_db_blocker):
    """Load the seed content once for a module, and empty the database again after it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded_site(_seed_once, _server, db):
    """The live site with its seed content, loaded once for a whole module of checks that only
    read pages (`site` reloads it for every test: pytest-django empties the database after each
    test that names `live_server`). What a test writes, such as a feedback message, is rolled back
    on SQLite and kept until the end of the module on PostgreSQL.
    """
    from django.db import connections

    # With SQLite in memory the server shares the test's connection; the test may hold another
    # wrapper than the one the server was started with, and two connections would lock each other.
    # Sharing is never withdrawn: a request still finishing after the test may use the connection.
    override = _server.thread.connections_override
    started_with = dict(override)
    for alias in started_with:
        if not connections[alias].allow_thread_sharing:
            connections[alias].inc_thread_sharing()
        override[alias] = connections[alias]
    yield _server
    override.update(started_with)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors = []
    context.expose_binding(
        "__reportCspViolation", lambda source, text: errors.append(f"CSP violation: {text}")
    )
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def checked_page(browser):
    """Like `page`, but the document's own status is left to the test (a 404 page is a page too)."""
    context, errors = watched_context(browser, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture(
    params=[(True, 1280), (False, 1280), (True, 320), (False, 320)],
    ids=["js-1280", "no-js-1280", "js-320", "no-js-320"],
)
def visitor(request, browser):
    """A page in a browser with and without JavaScript, on a desktop and on a 320 px phone:
    page.javascript and page.width say which."""
    javascript, width = request.param
    context, errors = watched_context(
        browser, viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.javascript, page.width = javascript, width
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


EDITOR_PASSWORD = "a long and unusual password"


@pytest.fixture
def editor(site):
    """A content editor (not a superuser), signing in as `editor` with EDITOR_PASSWORD."""
    from django.apps import apps
    from django.contrib.auth.models import Group, User

    from editors import roles

    # Browser tests empty the database between tests, the migration's groups with it.
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    group = roles.grant(apps)
    user = User.objects.create_user("editor", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def publisher(editor):
    """A publisher, signing in as `publisher` with EDITOR_PASSWORD."""
    from django.contrib.auth.models import Group, User

    from editors import roles

    user = User.objects.create_user(
        "publisher", "publisher@example.org", EDITOR_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.PUBLISHERS))
    return user
