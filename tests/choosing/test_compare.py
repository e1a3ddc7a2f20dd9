"""Compare: two or three careers side by side in one accessible table."""

import pytest

from profiles.models import JobProfile

URL = "/compare/"
THREE = "?p=health-records-clerk&p=medical-secretary&p=paramedic"


def test_three_careers_side_by_side_in_one_table(client, seeded, text_of):
    response = client.get(URL + THREE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<table") == 1
    assert "<caption" in html
    assert html.count('<th scope="col"') == 3
    text = text_of(response)
    assert "Health records clerk, Medical secretary and Paramedic compared" in text
    for fact in (
        "Starting salary",
        "Experienced salary",
        "Hours a week",
        "Working pattern",
        "Where you could work",
        "Qualification usually needed to start",
        "Ways in",
        "Restrictions and requirements",
        "Skills",
        "Related careers",
    ):
        assert f'<th scope="row" class="govuk-table__header app-compare__fact">{fact}</th>' in html
    paramedic = seeded["paramedic"]
    assert paramedic.summary in text
    assert "A degree" in text
    assert "You could work: " in text


def test_each_column_can_be_removed_by_a_plain_link(client, seeded):
    html = client.get(URL + THREE).content.decode()
    assert 'href="/compare/?p=medical-secretary&amp;p=paramedic"' in html
    assert 'href="/compare/?p=health-records-clerk&amp;p=paramedic"' in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        (
            "?p=health-records-clerk&p=no-such-job",
            404,
            "There is no published job profile at the address “no-such-job”.",
        ),
        (
            "?p=health-records-clerk&p=health-records-clerk",
            400,
            "“health-records-clerk” is in the comparison more than once.",
        ),
        (
            "?p=health-records-clerk&p=medical-secretary&p=paramedic&p=chef",
            400,
            "You can compare up to 3 careers at once.",
        ),
        (
            "?p=health-records-clerk&p=" + "x" * 5000,
            404,
            "There is no published job profile at the address",
        ),
        (
            "?p=%3Cscript%3E&p=chef",
            404,
            "There is no published job profile at the address “&lt;script&gt;”.",
        ),
    ],
)
def test_a_faulty_comparison_says_what_is_wrong_and_never_fails(
    client, seeded, query, status, message
):
    response = client.get(URL + query)
    assert response.status_code == status
    html = response.content.decode()
    assert "There is a problem with this comparison" in html
    assert message in html
    assert "<table" not in html


def test_too_many_offers_the_first_three(client, seeded):
    html = client.get(URL + THREE + "&p=chef").content.decode()
    assert 'href="/compare/?p=health-records-clerk&amp;p=medical-secretary&amp;p=paramedic"' in html


def test_a_draft_is_not_compared(client, seeded):
    JobProfile.objects.filter(slug="paramedic").update(status=JobProfile.Status.DRAFT)
    response = client.get(URL + THREE)
    assert response.status_code == 404
    assert "“paramedic”" in response.content.decode()


def test_one_career_asks_for_another(client, seeded, text_of):
    response = client.get(URL + "?p=chef")
    assert response.status_code == 200
    text = text_of(response)
    assert "Choose 2 or 3 careers" in text
    assert "Chef" in text


def test_add_to_compare_builds_on_the_last_comparison(client, seeded):
    client.get(URL + "?p=chef&p=waiter")
    response = client.post("/compare/add/", {"slug": "barista"})
    assert response.status_code == 302
    assert response["Location"] == "/compare/?p=chef&p=waiter&p=barista"


def test_add_to_compare_from_nothing_starts_a_comparison(client, seeded):
    response = client.post("/compare/add/", {"slug": "chef"})
    assert response["Location"] == "/compare/?p=chef"


def test_add_to_compare_refuses_other_sites_and_unknown_careers(client, seeded):
    assert (
        client.post(
            "/compare/add/", {"slug": "chef"}, headers={"Sec-Fetch-Site": "cross-site"}
        ).status_code
        == 403
    )
    assert client.post("/compare/add/", {"slug": "no-such"}).status_code == 404
    assert client.get("/compare/add/").status_code == 405


def test_the_comparison_is_never_stored_for_everyone(client, seeded):
    response = client.get(URL + THREE)
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_three_careers_cost_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    with django_assert_max_num_queries(8):
        client.get(URL + THREE)


def test_careers_added_one_at_a_time_build_a_comparison(client, seeded):
    for slug in ("chef", "waiter", "barista"):
        location = client.post("/compare/add/", {"slug": slug})["Location"]
        client.get(location)
    assert location == "/compare/?p=chef&p=waiter&p=barista"
    client.get("/compare/?p=chef")  # after removing two
    assert (
        client.post("/compare/add/", {"slug": "waiter"})["Location"] == "/compare/?p=chef&p=waiter"
    )
