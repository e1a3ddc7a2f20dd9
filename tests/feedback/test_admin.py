import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback

CHANGELIST = reverse("admin:feedback_feedback_changelist")
BY_PAGE = reverse("admin:feedback_feedback_by_page")
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_list_shows_page_kind_message_preview_and_date(admin_client, make_feedback):
    make_feedback(page="/job-profiles/x/", message="Salary is wrong. " + "more " * 40)
    html = admin_client.get(CHANGELIST).content.decode()
    for column in ["received", "kind", "page", "message", "status", "topic"]:
        assert f">{column.capitalize()}<" in html or f">{column}<" in html.lower()
    assert "/job-profiles/x/" in html
    assert "Problem with a page" in html
    assert "Salary is wrong. more more" in html and "…" in html


def test_the_list_can_be_filtered_and_searched(admin_client, make_feedback):
    make_feedback(page="/a/", message="about salaries")
    make_feedback(page="/b/", message="about hours", status=Feedback.Status.RESOLVED)
    make_feedback(page="/b/", kind=Feedback.Kind.USEFUL, message="")
    html = admin_client.get(CHANGELIST).content.decode()
    for title in ["By kind", "By page", "By received", "By status", "By topic"]:
        assert title in html

    def shown(**params):
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {f.pk for f in response.context["cl"].result_list}

    by_message = {f.message: f.pk for f in Feedback.objects.all()}
    assert shown(q="salaries") == {by_message["about salaries"]}
    assert shown(page="/b/") == {by_message["about hours"], by_message[""]}
    assert shown(kind__exact="useful") == {by_message[""]}
    assert shown(status__exact="resolved") == {by_message["about hours"]}


def test_visitor_text_is_never_html_in_the_admin(admin_client, make_feedback):
    feedback = make_feedback(page="/x/", message=SCRIPT, doing=SCRIPT)
    pages = [
        admin_client.get(CHANGELIST),
        admin_client.get(reverse("admin:feedback_feedback_change", args=[feedback.pk])),
        admin_client.get(BY_PAGE),
    ]
    for response in pages:
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;" in pages[0].content.decode()
    assert "&lt;script&gt;" in pages[1].content.decode()


def test_visitor_text_is_read_only_and_triage_is_editable(admin_client, make_feedback):
    feedback = make_feedback(message="Original")
    url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
    triage = {"status": "wont_fix", "topic": "idea", "note": "Out of scope for a careers site."}
    response = admin_client.post(url, {"message": "Changed", **triage})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.message == "Original"
    assert (feedback.status, feedback.topic, feedback.note) == tuple(triage.values())
    assert feedback.resolved_at is not None


def test_editors_cannot_add_feedback(admin_client):
    assert admin_client.get(reverse("admin:feedback_feedback_add")).status_code == 403


def test_mark_resolved_action(admin_client, make_feedback):
    first, second, other = make_feedback(), make_feedback(), make_feedback()
    response = admin_client.post(
        CHANGELIST,
        {"action": "mark_resolved", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Marked 2 as resolved." in response.content.decode()
    resolved = Feedback.objects.filter(status="resolved", resolved_at__isnull=False)
    assert set(resolved.values_list("pk", flat=True)) == {first.pk, second.pk}
    other.refresh_from_db()
    assert other.status == Feedback.Status.NEW


def test_export_csv_cannot_smuggle_spreadsheet_formulas(admin_client, make_feedback):
    attacks = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]
    for text in attacks:
        make_feedback(message=text, doing="=1+1")
    make_feedback(message="Plain words, with a comma", page="/a/")
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "_selected_action": list(Feedback.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="feedback-')
    header, *rows = csv_rows(response)
    assert header == [
        "received",
        "kind",
        "page",
        "message",
        "what they were doing",
        "status",
        "topic",
        "internal note",
    ]
    messages = [row[3] for row in rows]
    assert messages[:5] == ["'" + text for text in attacks]
    assert messages[5] == "Plain words, with a comma"
    assert {row[4] for row in rows[:5]} == {"'=1+1"}
    assert rows[5][1:3] == ["Problem with a page", "/a/"]
    for row in rows:
        for cell in row[2:5]:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_feedback_by_page_is_worst_first_with_counts_and_a_chart(
    admin_client, make_feedback, make_profile, django_assert_num_queries
):
    profile = make_profile(slug="nurse", title="Nurse")
    answers = {"/job-profiles/nurse/": (1, 3), "/": (3, 1), "/search/": (2, 2)}
    for page, (yes, no) in answers.items():
        for _ in range(yes):
            make_feedback(page=page, kind=Feedback.Kind.USEFUL, message="")
        for _ in range(no):
            make_feedback(page=page, kind=Feedback.Kind.NOT_USEFUL, message="")
    make_feedback(page="/job-profiles/nurse/", message="Wrong salary")
    make_feedback(page="/only-messages/", message="Typo")

    with django_assert_num_queries(4):  # session, user, the summary, the profiles' ids
        response = admin_client.get(BY_PAGE)
    summaries = response.context["summaries"]
    assert [s.page for s in summaries] == [
        "/job-profiles/nurse/",
        "/search/",
        "/",
        "/only-messages/",
    ]
    nurse = summaries[0]
    assert (nurse.yes, nurse.no, nurse.messages, nurse.unresolved) == (1, 3, 1, 1)
    assert nurse.useful_percent == 25

    html = response.content.decode()
    edit = reverse("admin:profiles_jobprofile_change", args=[profile.pk])
    assert html.count(f'href="{edit}"') == 1
    assert 'role="img" aria-label="25% yes, 75% no"' in html
    assert '<rect x="0" y="0" width="25" height="10"' in html
    assert "25% of 4" in html
    assert "No answers yet" in html
    assert f'href="{CHANGELIST}?page=%2Fjob-profiles%2Fnurse%2F"' in html


def test_feedback_by_page_counts_open_and_resolved_items_and_the_time_to_resolve(
    admin_client, make_feedback, make_profile
):
    from profiles.models import ReviewStep

    profile = make_profile(slug="nurse", title="Nurse")
    change = ReviewStep.objects.create(
        profile=profile,
        action=ReviewStep.Action.PUBLISHED,
        public_summary="Pay figures updated to 2024 data",
    )
    received = timezone.now() - timedelta(days=10)
    page = "/job-profiles/nurse/"
    make_feedback(page=page, message="Open one")
    make_feedback(page=page, message="Open two", status=Feedback.Status.IN_PROGRESS)
    for days, resolved_by in [(2, change), (4, None)]:
        make_feedback(
            page=page,
            message="Acted on",
            created=received,
            status=Feedback.Status.RESOLVED,
            resolved_at=received + timedelta(days=days),
            resolved_by=resolved_by,
        )
    make_feedback(page=page, message="Not for us", status=Feedback.Status.WONT_FIX)
    make_feedback(
        page="/",
        message="Quick fix",
        created=received,
        status=Feedback.Status.RESOLVED,
        resolved_at=received + timedelta(hours=3),
    )

    response = admin_client.get(BY_PAGE)
    rows = {row.page: row for row in response.context["summaries"]}
    nurse = rows[page]
    assert (nurse.messages, nurse.unresolved, nurse.resolved, nurse.resolved_by_change) == (
        5,
        2,
        2,
        1,
    )
    assert nurse.time_to_resolve == timedelta(days=3)
    assert nurse.time_to_resolve_words == "3 days"
    assert rows["/"].time_to_resolve_words == "3 hours"
    html = response.content.decode()
    assert 'role="img" aria-label="2 open, 2 resolved"' in html
    assert "50% resolved" in html
    assert "<td>2 (1)</td>" in html


def test_the_change_list_links_to_feedback_by_page(admin_client):
    assert f'href="{BY_PAGE}"' in admin_client.get(CHANGELIST).content.decode()


@pytest.fixture
def staff(db):
    return User.objects.create_user("editor", password="pw", is_staff=True)


def test_feedback_by_page_needs_permission_to_view_feedback(client, staff):
    client.force_login(staff)
    assert client.get(BY_PAGE).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    assert client.get(BY_PAGE).status_code == 200


def test_an_editor_who_can_only_view_cannot_mark_resolved(client, staff, make_feedback):
    staff.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    client.force_login(staff)
    feedback = make_feedback()
    client.post(CHANGELIST, {"action": "mark_resolved", "_selected_action": [feedback.pk]})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.NEW


def test_dates_filter_by_received(admin_client, make_feedback):
    old = make_feedback(message="old")
    Feedback.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=40))
    new = make_feedback(message="new")
    since = (timezone.now() - timedelta(days=7)).isoformat()
    response = admin_client.get(CHANGELIST, {"created__gte": since})
    assert {f.pk for f in response.context["cl"].result_list} == {new.pk}


def test_in_progress_and_wont_fix_actions(admin_client, make_feedback):
    first, second = make_feedback(), make_feedback()
    for action, item, status in (
        ("mark_in_progress", first, "in_progress"),
        ("mark_wont_fix", second, "wont_fix"),
    ):
        admin_client.post(CHANGELIST, {"action": action, "_selected_action": [item.pk]})
        item.refresh_from_db()
        assert item.status == status
    assert first.resolved_at is None and second.resolved_at is not None
