import pytest

from feedback.models import Feedback


@pytest.fixture
def make_feedback(db):
    """Store feedback directly; keyword arguments override any field."""

    def make(**fields):
        values = {"kind": Feedback.Kind.PROBLEM, "page": "/", "message": "It is broken."}
        values.update(fields)
        return Feedback.objects.create(**values)

    return make
