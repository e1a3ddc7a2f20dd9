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
def live_server(request):
    """pytest-django's live server, with static files served by WhiteNoise as in production.

    Django's own test handler looks static files up by their source names and cannot find the
    hashed names the pages link to.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(live_server, transactional_db):
    """The live site with its seed content."""
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
    return live_server


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
