"""Results: careers ranked by how well their interest scores fit the visitor's answers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discover import answers as codes
from discover.models import Question
from discover.quiz import Quiz
from profiles.models import INTEREST_FIELDS, JobProfile
from tests.discover.conftest import answers_liking, results_url

TITLE = re.compile(r'app-profile-list__title"><a class="govuk-link" href="/job-profiles/([^/]+)/"')
CARING = {"healthcare", "social-care"}
TRADES = {"construction-and-trades"}


def _shown(response):
    return TITLE.findall(response.content.decode())


def _categories(slug):
    return set(JobProfile.objects.get(slug=slug).categories.values_list("slug", flat=True))


def test_someone_who_likes_only_helping_sees_caring_and_health_careers_first(client, seeded):
    shown = _shown(client.get(results_url(answers_liking("helping"))))
    assert all(_categories(slug) & CARING for slug in shown[:3]), shown[:3]
    caring_or_children = CARING | {"education-and-childcare"}
    assert all(_categories(slug) & caring_or_children for slug in shown[:10]), shown[:10]
    assert "accountant" not in shown and "roofer" not in shown


def test_someone_who_likes_only_practical_work_sees_trades_first(client, seeded):
    shown = _shown(client.get(results_url(answers_liking("practical"))))
    assert all(_categories(slug) & TRADES for slug in shown[:4]), shown[:4]
    assert sum(bool(_categories(slug) & TRADES) for slug in shown[:8]) >= 6, shown[:8]
    assert "social-worker" not in shown


@pytest.mark.parametrize(
    "area, expected",
    [
        ("investigative", {"data-analyst", "software-developer", "cyber-security-analyst"}),
        ("organising", {"data-entry-clerk", "bookkeeper", "payroll-administrator"}),
        ("leading", {"retail-manager", "restaurant-manager", "site-manager"}),
        ("creative", {"florist", "visual-merchandiser"}),
    ],
)
def test_each_area_liked_alone_puts_its_own_careers_near_the_top(client, seeded, area, expected):
    shown = _shown(client.get(results_url(answers_liking(area))))
    assert expected <= set(shown[:8]), shown[:8]


def test_the_page_shows_the_top_areas_and_says_why_each_career_matches(client, seeded):
    text = client.get(results_url(answers_liking("helping", "organising"))).content.decode()
    assert "What you like most" in text
    assert "Helping people" in text and "Organising" in text
    assert "Much of the work is" in text and "which you liked most" in text
    assert "how we match careers" in text  # the method explained
    assert "Strong match" in text


def test_the_same_link_shows_the_same_results_every_time(client, seeded):
    url = results_url(answers_liking("creative", "practical"))
    first, again = client.get(url), client.get(url)
    assert _shown(first) == _shown(again) and len(_shown(first)) == 20


def test_ties_are_broken_alphabetically_so_the_order_never_depends_on_the_database(seeded):
    from choosing import facts

    known = facts.current()
    likes = Quiz.current().likes(answers_liking("helping"))
    matched = likes.matching(known.scored)[:]
    assert len(matched) > 20 and matched[:20] == likes.matching(known.scored)[0:20]
    assert matched == sorted(matched, key=lambda pair: (-pair[0], pair[1]))


def test_narrowing_by_qualification_level_shows_only_careers_starting_there(client, seeded):
    url = results_url(answers_liking("helping"))
    everyone = _shown(client.get(url))
    response = client.get(f"{url}?level=none&level=gcse")
    shown = _shown(response)
    assert shown and shown != everyone
    levels = dict(JobProfile.objects.values_list("slug", "qualification_level"))
    assert {levels[slug] for slug in shown} <= {"none", "gcse"}
    assert "Much of the work is" in response.content.decode()


def test_other_spellings_of_a_results_address_redirect_to_its_one_address(client, seeded):
    url = results_url(answers_liking("helping"))
    for query in ("?level=gcse&level=none", "?utm_source=x&level=none&level=gcse", "?page=1"):
        response = client.get(url + query)
        assert response.status_code == 301
    assert client.get(url + "?level=gcse&level=none")["Location"] == url + "?level=none&level=gcse"
    assert client.get(url + "?page=1")["Location"] == url


def test_every_answer_the_same_says_so_rather_than_ranking_by_chance(client, seeded):
    quiz = Quiz.current()
    response = client.get(results_url({q.pk: 4 for q in quiz.questions}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "You answered every activity the same way" in text
    assert not _shown(response)


def test_careers_not_yet_scored_are_left_out(client, seeded):
    JobProfile.objects.filter(slug="care-worker").update(**dict.fromkeys(INTEREST_FIELDS))
    assert "care-worker" not in _shown(client.get(results_url(answers_liking("helping"))))


def test_a_question_switched_off_since_offers_to_keep_the_answers_still_valid(client, seeded):
    answers = answers_liking("helping")
    retired = Question.objects.asked().first()
    retired.active = False
    retired.save()
    response = client.get(results_url(answers))
    text = response.content.decode()
    assert response.status_code == 200
    assert "The questions have changed since you answered" in text
    assert "29 of your answers still apply" in text
    kept = {pk: answer for pk, answer in answers.items() if pk != retired.pk}
    assert f'href="/discover/results/{codes.encode(kept)}/"' in text
    assert _shown(client.get(results_url(kept)))


def test_a_new_question_since_asks_just_that_one_keeping_the_rest(client, seeded):
    answers = answers_liking("practical")
    added = Question.objects.create(text="Service a car engine", area="practical", position=1000)
    text = client.get(results_url(answers)).content.decode()
    assert "1 question is new to you" in text
    last_page = len(Quiz.current().pages)
    assert f'href="/discover/questions/{last_page}/?a={codes.encode(answers)}"' in text
    assert added.pk not in answers


@pytest.mark.parametrize("code", ["0115zz", "x" * 20, "0" * 1000])
def test_a_tampered_truncated_or_flooded_code_gets_a_clear_page(client, seeded, code):
    response = client.get(f"/discover/results/{code}/")
    assert response.status_code == 400
    assert "These answers cannot be read" in response.content.decode()
    assert "Start again" in response.content.decode()


def test_results_take_a_fixed_number_of_queries_however_many_careers_match(client, seeded):
    url = results_url(answers_liking("helping"))
    client.get(url)  # the facts index is built once, then reused
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # Questions, then the page's 20 careers with their listed facts (profiles, alternative
    # titles, working times, workplaces, apprenticeship routes); none a career.
    assert len(queries) == 6, [q["sql"][:80] for q in queries]


def test_cached_results_are_expired_by_a_change_to_profiles_or_questions(
    client, seeded, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    url = results_url(answers_liking("helping"))
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    top = JobProfile.objects.get(slug=_shown(client.get(url))[0])
    top.interest_helping = 0
    top.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert top.slug != _shown(response)[0]
    assert client.get(url)["X-Page-Cache"] == "hit"
    question = Question.objects.asked().first()
    question.text = "Mend a bicycle"
    with django_capture_on_commit_callbacks(execute=True):
        question.save()
    assert client.get(url)["X-Page-Cache"] == "miss"
