"""Whole-page caching: served from the cache, expired exactly, on local memory and on Redis."""

import secrets

import pytest
from django.core.cache import caches
from django.test.signals import template_rendered
from django.urls import reverse

from lib import page_cache
from profiles.models import Category, JobProfile
from tests.production.conftest import redis_cache_settings

HOME = "/"


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def cache_backend(request, settings):
    """Run every test here on the default (on-disk, shared) cache and on a real Redis server."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        settings.CACHES = redis_cache_settings(url, f"test-{secrets.token_hex(4)}")
    caches["default"].clear()
    return request.param


def served_from_cache(client, url):
    response = client.get(url)
    return response.get("X-Page-Cache") == "hit"


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert served_from_cache(client, url), url


def test_a_public_page_is_served_from_the_cache_without_a_query(
    client, make_profile, django_assert_num_queries
):
    url = make_profile().get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_an_edit_is_served_at_once(client, make_profile):
    profile = make_profile(summary="Before the edit.")
    warm(client, profile.get_absolute_url())
    profile.summary = "After the edit."
    profile.save()
    response = client.get(profile.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "After the edit." in response.text


def test_unpublishing_and_publishing_are_served_at_once(client, make_profile):
    profile = make_profile()
    url, a_to_z = profile.get_absolute_url(), reverse("profiles:a_to_z")
    warm(client, url, a_to_z)
    profile.status = JobProfile.Status.DRAFT
    profile.save()
    assert client.get(url).status_code == 404
    assert profile.title not in client.get(a_to_z).text
    profile.status = JobProfile.Status.PUBLISHED
    profile.save()
    assert client.get(url).status_code == 200
    assert profile.title in client.get(a_to_z).text


def test_editing_one_profile_keeps_the_others_cached_and_expires_the_lists(client, make_profile):
    edited, other = make_profile(), make_profile()
    a_to_z = reverse("profiles:a_to_z")
    warm(client, edited.get_absolute_url(), other.get_absolute_url(), HOME, a_to_z)
    edited.title = "A renamed job"
    edited.save()
    assert served_from_cache(client, other.get_absolute_url())
    assert not served_from_cache(client, edited.get_absolute_url())
    response = client.get(a_to_z)
    assert response["X-Page-Cache"] == "miss"
    assert "A renamed job" in response.text


def test_editing_a_draft_expires_nothing(client, make_profile):
    published, draft = make_profile(), make_profile(status=JobProfile.Status.DRAFT)
    warm(client, published.get_absolute_url(), HOME)
    draft.summary = "Still a draft."
    draft.save()
    draft.skills.create(text="Invisible")
    assert served_from_cache(client, published.get_absolute_url())
    assert served_from_cache(client, HOME)


def test_changing_a_row_expires_its_profile_page(client, make_profile):
    profile = make_profile()
    warm(client, profile.get_absolute_url())
    skill = profile.skills.create(text="Patience with filing")
    assert "Patience with filing" in client.get(profile.get_absolute_url()).text
    skill.delete()
    assert "Patience with filing" not in client.get(profile.get_absolute_url()).text


def test_renaming_or_unpublishing_a_related_career_updates_pages_linking_to_it(
    client, make_profile
):
    page, related = make_profile(), make_profile(title="Porter")
    page.related_to.create(to_profile=related)
    warm(client, page.get_absolute_url())
    related.title = "Hospital porter"
    related.save()
    assert "Hospital porter" in client.get(page.get_absolute_url()).text
    related.status = JobProfile.Status.DRAFT
    related.save()
    assert "Hospital porter" not in client.get(page.get_absolute_url()).text


def test_deleting_a_profile_updates_pages_linking_to_it(client, make_profile):
    page, related = make_profile(), make_profile(title="Ward clerk")
    page.related_to.create(to_profile=related)
    a_to_z = reverse("profiles:a_to_z")
    warm(client, page.get_absolute_url(), a_to_z)
    related.delete()
    assert "Ward clerk" not in client.get(page.get_absolute_url()).text
    assert "Ward clerk" not in client.get(a_to_z).text


def test_category_changes_expire_the_pages_showing_them(client, make_profile):
    category = Category.objects.create(name="Healthcare", slug="healthcare")
    profile = make_profile()
    category_url = reverse("profiles:category", kwargs={"slug": category.slug})
    categories_url = reverse("profiles:categories")
    warm(client, categories_url, category_url, profile.get_absolute_url())
    profile.categories.add(category)
    assert profile.title in client.get(category_url).text
    category.name = "Health and care"
    category.save()
    assert "Health and care" in client.get(categories_url).text
    assert not served_from_cache(client, profile.get_absolute_url())


def test_a_page_rendered_while_content_changes_is_not_kept(client, make_profile):
    profile = make_profile()
    url = profile.get_absolute_url()

    def change_mid_render(**kwargs):
        # As if an editor's save committed on another instance while this page rendered.
        template_rendered.disconnect(change_mid_render)
        page_cache.expire(page_cache.ALL_CONTENT)

    template_rendered.connect(change_mid_render)
    try:
        assert client.get(url)["X-Page-Cache"] == "miss"
    finally:
        template_rendered.disconnect(change_mid_render)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_public_pages_carry_validators_and_answer_conditional_requests_with_304(
    client, make_profile
):
    profile = make_profile()
    url = profile.get_absolute_url()
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    for headers in ({"if_none_match": etag}, {"if_modified_since": last_modified}):
        response = client.get(url, headers=headers)
        assert response.status_code == 304, headers
        assert response.content == b""
    profile.summary = "Changed since you last looked."
    profile.save()
    response = client.get(url, headers={"if_none_match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_cdns_may_keep_public_pages_for_a_short_while(client, make_profile, settings):
    response = client.get(make_profile().get_absolute_url())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {
        "public",
        f"max-age={settings.BROWSER_CACHE_SECONDS}",
        f"s-maxage={settings.CDN_CACHE_SECONDS}",
    }


def _never_stored(response):
    cache_control = response["Cache-Control"]
    return (
        "private" in cache_control
        and "no-store" in cache_control
        and "public" not in cache_control
        and "X-Page-Cache" not in response
    )


def test_forms_with_a_csrf_token_are_never_cached(client):
    url = reverse("feedback:form")
    first = client.get(url)
    assert b"csrfmiddlewaretoken" in first.content
    assert _never_stored(first)
    assert _never_stored(client.get(url))


def test_the_admin_is_never_cached(client, admin_client):
    assert _never_stored(client.get(reverse("admin:login")))
    assert _never_stored(admin_client.get(reverse("admin:index")))


def test_signed_in_editors_get_fresh_pages_and_never_a_shared_copy(
    admin_client, client, make_profile
):
    url = make_profile().get_absolute_url()
    warm(client, url)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert _never_stored(response)


def test_a_page_with_variants_is_cached_per_variant_and_says_it_varies(client, db, settings):
    settings.PAGE_CACHE_VARIANTS = ["tests.production.test_page_cache.variant_from_cookie"]
    client.cookies["test_variant"] = "b"
    assert client.get(HOME)["X-Page-Cache"] == "miss"
    response = client.get(HOME)
    assert response["X-Page-Cache"] == "hit"
    assert "Cookie" in response["Vary"]
    del client.cookies["test_variant"]
    assert client.get(HOME)["X-Page-Cache"] == "miss"


def variant_from_cookie(request):
    return "b" if request.COOKIES.get("test_variant") == "b" else "a"


def test_pages_are_served_uncached_when_the_cache_is_down(client, make_profile, settings):
    url = make_profile().get_absolute_url()
    # Nothing listens on port 1: every cache call fails quickly.
    settings.CACHES = redis_cache_settings("redis://127.0.0.1:1/0", "down")
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" in response  # rendered, marked public, simply not stored


def test_the_admin_preview_is_never_cached(admin_client, make_profile):
    profile = make_profile(status=JobProfile.Status.DRAFT)
    url = reverse("admin:profiles_jobprofile_preview", args=[profile.pk])
    for _ in range(2):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert _never_stored(response)


def test_junk_query_parameters_are_served_the_canonical_page_not_stored_anew(client, make_profile):
    profile = make_profile()
    url = profile.get_absolute_url()
    warm(client, url)
    stored = _entries()
    for n in range(20):
        response = client.get(f"{url}?x={n}&utm_source=tv")
        assert response["X-Page-Cache"] == "hit", n
    assert _entries() == stored


def _entries():
    """How many keys the default cache holds, whichever backend it is."""
    inner = caches["default"]._cache
    if hasattr(inner, "__len__"):  # local memory's dict, diskcache's FanoutCache
        return len(inner)
    return inner.get_client().dbsize()  # Redis: this test's database alone


def test_the_parameters_a_view_reads_still_choose_the_page(client, make_profile, text_of):
    make_profile(title="Baker", slug="baker")
    make_profile(title="Cook", slug="cook")
    first_b = client.get("/job-profiles/?letter=B")
    assert "Baker" in text_of(first_b)
    c = client.get("/job-profiles/?letter=C&junk=1")
    assert c["X-Page-Cache"] == "miss"
    assert "Cook" in text_of(c) and "Baker" not in text_of(c)
    assert client.get("/job-profiles/?junk=2&letter=C")["X-Page-Cache"] == "hit"
    search = client.get("/search/?q=baker")
    assert client.get("/search/?q=baker&fbclid=abc")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=cook")["X-Page-Cache"] == "miss"
    assert "Baker" in text_of(search)


def test_a_page_served_before_takes_one_read_of_the_cache(client, make_profile, monkeypatch):
    url = make_profile().get_absolute_url()
    warm(client, url)
    reads, shared = [], page_cache.cache

    class CountingReads:
        def __init__(self, cache):
            self.cache = cache

        def __getattr__(self, name):
            if name in ("get", "get_many", "has_key"):
                reads.append(name)
            return getattr(self.cache, name)

    monkeypatch.setattr(page_cache, "cache", lambda: CountingReads(shared()))
    assert served_from_cache(client, url)
    assert reads == ["get_many"], "the page and its tags' versions in one round trip"
