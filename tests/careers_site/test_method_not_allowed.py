"""A method a page does not take gets the site's 405 page, with the Allow header."""

import pytest


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/job-profiles/", "GET, HEAD"),
        ("delete", "/explore-careers/", "GET, HEAD"),
        ("get", "/saved-careers/save/", "POST"),
        ("put", "/feedback/", "GET, HEAD, POST"),
    ],
)
def test_a_method_a_page_does_not_take_gets_the_sites_page(
    client, db, text_of, method, path, allowed
):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    text = text_of(response)
    assert "This page cannot do that" in text
    assert "Nothing has been changed." in text


def test_the_api_keeps_its_own_json_405(client, db):
    response = client.post("/api/job-profiles/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
