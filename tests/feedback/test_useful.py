import json

import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import Feedback

USEFUL = reverse("feedback:useful")
PROFILE = "/job-profiles/health-records-clerk/"


def answer(client, value="yes", page=PROFILE, **headers):
    return client.post(USEFUL, {"answer": value, "page": page}, headers=headers)


def test_every_public_page_asks_is_this_page_useful(client, make_profile, text_of):
    make_profile(slug="health-records-clerk")
    for url in ["/", PROFILE, "/no-such-page/"]:
        response = client.get(url)
        text = text_of(response)
        assert "Is this page useful?" in text, url
        assert "Report a problem with this page" in text, url


def test_the_block_holds_nothing_per_visitor(client, make_profile):
    """Public pages are cached whole, so the block must be the same for everyone."""
    make_profile(slug="health-records-clerk")
    response = client.get(PROFILE)
    html = response.content.decode()
    assert f'<form class="app-page-feedback__form" method="post" action="{USEFUL}">' in html
    assert f'<input type="hidden" name="page" value="{PROFILE}">' in html
    assert f'href="/feedback/?page={PROFILE}&amp;kind=problem">Report a problem' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    assert not response.wsgi_request.META.get("CSRF_COOKIE_USED")

    def block(html):
        return html[html.index('<div class="app-page-feedback') : html.index("</main>")]

    other = Client()
    other.cookies["sessionid"] = "another-visitor"
    assert block(other.get(PROFILE).content.decode()) == block(html)


def test_yes_without_javascript_stores_the_answer_and_thanks(client, db, text_of):
    response = answer(client, "yes")
    assert response.status_code == 303
    assert response["Location"] == f"/feedback/thanks/?page={PROFILE}"
    assert "Thank you for your feedback" in text_of(client.get(response["Location"]))
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.page, feedback.message) == ("useful", PROFILE, "")


def test_no_without_javascript_stores_the_answer_and_offers_the_form(client, db, text_of):
    response = answer(client, "no")
    assert response.status_code == 303
    form = client.get(response["Location"])
    assert "Thank you for your answer." in text_of(form)
    assert "What went wrong, or what could be better?" in text_of(form)
    assert f'<input type="hidden" name="page" value="{PROFILE}">' in form.content.decode()
    assert '<input type="hidden" name="kind" value="problem">' in form.content.decode()
    assert Feedback.objects.get().kind == Feedback.Kind.NOT_USEFUL


def test_the_page_script_gets_json(client, db):
    response = answer(client, "no", Accept="application/json")
    assert response.status_code == 201
    body = json.loads(response.content)
    assert body["answer"] == "no"
    assert set(body) == {"answer", "follow_up"}  # the token that ties a message to it
    assert Feedback.objects.get().kind == Feedback.Kind.NOT_USEFUL


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_an_answer_sent_from_another_site_is_refused(client, db, headers, text_of):
    response = answer(client, "yes", **headers)
    assert response.status_code == 403
    assert "Your answer was not sent" in text_of(response)
    assert "We're building a new service" in text_of(response)  # the site's layout
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/job-profiles/health-records-clerk/"},
        {},
    ],
)
def test_an_answer_from_this_site_is_accepted(client, db, headers):
    assert answer(client, "yes", **headers).status_code == 303
    assert Feedback.objects.count() == 1


def test_an_origin_in_csrf_trusted_origins_is_accepted(client, db, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://careers.example"]
    assert answer(client, "yes", Origin="https://careers.example").status_code == 303


@pytest.mark.parametrize("value", ["", "maybe", "useful"])
def test_a_bad_answer_is_a_400_in_the_site_layout(client, db, value, text_of):
    response = answer(client, value)
    assert response.status_code == 400
    assert "Your answer was not recorded" in text_of(response)
    assert f'href="{PROFILE}"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_answer_about_another_site_keeps_no_address(client, db):
    answer(client, "no", page="https://evil.example/")
    assert Feedback.objects.get().page == ""


def test_answers_are_posted_only(client):
    assert client.get(USEFUL).status_code == 405


def test_an_answer_is_one_insert(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert answer(client, "yes").status_code == 303
