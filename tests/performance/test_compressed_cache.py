"""Cached pages keep a compressed copy, so a hit costs no compression (lib/page_cache.py)."""

import gzip

import pytest


@pytest.fixture
def url(make_profile):
    return make_profile().get_absolute_url()


def test_a_hit_is_sent_compressed_as_the_first_answer_was(client, url):
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    hit = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (first["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit["Content-Encoding"] == first["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == gzip.decompress(first.content)
    assert int(hit["Content-Length"]) == len(hit.content)
    assert "Accept-Encoding" in hit["Vary"]
    # Weak, as GZipMiddleware makes it: the bytes differ from the uncompressed page's.
    assert hit["ETag"] == first["ETag"]
    assert hit["ETag"].startswith('W/"')


def test_a_hit_is_sent_plain_to_a_client_that_cannot_decompress(client, url):
    first = client.get(url)
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert not hit.has_header("Content-Encoding")
    assert hit.content == first.content
    assert int(hit["Content-Length"]) == len(hit.content)


def test_a_compressed_hit_answers_a_conditional_request_with_304(client, url):
    etag = client.get(url, HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_a_head_request_on_a_hit_gets_headers_alone(client, url):
    page = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    head = client.head(url, HTTP_ACCEPT_ENCODING="gzip")
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["ETag"].removeprefix("W/") == page["ETag"].removeprefix("W/")
    # The headers a GET from the cache gets: the compressed page's encoding and length.
    hit = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert (head["Content-Encoding"], head["Content-Length"], head["ETag"]) == (
        hit["Content-Encoding"],
        hit["Content-Length"],
        hit["ETag"],
    )


def test_a_stored_page_is_kept_once_compressed_not_twice(client, url, rf):
    from lib import page_cache

    page = client.get(url)
    entry = page_cache.cache().get(page_cache._key(rf.get(url), "original"))
    assert entry is not None, "the page was not stored under the key the middleware uses"
    assert "content" not in entry
    assert gzip.decompress(entry["gzip"]) == page.content
