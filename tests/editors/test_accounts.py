"""Editors' accounts: a forgotten password reset by email, and two-step sign-in with an
authenticator app, optional for editors and required of superusers with STAFF_2FA=required."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long and unusual password"
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
TWO_STEP = reverse("editors_two_step")


@pytest.fixture
def person(db):
    return User.objects.create_user("rowan", "rowan@example.org", PASSWORD, is_staff=True)


def _sign_in(client, username="rowan", password=PASSWORD, code=""):
    return client.post(
        LOGIN + "?next=" + INDEX,
        {"username": username, "password": password, "otp_token": code, "next": INDEX},
    )


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_forgotten_password_is_reset_by_email(client, person):
    assert 'href="/admin/password_reset/"' in client.get(LOGIN).content.decode()
    response = client.post(reverse("admin_password_reset"), {"email": "rowan@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "another long and unusual password"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _sign_in(Client(), password=new).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, person):
    response = client.post(reverse("admin_password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_requests_are_rate_limited(client, person, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    answers = [
        client.post(reverse("admin_password_reset"), {"email": "rowan@example.org"}).status_code
        for _ in range(3)
    ]
    assert answers == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_two_step_sign_in_is_set_up_then_asked_for(client, person):
    assert _sign_in(client).status_code == 302
    page = client.get(TWO_STEP)
    assert "Scan this code" in page.content.decode() and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    wrong = client.post(TWO_STEP, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "That code is wrong or too old" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try down by a second or more
    assert client.post(TWO_STEP, {"code": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    # Signing in again: the password alone is not enough now.
    other = Client()
    refused = _sign_in(other)
    assert refused.status_code == 200
    assert "you have not entered one" in refused.content.decode()
    assert (
        _sign_in(other, code="123456" if _code(device) != "123456" else "654321").status_code == 200
    )
    device.refresh_from_db()
    device.throttle_reset()
    # A code is good once (the setup used this step's): as if the app showed the next one.
    device.last_t = -1
    device.save()
    assert _sign_in(other, code=_code(device)).status_code == 302
    assert other.get(INDEX).status_code == 200


def test_without_it_set_up_an_editor_signs_in_with_a_password(client, person):
    assert _sign_in(client).status_code == 302
    assert client.get(INDEX).status_code == 200


def test_required_for_superusers_sends_them_to_set_it_up(client, db, settings):
    settings.STAFF_2FA = "required"
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    assert _sign_in(client, "chief").status_code == 302
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"] == TWO_STEP
    page = client.get(TWO_STEP).content.decode()
    assert "must use two-step sign-in" in page
    device = TOTPDevice.objects.get(user__username="chief")
    client.post(TWO_STEP, {"code": _code(device)})
    assert client.get(INDEX).status_code == 200
    # Required: it cannot be turned off.
    assert "cannot be turned off" in client.get(TWO_STEP).content.decode()


def test_required_leaves_other_editors_free_to_choose(client, person, settings):
    settings.STAFF_2FA = "required"
    assert _sign_in(client).status_code == 302
    assert client.get(INDEX).status_code == 200


def test_sign_ins_and_lock_outs_are_visible_in_the_admin(admin_client):
    html = admin_client.get(INDEX).content.decode()
    for name in ["Access attempts", "Access logs", "TOTP devices"]:
        assert name in html, name
