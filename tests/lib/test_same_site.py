import pytest

from lib.same_site import PATH_MAX_LENGTH, is_cross_site, local_path


@pytest.mark.parametrize(
    "value",
    ["/", "/job-profiles/nurse/", "/search/?q=nurse&page=2", "/caf%C3%A9/", "/job-profiles/#pay"],
)
def test_local_paths_are_kept(value):
    assert local_path(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        "job-profiles/",
        "https://evil.example/",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/a b",
        "/\u202e",
        "javascript:alert(1)",
        "/" + "x" * 500,
    ],
)
def test_anything_else_is_dropped(value):
    assert local_path(value, max_length=500) == ""


def test_a_path_up_to_the_limit_is_kept():
    assert local_path("/" + "x" * 499, max_length=500) == "/" + "x" * 499
    assert local_path("/" + "x" * (PATH_MAX_LENGTH - 1)) == "/" + "x" * (PATH_MAX_LENGTH - 1)
    assert local_path("/" + "x" * PATH_MAX_LENGTH) == ""


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Referer": "https://evil.example/page"},
        {"Referer": "https://testserver/page"},
        {"Referer": "not an address"},
    ],
)
def test_a_request_from_another_site_is_cross_site(rf, headers):
    assert is_cross_site(rf.post("/", headers=headers))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://testserver"},
        {"Origin": "HTTP://TESTSERVER"},
        {"Referer": "http://testserver/job-profiles/nurse/"},
    ],
)
def test_a_request_from_this_site_is_not(rf, headers):
    assert not is_cross_site(rf.post("/", headers=headers))


def test_an_origin_in_csrf_trusted_origins_counts_as_this_site(rf, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://careers.example"]
    assert not is_cross_site(rf.post("/", headers={"Origin": "https://careers.example"}))
    assert not is_cross_site(rf.post("/", headers={"Referer": "https://careers.example/a/"}))
