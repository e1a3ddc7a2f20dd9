"""The questions, page by page: answers travel in the address alone, and nothing is stored."""

import pytest
from django.db import connection

from discover import answers as codes
from discover.models import Question, QuizCount, Step
from discover.quiz import PAGE_SIZE, Quiz
from tests.discover.conftest import answer_every_page


def test_the_start_page_says_how_long_it_takes_and_that_nothing_is_stored(client, db):
    response = client.get("/discover/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "30 work activities" in text
    assert "5 pages" in text
    assert "We do not store your answers" in text
    assert 'href="/discover/questions/1/"' in text


def test_thirty_questions_five_an_area_on_five_pages_of_six_each_with_every_area(db):
    quiz = Quiz.current()
    assert len(quiz.questions) == 30
    assert [len(page) for page in quiz.pages] == [PAGE_SIZE] * 5
    for page in quiz.pages:
        assert {q.area for q in page} == {
            "practical", "investigative", "creative", "helping", "leading", "organising"
        }  # fmt: skip


def test_a_page_asks_each_question_on_the_five_point_scale(client, db):
    response = client.get("/discover/questions/1/")
    text = response.content.decode()
    assert "Page 1 of 5" in text
    for question in Quiz.current().page(1):
        assert (
            f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{question.text}</legend>'
            in text
        )
        for value, label in codes.SCALE:
            assert (
                f'id="q{question.pk}-{value}" name="q{question.pk}" type="radio" value="{value}"'
                in text
            )
            assert label in text


def test_answering_every_page_leads_to_the_results_with_every_answer_in_the_address(client, db):
    response = answer_every_page(client, lambda q: 4 if q.area == "creative" else 2)
    location = response["Location"]
    assert location.startswith("/discover/results/")
    code = location.split("/")[3]
    assert codes.decode(code) == {
        q.pk: 4 if q.area == "creative" else 2 for q in Quiz.current().questions
    }
    assert client.get(location).status_code == 200


def test_nothing_is_kept_about_the_visitor_no_cookie_no_session(client, db):
    response = answer_every_page(client, lambda q: 3 if q.pk % 2 else 4)
    results = client.get(response["Location"])
    assert not results.cookies and not response.cookies
    assert not client.cookies
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()


def test_a_page_sent_with_questions_unanswered_says_which_and_keeps_what_was_chosen(client, db):
    page = Quiz.current().page(2)
    earlier = {q.pk: 5 for q in Quiz.current().page(1)}
    response = client.get(
        "/discover/questions/2/",
        {"a": codes.encode(earlier), "sent": "1", f"q{page[0].pk}": "4", f"q{page[1].pk}": "9"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("There is a problem") == 1
    assert text.startswith("<!DOCTYPE html>") and "<title>Error: " in text
    for question in page[1:]:  # the answer out of the scale counts as no answer
        assert (
            f'<a href="#q{question.pk}-1">Say how you would feel about: {question.text.lower()}</a>'
            in text
        )
    assert f'href="#q{page[0].pk}-1"' not in text
    assert f'id="q{page[0].pk}-4" name="q{page[0].pk}" type="radio" value="4" checked' in text
    # The answers from page 1 are still carried, not lost.
    assert f'name="a" value="{codes.encode(earlier)}"' in text


def test_back_links_keep_the_answers_and_show_them_chosen(client, db):
    first = {q.pk: 2 for q in Quiz.current().page(1)}
    code = codes.encode(first)
    page_two = client.get(f"/discover/questions/2/?a={code}").content.decode()
    assert f'href="/discover/questions/1/?a={code}" class="govuk-back-link"' in page_two
    page_one = client.get(f"/discover/questions/1/?a={code}").content.decode()
    for pk in first:
        assert f'id="q{pk}-2" name="q{pk}" type="radio" value="2" checked' in page_one
    assert 'href="/discover/" class="govuk-back-link"' in page_one


def test_changing_an_earlier_page_keeps_the_later_answers(client, db):
    quiz = Quiz.current()
    answers = {q.pk: 1 for q in quiz.questions}
    params = {"a": codes.encode(answers), "sent": "1", **{f"q{q.pk}": "5" for q in quiz.page(1)}}
    response = client.get("/discover/questions/1/", params)
    code = response["Location"].partition("a=")[2]
    assert codes.decode(code) == {**answers, **{q.pk: 5 for q in quiz.page(1)}}


def test_a_page_skipped_by_editing_the_address_is_asked_before_the_results(client, db):
    quiz = Quiz.current()
    answers = {q.pk: 3 for page in quiz.pages[2:] for q in page}  # pages 1 and 2 unanswered
    last = len(quiz.pages)
    params = {"a": codes.encode(answers), "sent": "1", **{f"q{q.pk}": "3" for q in quiz.page(last)}}
    response = client.get(f"/discover/questions/{last}/", params)
    assert response.status_code == 303
    assert response["Location"].startswith("/discover/questions/1/?a=")


@pytest.mark.parametrize("number", [0, 6, 99])
def test_a_page_past_either_end_is_not_found(client, db, number):
    assert client.get(f"/discover/questions/{number}/").status_code == 404


@pytest.mark.parametrize("code", ["zz", "0115", "01" * 40, "x" * 5000])
def test_answers_that_cannot_be_read_get_a_clear_page_not_an_error(client, db, code):
    response = client.get(f"/discover/questions/2/?a={code}")
    assert response.status_code == 400
    text = response.content.decode()
    assert "These answers cannot be read" in text
    assert 'href="/discover/"' in text


def test_answers_to_questions_no_longer_asked_are_set_aside_on_the_way(client, db):
    quiz = Quiz.current()
    retired = quiz.page(1)[0]
    first = {q.pk: 4 for q in quiz.page(1)}
    Question.objects.filter(pk=retired.pk).update(active=False)
    response = client.get(f"/discover/questions/2/?a={codes.encode(first)}")
    assert response.status_code == 200
    assert (
        f'name="a" value="{codes.encode({k: v for k, v in first.items() if k != retired.pk})}"'
        in response.content.decode()
    )


def test_visitors_are_counted_by_step_and_day_and_nothing_else(client, db):
    client.get("/discover/questions/1/")  # started
    client.get("/discover/questions/1/")  # someone else started
    answer_every_page(client, lambda q: 4)
    client.get("/discover/questions/2/", {"sent": "1"})  # sent page 2 empty: not an answer
    counts = {(c.step, c.page): c.count for c in QuizCount.objects.all()}
    assert counts == {
        (Step.STARTED, 0): 2,
        **{(Step.ANSWERED, page): 1 for page in range(1, 6)},
        (Step.FINISHED, 0): 1,
    }
    assert {f.name for f in QuizCount._meta.fields} == {"id", "day", "step", "page", "count"}


def test_a_count_that_cannot_be_written_loses_the_count_not_the_page(client, db):
    # The counts' table gone (inside this test's transaction, which is rolled back).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {QuizCount._meta.db_table}")
    assert client.get("/discover/questions/1/").status_code == 200
    response = answer_every_page(client, lambda q: 4)
    assert response["Location"].startswith("/discover/results/")


def test_the_question_pages_are_never_cached(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 300
    response = client.get("/discover/questions/1/")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    client.get("/discover/questions/1/")
    assert QuizCount.objects.get(step=Step.STARTED).count == 2


def test_feedback_from_the_quiz_records_the_page_not_the_answers(client, db):
    import re

    answers = {q.pk: 4 if q.pk % 2 else 2 for q in Quiz.current().questions}
    code = codes.encode(answers)
    for url, reported in [
        (f"/discover/questions/2/?a={code}", "/discover/questions/2/"),
        (f"/discover/results/{code}/", "/discover/results/"),
    ]:
        html = client.get(url).content.decode()
        # Every way to send feedback from the page: the banner's link, "Report a problem",
        # and the "Is this page useful?" form's page field.
        named = re.findall(r'/feedback/\?page=([^"&]*)', html)
        named += re.findall(r'<input type="hidden" name="page" value="([^"]*)"', html)
        assert named and set(named) == {reported}, (url, named)
    # What such feedback names leads somewhere: the start of the quiz.
    assert client.get("/discover/results/")["Location"] == "/discover/"
