import re

import pytest
from django.urls import reverse

from feedback.models import Feedback

FORM = reverse("feedback:form")
PROFILE = "/job-profiles/health-records-clerk/"

UNSAFE_PAGES = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "evil.example",
    "http:/evil.example",
    "/" + "a" * 600,
]


def post(client, **data):
    values = {"message": "The salary looks out of date.", "page": PROFILE, "kind": "general"}
    values.update(data)
    return client.post(FORM, values)


def test_form_page_carries_the_page_the_visitor_came_from(client, db):
    html = client.get(FORM, {"page": PROFILE}).content.decode()
    assert f'<input type="hidden" name="page" value="{PROFILE}">' in html
    assert "What went wrong, or what could be better?" in html
    assert "You can enter up to 1,200 characters" in html
    assert 'data-maxlength="1200"' in html


@pytest.mark.parametrize("page", UNSAFE_PAGES)
def test_a_page_that_is_not_a_path_on_this_site_is_dropped(client, db, page):
    html = client.get(FORM, {"page": page}).content.decode()
    assert '<input type="hidden" name="page" value="">' in html

    response = post(client, page=page)
    assert response.status_code == 303
    assert response["Location"] == reverse("feedback:thanks")
    assert Feedback.objects.get().page == ""


@pytest.mark.parametrize("page", UNSAFE_PAGES)
def test_thank_you_page_never_links_off_the_site(client, page):
    response = client.get(reverse("feedback:thanks"), {"page": page})
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert re.findall(r'href="([^"]*)"', main) == ["/"]
    assert "javascript:" not in html


def test_empty_submit_shows_the_error_summary_and_stores_nothing(client, db, text_of):
    response = post(client, message="  ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Give feedback" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#feedback-message">Enter what went wrong, or what could be better</a>' in html
    assert 'aria-describedby="feedback-message-info feedback-message-error"' in html
    assert not Feedback.objects.exists()


def test_a_real_submit_is_stored_and_thanked_with_a_link_back(client, db, text_of):
    response = post(client, message="The salary looks out of date.", doing="Comparing jobs")
    assert response.status_code == 303
    thanks = client.get(response["Location"])
    assert "Thank you for your feedback" in text_of(thanks)
    assert (
        f'href="{PROFILE}">Go back to the page you were looking at</a>' in thanks.content.decode()
    )

    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.page) == (Feedback.Kind.GENERAL, PROFILE)
    assert (feedback.message, feedback.doing) == ("The salary looks out of date.", "Comparing jobs")
    assert feedback.status == Feedback.Status.NEW


def test_report_a_problem_link_makes_a_problem_report(client, db, text_of):
    page = client.get(FORM, {"page": PROFILE, "kind": "problem"})
    assert "Report a problem with a page" in text_of(page)
    assert '<input type="hidden" name="kind" value="problem">' in page.content.decode()
    post(client, kind="problem")
    assert Feedback.objects.get().kind == Feedback.Kind.PROBLEM


@pytest.mark.parametrize("kind", ["useful", "not_useful", "nonsense", ""])
def test_the_form_cannot_make_answers_or_unknown_kinds(client, db, kind):
    post(client, kind=kind)
    assert Feedback.objects.get().kind == Feedback.Kind.GENERAL


def test_an_oversized_message_is_a_form_error_not_a_500(client, db):
    response = post(client, message="x" * 1201)
    assert response.status_code == 200
    assert "What went wrong, or what could be better must be 1,200 characters or fewer" in (
        response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_an_oversized_answer_to_what_were_you_doing_is_a_form_error(client, db):
    response = post(client, doing="x" * 501)
    assert "What you were doing must be 500 characters or fewer" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_limit_counts_a_line_break_once_as_the_character_count_does(client, db):
    message = "\r\n".join(["x" * 99] * 12) + "x"  # 1,200 characters counting a break as one
    assert post(client, message=message).status_code == 303
    assert len(Feedback.objects.get().message) == 1200


def test_a_huge_body_is_refused_without_a_500(client, db):
    response = post(client, message="x" * 3_000_000)
    assert response.status_code in {400, 413}
    assert not Feedback.objects.exists()


def test_control_characters_are_stripped(client, db):
    post(client, message="a\x00b\x07c\u202ed\r\ne\x1b[31m", doing="f\x0bg")
    feedback = Feedback.objects.get()
    assert feedback.message == "abcd\ne[31m"
    assert feedback.doing == "fg"


def test_a_message_of_control_characters_only_is_empty(client, db):
    response = post(client, message="\x00\x01\u202e")
    assert "Enter what went wrong, or what could be better" in response.content.decode()
    assert not Feedback.objects.exists()


def test_what_a_visitor_typed_is_shown_back_as_text_not_html(client, db):
    response = post(client, message="<script>alert(1)</script>" + "x" * 1200, doing="<b>hi</b>")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html


def test_a_bot_that_fills_the_honeypot_is_thanked_but_nothing_is_stored(client, db, text_of):
    response = post(client, website="https://spam.example")
    assert response.status_code == 303
    assert "Thank you for your feedback" in text_of(client.get(response["Location"]))
    assert not Feedback.objects.exists()


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get(FORM).content.decode()
    assert '<div class="app-honeypot" hidden>' in html
    assert 'name="website" type="text" autocomplete="off" tabindex="-1"' in html


def test_the_form_needs_a_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM, {"message": "hello", "page": PROFILE})
    assert response.status_code == 403
    assert not Feedback.objects.exists()

    page = client.get(FORM)
    token = page.context["csrf_token"]
    response = client.post(FORM, {"message": "hello", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 303
    assert Feedback.objects.count() == 1


def test_the_form_page_is_never_cached(client):
    response = client.get(FORM)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_after_no_the_form_thanks_for_the_answer(client, db, text_of):
    page = client.get(FORM, {"page": PROFILE, "kind": "problem", "answered": "no"})
    assert "Thank you for your answer." in text_of(page)


def test_the_form_answers_get_head_and_post_only(client):
    assert client.head(FORM).status_code == 200
    assert client.put(FORM).status_code == 405


def test_showing_the_form_costs_a_query_only_to_name_a_profile(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the profile's title, to say which page this is about
        assert client.get(FORM, {"page": PROFILE}).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(FORM, {"page": "/job-categories/"}).status_code == 200


def test_sending_the_form_is_one_insert(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert post(client).status_code == 303
