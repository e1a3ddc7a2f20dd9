"""HEAD gets a GET's headers and no body from the application itself, not only from the server.

Django's test client drops a HEAD's body on its own, so these call the WSGI application as
gunicorn does.
"""

import io

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(method, path, **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=dict(response_headers))

    result = get_wsgi_application()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    return started["status"], started["headers"], body


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_head_of_an_uncached_page_has_the_gets_headers_and_no_body(make_profile, encoding):
    path = make_profile().get_absolute_url()
    # A HEAD first, so the page cache has nothing yet and the page is rendered for it.
    status, head_headers, head_body = call("HEAD", path, accept_encoding=encoding)
    _, get_headers, get_body = call("GET", path, accept_encoding=encoding)
    assert status.startswith("200")
    assert head_body == b""
    assert get_body
    assert head_headers.get("Content-Encoding") == get_headers.get("Content-Encoding")
    if encoding == "identity":
        assert head_headers["Content-Length"] == str(len(get_body))
    else:
        # Compressed per response, with random padding against BREACH: the size varies a little.
        assert int(head_headers["Content-Length"]) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_head_of_a_cached_page_has_the_cached_gets_headers_and_no_body(make_profile, encoding):
    path = make_profile().get_absolute_url()
    call("GET", path, accept_encoding=encoding)  # renders and stores the page
    _, get_headers, get_body = call("GET", path, accept_encoding=encoding)
    status, head_headers, head_body = call("HEAD", path, accept_encoding=encoding)
    assert status.startswith("200")
    assert head_headers["X-Page-Cache"] == get_headers["X-Page-Cache"] == "hit"
    assert head_body == b""
    assert head_headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))
    assert head_headers.get("Content-Encoding") == get_headers.get("Content-Encoding")


@pytest.mark.django_db
def test_head_of_a_missing_page_has_no_body():
    status, _, body = call("HEAD", "/job-profiles/no-such-career/")
    assert status.startswith("404")
    assert body == b""


@pytest.mark.django_db
def test_get_keeps_its_body():
    status, _, body = call("GET", "/")
    assert status.startswith("200")
    assert b"<html" in body
