import json

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from feedback.models import Feedback
from lib import rate_limit

FORM = reverse("feedback:form")
USEFUL = reverse("feedback:useful")


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.FEEDBACK_RATE_LIMIT_MESSAGES = 2
    settings.FEEDBACK_RATE_LIMIT_ANSWERS = 3
    settings.FEEDBACK_RATE_WINDOW = 600


def message(client, text="Hello", **extra):
    return client.post(FORM, {"message": text, "page": "/"}, **extra)


def answer(client, **extra):
    return client.post(USEFUL, {"answer": "yes", "page": "/"}, **extra)


def test_too_many_messages_get_a_429_in_the_site_layout_and_are_not_stored(client, db, text_of):
    assert [message(client, f"m{n}").status_code for n in range(2)] == [303, 303]
    response = message(client, "one too many")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    text = text_of(response)
    assert "Sorry, you have sent too many requests" in text
    assert "We're building a new service" in text
    assert "no-store" in response["Cache-Control"]
    assert list(Feedback.objects.values_list("message", flat=True).order_by("pk")) == ["m0", "m1"]


def test_answers_have_their_own_allowance(client, db):
    assert [answer(client).status_code for _ in range(3)] == [303, 303, 303]
    assert answer(client).status_code == 429
    assert message(client).status_code == 303
    assert Feedback.objects.count() == 4


def test_the_page_script_gets_a_429_as_json(client, db):
    for _ in range(3):
        answer(client)
    response = answer(client, headers={"Accept": "application/json"})
    assert response.status_code == 429
    assert json.loads(response.content)["error"] == "too_many_requests"


def test_invalid_attempts_count_too(client, db):
    message(client, "")
    message(client, "")
    assert message(client, "now a real one").status_code == 429


def test_each_client_has_its_own_allowance(client, db):
    for _ in range(2):
        message(client, REMOTE_ADDR="198.51.100.1")
    assert message(client, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert message(client, REMOTE_ADDR="198.51.100.2").status_code == 303


def test_the_allowance_comes_back_after_the_window(client, db, monkeypatch):
    now = 1_800_000_000 - 1_800_000_000 % 600
    monkeypatch.setattr(rate_limit.time, "time", lambda: now + 10)
    for _ in range(2):
        message(client)
    assert message(client).status_code == 429
    monkeypatch.setattr(rate_limit.time, "time", lambda: now + 610)
    assert message(client).status_code == 303


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(2):
        # A client cannot escape by forging the left of the header: only the last hop counts.
        message(client, headers={"X-Forwarded-For": f"192.0.2.{n}, 203.0.113.9"}, **proxy)
    blocked = message(client, headers={"X-Forwarded-For": "203.0.113.9"}, **proxy)
    assert blocked.status_code == 429
    other = message(client, headers={"X-Forwarded-For": "203.0.113.10"}, **proxy)
    assert other.status_code == 303


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, db):
    for n in range(2):
        message(client, headers={"X-Forwarded-For": f"192.0.2.{n}"})
    assert message(client, headers={"X-Forwarded-For": "192.0.2.99"}).status_code == 429


def test_the_client_address_is_never_stored(client, db, monkeypatch):
    address = "203.0.113.77"
    backend = caches["default"]
    keys = []
    make_key = backend.make_key
    # Every cache backend (local memory, Redis) names its keys through make_key.
    monkeypatch.setattr(
        backend, "make_key", lambda key, version=None: keys.append(key) or make_key(key, version)
    )
    message(client, "hi", REMOTE_ADDR=address)
    answer(client, REMOTE_ADDR=address)
    assert any("feedback:rate:" in key for key in keys), "the rate limit should use the cache"
    assert not any(address in key for key in keys)
    for row in Feedback.objects.values():
        assert address not in json.dumps(row, default=str)


def test_with_the_cache_down_feedback_is_still_taken(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "add", broken)
    for _ in range(5):
        assert message(client).status_code == 303
    assert Feedback.objects.count() == 5
