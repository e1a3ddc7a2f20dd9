import pytest

from discover import answers as codes
from discover.quiz import Quiz


@pytest.fixture(autouse=True)
def _rendered_each_time(settings):
    """Pages rendered for every request, so each response shows what the code does now."""
    settings.PAGE_CACHE_SECONDS = 0


def answers_liking(*areas):
    """Answers to every question asked now: "Strongly like" for the areas named, "Strongly
    dislike" for the rest."""
    return {q.pk: 5 if q.area in areas else 1 for q in Quiz.current().questions}


def results_url(answers):
    return f"/discover/results/{codes.encode(answers)}/"


def answer_every_page(client, choose):
    """Go through the quiz as a visitor would, page by page; the last response (the redirect to
    the results) is returned. choose(question) gives each answer."""
    quiz, code, response = Quiz.current(), "", None
    for number, page in enumerate(quiz.pages, start=1):
        params = {"a": code, "sent": "1", **{f"q{q.pk}": choose(q) for q in page}}
        response = client.get(f"/discover/questions/{number}/", params)
        assert response.status_code == 303, response.content[:500]
        location = response["Location"]
        code = location.partition("a=")[2]
    return response
