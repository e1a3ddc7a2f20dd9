"""The Nu Html Checker finds no errors in any public page type.

Every page is rendered through Django's test client and the checker runs once, in one JVM, over all
of them: starting Java is most of its cost.
"""

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory, TestCase
from django.urls import get_resolver

from tests.page_types import fetch, page_type_params

# Marked so that pytest-django creates the test database the module's fixture renders pages from.
pytestmark = pytest.mark.django_db

VNU = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The error pages Django renders through the configured handlers rather than through a URL.
ERROR_PAGES = {
    "bad-request": (400, lambda: Exception("bad request")),
    "forbidden": (403, lambda: PermissionDenied()),
    "server-error": (500, None),
}

# Proves the checker can fail: an image without alternative text and a duplicate id.
DELIBERATELY_INVALID = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main id="main"><img src="/x.png"><p id="main">Twice</p></main></body></html>
"""


def _render_error_page(status, make_exception):
    request = RequestFactory().get("/")
    handler = get_resolver().resolve_error_handler(status)
    return handler(request) if make_exception is None else handler(request, make_exception())


def _validate(paths):
    """The checker's errors, by file name."""
    java = shutil.which("java")
    assert java, "Java not found: install a Java runtime (Debian: default-jre-headless)"
    assert VNU.exists(), f"{VNU} not found: run `npm ci` to install vnu-jar"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {path.name: [] for path in paths}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] in {"error", "non-document-error"}:
            name = message.get("url", "").rsplit("/", 1)[-1]
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
                f" [{message.get('extract', '').strip()}]"
            )
    return errors


@pytest.fixture(scope="module")
def checked_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each page type's checker errors, or the reason it could not be checked."""
    folder = tmp_path_factory.mktemp("html")
    outcomes, files = {}, []
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        # This transaction is rolled back at the end, so the search index, built when a load
        # commits, is built as the commit would.
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_content", verbosity=0)
        for param in page_type_params():
            page_type = param.values[0]
            try:
                with transaction.atomic():  # a page that fails leaves the others a working database
                    response = fetch(Client(), page_type)
                if page_type.status is None:
                    assert response.status_code < 500, f"answered {response.status_code}"
                else:
                    assert response.status_code == page_type.status, (
                        f"answered {response.status_code}, not {page_type.status}"
                    )
                html = response.content.decode()
                assert page_type.expect in html, f"does not show {page_type.expect!r}"
            except pytest.skip.Exception as skipped:
                outcomes[page_type.id] = ("skip", skipped.msg)
                continue
            except Exception as failure:  # one broken page must not hide the others' results
                outcomes[page_type.id] = ("fail", f"{page_type.name}: {failure!r}")
                continue
            files.append(folder / f"{page_type.id}.html")
            files[-1].write_text(html, encoding="utf-8")
            outcomes[page_type.id] = ("checked", files[-1].name)
        for id_, (status, make_exception) in ERROR_PAGES.items():
            files.append(folder / f"{id_}.html")
            files[-1].write_bytes(_render_error_page(status, make_exception).content)
            outcomes[id_] = ("checked", files[-1].name)
        transaction.set_rollback(True)
    cache.clear()
    files.append(folder / "deliberately-invalid.html")
    files[-1].write_text(DELIBERATELY_INVALID, encoding="utf-8")
    errors = _validate(files)
    return {
        id_: (kind, errors[value] if kind == "checked" else value)
        for id_, (kind, value) in outcomes.items()
    } | {"deliberately-invalid": ("checked", errors["deliberately-invalid.html"])}


@pytest.mark.parametrize("page_id", [param.id for param in page_type_params()] + list(ERROR_PAGES))
def test_page_type_is_valid_html(checked_pages, page_id):
    kind, detail = checked_pages[page_id]
    if kind == "skip":
        pytest.skip(detail)
    assert kind == "checked", detail
    assert detail == [], f"the Nu Html Checker found errors in {page_id}:\n" + "\n".join(detail)


def test_html_checker_reports_a_missing_alt_and_a_duplicate_id(checked_pages):
    kind, errors = checked_pages["deliberately-invalid"]
    text = "\n".join(errors)
    assert "alt" in text
    assert "Duplicate ID" in text
