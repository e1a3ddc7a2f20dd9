from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback.models import Feedback, plain_text


def test_plain_text_keeps_words_and_line_breaks_only():
    assert plain_text(" a\r\nb\rc\u2028d\x00e\u200ff\u2066g\th ") == "a\nb\nc\nde" + "fg\th"


def test_the_database_refuses_an_oversized_message(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(kind="general", message="x" * 1201)


def test_the_database_refuses_a_message_kind_without_a_message(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(kind="problem", message="")


def test_the_database_refuses_an_unknown_kind(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(kind="spam", message="x")


def test_resolving_records_when(make_feedback):
    feedback = make_feedback()
    for status in (Feedback.Status.RESOLVED, Feedback.Status.WONT_FIX):
        feedback.status = status
        feedback.save()
        assert feedback.resolved_at is not None
        feedback.status = Feedback.Status.IN_PROGRESS
        feedback.save()
        assert feedback.resolved_at is None


def test_preview_is_one_short_line(make_feedback):
    assert make_feedback(message="a\n  b").preview == "a b"
    preview = make_feedback(message="word " * 50).preview
    assert len(preview) <= 80 and preview.endswith("…")


def _aged(make_feedback, days, **fields):
    feedback = make_feedback(**fields)
    Feedback.objects.filter(pk=feedback.pk).update(created=timezone.now() - timedelta(days=days))
    return feedback


def test_retention_deletes_feedback_older_than_a_year_by_default(make_feedback, capsys):
    old = _aged(make_feedback, 366)
    kept = _aged(make_feedback, 364)
    call_command("delete_old_feedback")
    assert list(Feedback.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "Deleted 1 feedback received over 365 days ago." in capsys.readouterr().out
    assert not Feedback.objects.filter(pk=old.pk).exists()


def test_retention_takes_a_number_of_days(make_feedback):
    _aged(make_feedback, 31)
    kept = _aged(make_feedback, 29)
    call_command("delete_old_feedback", "--days", "30")
    assert list(Feedback.objects.values_list("pk", flat=True)) == [kept.pk]


def test_retention_dry_run_deletes_nothing(make_feedback, capsys):
    _aged(make_feedback, 400)
    call_command("delete_old_feedback", "--dry-run")
    assert Feedback.objects.count() == 1
    assert "Would delete 1" in capsys.readouterr().out


@pytest.mark.parametrize("days", ["0", "-5", "soon"])
def test_retention_refuses_nonsense_days(make_feedback, days):
    make_feedback()
    with pytest.raises(CommandError):
        call_command("delete_old_feedback", "--days", days)
    assert Feedback.objects.count() == 1
