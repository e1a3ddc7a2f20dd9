import pytest
from django.core.cache import cache

from feedback.models import Feedback


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with every client's allowance unspent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_feedback(db):
    """Store feedback directly; keyword arguments override any field."""

    def make(**fields):
        values = {"kind": Feedback.Kind.PROBLEM, "page": "/", "message": "It is broken."}
        values.update(fields)
        return Feedback.objects.create(**values)

    return make
