"""Oversized bodies, odd Host ports, off-site sign-in redirects and hostile import files are
answered clearly and change nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import Feedback
from profiles import interchange

USEFUL = reverse("feedback:useful")


def _multipart(size):
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="answer"\r\n\r\nyes\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_large_multipart_post_to_a_public_form_is_refused_unread(client, db):
    body, content_type = _multipart(300 * 1024)
    response = client.generic(
        "POST", USEFUL, body, content_type=content_type, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    html = response.content.decode()
    assert "What you sent is too large" in html
    assert "64 KB" in html
    assert '<html lang="en"' in html  # the site's own layout
    assert Feedback.objects.count() == 0


def test_an_ordinary_answer_is_well_under_the_limit(client, db):
    response = client.post(
        USEFUL, {"answer": "yes", "page": "/"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code in (200, 303)
    assert Feedback.objects.count() == 1


def test_the_api_refuses_a_large_body_with_json(client, db):
    response = client.generic("POST", "/api/job-profiles/", b"x" * (70 * 1024))
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_the_admin_keeps_djangos_larger_limit(admin_client, settings):
    # A profile's form is long; 100 KB of it is not refused before the admin sees it.
    response = admin_client.generic(
        "POST",
        reverse("admin:index"),
        b"a=" + b"x" * (100 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code != 413


def test_with_site_url_set_a_host_with_another_port_gets_the_one_canonical_address(
    client, make_profile, settings
):
    settings.SITE_URL = "https://careers.example.org"
    settings.ALLOWED_HOSTS = ["careers.example.org"]
    profile = make_profile()
    fresh = Client()  # the middleware reads SITE_URL when the handler is built
    response = fresh.get(profile.get_absolute_url(), HTTP_HOST="careers.example.org:1234")
    html = response.content.decode()
    assert (
        f'<link rel="canonical" href="http://careers.example.org{profile.get_absolute_url()}"'
        in html
    )
    assert ":1234" not in html


def test_with_site_url_set_an_unknown_host_is_still_refused(make_profile, settings):
    settings.SITE_URL = "https://careers.example.org"
    settings.ALLOWED_HOSTS = ["careers.example.org"]
    response = Client().get("/", HTTP_HOST="evil.example:80")
    assert response.status_code == 400


def test_signing_in_with_an_off_site_next_lands_on_the_admin(client, django_user_model):
    django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "editor", "password": "pw", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_an_editor_is_signed_out_after_the_idle_time(client, django_user_model, settings):
    import time as clock

    editor = django_user_model.objects.create_superuser("editor", password="pw")
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200
    started = clock.time()
    later = started + settings.SESSION_IDLE_MINUTES * 60 - 5
    from unittest import mock

    with mock.patch("careers_site.middleware.time.time", return_value=later):
        assert client.get(reverse("admin:index")).status_code == 200  # active: time starts again
    idle = later + settings.SESSION_IDLE_MINUTES * 60 + 1
    with mock.patch("careers_site.middleware.time.time", return_value=idle):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(reverse("admin:index")).status_code == 302  # signed out for good


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_a_deeply_nested_import_file_is_refused_with_a_clear_message(db, depth):
    text = "[" * depth + "]" * depth
    with pytest.raises(interchange.ImportFileError) as error:
        interchange.parse(text)
    assert "nests lists or objects hundreds of levels deep" in str(error.value)


def test_import_profiles_reports_deep_nesting_and_changes_nothing(tmp_path, db):
    from django.core.management import CommandError, call_command

    from profiles.models import JobProfile

    file = tmp_path / "deep.json"
    file.write_text(
        json.dumps({"format": "careers-job-profiles"})[:-1]
        + ', "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )
    with pytest.raises(CommandError, match="nothing changed") as error:
        call_command("import_profiles", str(file), "--no-progress")
    assert "RecursionError" not in str(error.value)
    assert JobProfile.objects.count() == 0
