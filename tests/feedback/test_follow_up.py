"""A "No" and the message sent straight after it are one visit's feedback: linked rows."""

import re

from django.urls import reverse

from feedback.models import Feedback
from tests.feedback.test_useful import PROFILE, answer


def _form_after_no(client):
    response = answer(client, "no")
    assert response.status_code == 303
    form = client.get(response["Location"])
    token = re.search(r'name="answer" value="([^"]+)"', form.content.decode()).group(1)
    return form, token


def _send(client, token, message="The salary is out of date."):
    data = {"message": message, "page": PROFILE, "kind": "problem", "answer": token}
    return client.post(reverse("feedback:form"), data)


def test_a_message_after_no_is_linked_to_that_answer(client, db):
    form, token = _form_after_no(client)
    assert "Thank you for your answer." in form.content.decode()
    assert _send(client, token).status_code == 303
    no = Feedback.objects.get(kind=Feedback.Kind.NOT_USEFUL)
    message = Feedback.objects.get(kind=Feedback.Kind.PROBLEM)
    assert message.follows == no
    assert no.follow_up == message


def test_the_script_gets_the_same_link_with_its_answer(client, db):
    response = answer(client, "no", Accept="application/json")
    token = response.json()["follow_up"]
    _send(client, token)
    assert Feedback.objects.get(kind=Feedback.Kind.PROBLEM).follows.kind == "not_useful"
    assert "follow_up" not in answer(client, "yes", Accept="application/json").json()


def test_a_forged_or_reused_token_links_nothing(client, db):
    _, token = _form_after_no(client)
    _send(client, token[:-2] + "xx")
    assert not Feedback.objects.filter(follows__isnull=False).exists()
    _send(client, token)
    _send(client, token, message="A second message from the same link.")
    assert Feedback.objects.filter(follows__isnull=False).count() == 1
    assert Feedback.objects.filter(kind=Feedback.Kind.PROBLEM).count() == 3


def test_triage_shows_the_two_together(editor_client, db):
    _, token = _form_after_no(editor_client)
    _send(editor_client, token)
    no = Feedback.objects.get(kind=Feedback.Kind.NOT_USEFUL)
    message = Feedback.objects.get(kind=Feedback.Kind.PROBLEM)
    page = editor_client.get(reverse("admin:feedback_feedback_change", args=[no.pk]))
    assert "The visitor then wrote: “The salary is out of date.”" in page.content.decode()
    page = editor_client.get(reverse("admin:feedback_feedback_change", args=[message.pk]))
    assert "Sent after answering “No”" in page.content.decode()


def test_the_form_names_the_page_being_reported(client, make_profile, text_of):
    make_profile(title="Health records clerk", slug="health-records-clerk")
    text = text_of(client.get(f"/feedback/?page={PROFILE}&kind=problem"))
    assert "You are telling us about the job profile Health records clerk." in text
    other = text_of(client.get("/feedback/?page=/job-categories/&kind=problem"))
    assert "You are telling us about the page /job-categories/." in other
