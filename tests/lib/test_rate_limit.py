import logging

import pytest
from django.urls import reverse

from feedback.models import Feedback
from lib import rate_limit

# Nothing listens on port 1, so every cache call fails at once, as with Redis stopped.
UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def count(rf, limit=2, window=60, address="192.0.2.1", scope="test:rate"):
    request = rf.get("/", REMOTE_ADDR=address)
    return rate_limit.count_request(request, scope=scope, salt="test", limit=limit, window=window)


def test_a_client_is_counted_until_its_limit_and_then_held_back(rf):
    usages = [count(rf) for _ in range(3)]
    assert [usage.count for usage in usages] == [1, 2, 3]
    assert [usage.remaining for usage in usages] == [1, 0, 0]
    assert [usage.exceeded for usage in usages] == [False, False, True]
    assert all(1 <= usage.retry_after <= 60 for usage in usages)


def test_each_client_and_each_scope_has_its_own_count(rf):
    for _ in range(3):
        count(rf)
    assert not count(rf, address="192.0.2.2").exceeded
    assert not count(rf, scope="test:other").exceeded


FAILED = "Cache 'default' failed"


def test_an_unreachable_cache_lets_requests_through_and_is_logged_once(rf, settings, caplog):
    settings.CACHES = UNREACHABLE_CACHE
    with caplog.at_level(logging.WARNING):
        usages = [count(rf, limit=0) for _ in range(5)]
    assert not any(usage.exceeded for usage in usages)
    assert caplog.text.count(FAILED) == 1
    # The first call found the cache down; the rest did not try it again.
    assert caplog.text.count("Rate limit test:rate unavailable") == 1


def test_the_api_answers_json_with_the_cache_unreachable(client, db, settings, caplog):
    settings.CACHES = UNREACHABLE_CACHE
    with caplog.at_level(logging.WARNING):
        responses = [client.get(reverse("api:profiles")) for _ in range(3)]
    for response in responses:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "results" in response.json()
        assert response["X-RateLimit-Limit"] == str(settings.API_RATE_LIMIT)
    assert caplog.text.count(FAILED) == 1


def test_feedback_is_taken_with_the_cache_unreachable(client, db, settings, caplog):
    settings.CACHES = UNREACHABLE_CACHE
    page = "/job-profiles/health-records-clerk/"
    with caplog.at_level(logging.WARNING):
        message = client.post(reverse("feedback:form"), {"message": "Hello", "page": page})
        answer = client.post(reverse("feedback:useful"), {"answer": "yes", "page": page})
    assert (message.status_code, answer.status_code) == (303, 303)
    assert Feedback.objects.count() == 2
    assert caplog.text.count(FAILED) == 1


def test_the_cache_is_tried_again_after_a_pause(rf, settings, caplog, monkeypatch):
    from lib import cache_guard

    settings.CACHES = UNREACHABLE_CACHE
    count(rf)
    health = cache_guard._health["default"]
    assert health.failing
    # Back, as far as the guard can tell, once the pause is over: the next call tries again.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(health, "paused_until", 0.0)
    with caplog.at_level(logging.WARNING):
        assert count(rf).count == 1
    assert "Cache 'default' answers again" in caplog.text
    assert not health.failing


@pytest.mark.parametrize("salt", ["api.client", "feedback.client"])
def test_the_client_key_hides_the_address(rf, salt):
    key = rate_limit.client_key(rf.get("/", REMOTE_ADDR="203.0.113.77"), salt)
    assert "203.0.113.77" not in key
    assert len(key) == 32
