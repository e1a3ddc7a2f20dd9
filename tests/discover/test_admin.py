"""Editors write, reorder and switch off the questions, and see how far visitors got."""

import datetime

from django.urls import reverse
from django.utils import timezone

from discover.models import Question, QuizCount, Step
from discover.quiz import Quiz

QUESTIONS = reverse("admin:discover_question_changelist")  # "Quiz questions"
REPORT = reverse("admin:discover_quizcount_changelist")


def _list_form(questions, changes):
    """The question list's own form, as a browser sends it, with some rows changed."""
    data = {
        "form-TOTAL_FORMS": str(len(questions)),
        "form-INITIAL_FORMS": str(len(questions)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for n, question in enumerate(questions):
        row = {"id": question.pk, "position": question.position, "active": question.active}
        row.update(changes.get(question.pk, {}))
        data[f"form-{n}-id"] = str(row["id"])
        data[f"form-{n}-position"] = str(row["position"])
        if row["active"]:
            data[f"form-{n}-active"] = "on"
    return data


def test_editors_reorder_and_switch_off_questions_from_the_list(editor_client):
    questions = list(Question.objects.order_by("position", "pk"))
    first, second = questions[0], questions[1]
    changes = {first.pk: {"position": 15}, second.pk: {"position": 5, "active": False}}
    response = editor_client.post(QUESTIONS, _list_form(questions, changes))
    assert response.status_code == 302
    asked = Quiz.current().questions
    assert second not in asked and asked[0] == first
    assert len(asked) == 29


def test_editors_write_a_new_question_with_its_area(editor_client):
    response = editor_client.post(
        reverse("admin:discover_question_add"),
        {"text": "Service a car engine", "area": "practical", "position": "305", "active": "on"},
    )
    assert response.status_code == 302
    assert Quiz.current().questions[-1].text == "Service a car engine"


def test_a_question_needs_an_activity_and_one_of_the_six_areas(editor_client):
    response = editor_client.post(
        reverse("admin:discover_question_add"), {"text": "", "area": "juggling", "position": "1"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"text", "area"}
    assert Question.objects.count() == 30


def test_the_list_says_how_many_are_asked_and_on_how_many_pages(editor_client):
    text = editor_client.get(QUESTIONS).content.decode()
    assert "30 asked, on 5 pages of six" in text


def test_the_report_shows_started_finished_and_where_visitors_left_by_day(editor_client):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    rows = [
        (today, Step.STARTED, 0, 10),
        (today, Step.ANSWERED, 1, 8),
        (today, Step.ANSWERED, 2, 5),
        (today, Step.ANSWERED, 3, 5),
        (today, Step.ANSWERED, 4, 4),
        (today, Step.ANSWERED, 5, 4),
        (today, Step.FINISHED, 0, 4),
        (yesterday, Step.STARTED, 0, 3),
        (yesterday, Step.ANSWERED, 1, 1),
        (today - datetime.timedelta(days=40), Step.STARTED, 0, 99),  # outside the 30 days
    ]
    QuizCount.objects.bulk_create(
        QuizCount(day=day, step=step, page=page, count=count) for day, step, page, count in rows
    )
    response = editor_client.get(REPORT)
    assert response.status_code == 200
    report = response.context["report"]
    assert report["total"]["started"] == 13 and report["total"]["finished"] == 4
    # Shown page 1: 13, left 13 - 9 = 4; page 2: shown 9, left 4; page 3: 5 and 0 ...
    assert [(row["reached"], row["left"]) for row in report["funnel"]] == [
        (13, 4), (9, 4), (5, 0), (5, 1), (4, 0)
    ]  # fmt: skip
    assert report["rows"][0]["day"] == today
    assert report["rows"][0]["left"] == [2, 3, 0, 1, 0]
    assert report["rows"][1]["left"] == [2, 1, 0, 0, 0]
    text = response.content.decode()
    assert "13 started and 4 finished (31%)" in text
    assert text.count("<rect ") == 60  # two bars a day for 30 days
    assert "Left at page 5" in text


def test_the_report_is_read_only(editor_client):
    QuizCount.record(Step.STARTED)
    row = QuizCount.objects.get()
    assert editor_client.get(reverse("admin:discover_quizcount_add")).status_code == 403
    assert (
        editor_client.post(reverse("admin:discover_quizcount_delete", args=[row.pk])).status_code
        == 403
    )


def test_the_report_is_for_editors_only(client, db):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
