"""Repeated failed sign-ins lock that username out from that address for a while."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN_URL = reverse("admin:login")


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def editor_with_password(editor):
    editor.set_password(PASSWORD)
    editor.save()
    return editor


def test_right_password_signs_in(client, editor_with_password):
    response = _sign_in(client, "editor", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_test_client_login_still_works(client, editor_with_password):
    # The lock-out backend steps aside when there is no request to lock out.
    assert client.login(username="editor", password=PASSWORD)


def test_five_failures_lock_the_username_out_from_that_address(client, editor_with_password):
    for _ in range(4):
        response = _sign_in(client, "editor", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = _sign_in(client, "editor", "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts to sign in." in html
    assert "Signing in is locked for editor for 15 minutes." in html

    # Even the right password is refused now, from that address.
    assert _sign_in(client, "editor", PASSWORD).status_code == 429
    # The editor can still sign in from elsewhere, and others from the same address.
    assert _sign_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 302
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    assert _sign_in(client, "other", PASSWORD).status_code == 302


def test_lock_out_ends_after_fifteen_minutes(client, editor_with_password):
    for _ in range(5):
        _sign_in(client, "editor", "wrong")
    assert _sign_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    assert _sign_in(client, "editor", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, editor_with_password):
    for _ in range(4):
        _sign_in(client, "editor", "wrong")
    assert _sign_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "editor", "wrong").status_code == 200


def test_behind_a_trusted_proxy_the_client_address_is_locked_out(
    client, editor_with_password, settings
):
    settings.TRUSTED_PROXIES = 1

    def through_proxy(password, client_address):
        return client.post(
            LOGIN_URL,
            {"username": "editor", "password": password, "next": "/admin/"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for _ in range(5):
        through_proxy("wrong", "203.0.113.9")
    assert through_proxy(PASSWORD, "203.0.113.9").status_code == 429
    # Another client behind the same proxy is not locked out with them.
    assert through_proxy(PASSWORD, "198.51.100.7").status_code == 302
