import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from profiles import layout
from profiles.models import EntryRoute, JobProfile, LayoutUptake, Opportunity, Skill

CHOOSE = reverse("profiles:choose_layout")
CLERK = reverse("profiles:detail", kwargs={"slug": "health-records-clerk"})
SECRETARY = reverse("profiles:detail", kwargs={"slug": "medical-secretary"})


def choose(client, wanted, next_path=CLERK, **headers):
    return client.post(CHOOSE, {"layout": wanted, "next": next_path}, headers=headers)


def counts():
    return LayoutUptake.objects.totals()


def section_headings(html):
    return re.findall(r'<h2 class="govuk-heading-l" id="[\w-]+">([^<]+)</h2>', html)


def test_original_page_offers_the_improved_version(client, seed_content, text_of):
    response = client.get(CLERK)
    text = text_of(response)
    assert (
        "Beta Try an improved version of this page "
        "More about how to get into this career "
        "We've included current opportunities to help you with your next steps "
        "Try it out "
        "Health records clerks keep people's medical records up to date."
    ) in text
    html = response.content.decode()
    assert f'action="{CHOOSE}"' in html
    assert f'name="next" value="{CLERK}"' in html
    assert 'name="layout" value="improved"' in html
    assert "Current opportunities" not in text
    assert "Go back to the old version" not in text


def test_try_it_out_sets_a_lasting_cookie_and_returns_to_the_page(client, seed_content):
    response = choose(client, "improved")
    assert response.status_code == 303
    assert response["Location"] == CLERK
    cookie = response.cookies[layout.COOKIE]
    assert cookie.value == "improved"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["path"] == "/"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert counts() == {"switched_to_improved": 1, "switched_back": 0}


def test_improved_layout_has_routes_restrictions_and_current_opportunities(
    client, seed_content, text_of
):
    choose(client, "improved")
    response = client.get(CLERK)
    text = text_of(response)
    html = response.content.decode()
    assert "You're using the improved version of this page" in text
    assert "Try an improved version" not in text
    assert section_headings(html) == [
        "1. How to get into this career",
        "2. Skills required",
        "3. What you&#x27;ll do",
        "4. Salary",
        "5. Working hours, patterns and environment",
        "6. Career path and progression",
        "7. Current opportunities",
        "Related careers",
    ]
    assert (
        "You can get into this career through: Apprenticeship Work "
        "Apprenticeship You could get into this job through an apprenticeship. "
        "Entry requirements You'll find it useful to have GCSEs at grades 9 to 4 (A* to C) in "
        "English and maths. "
        "Work Employers value experience of office work, which you could get by temping or "
        "volunteering. You may also be able to get an NHS administrative and clerical work "
        "placement. "
        "Restrictions and requirements You may need to pass background checks through the "
        "Disclosure and Barring Service (DBS)."
    ) in text
    assert 'href="#route-apprenticeship"' in html
    today = timezone.localdate()
    closes = today + datetime.timedelta(days=45)
    starts = today + datetime.timedelta(days=75)
    assert (
        "Apprenticeships Medical records administration apprenticeship (example) "
        "Provider Example NHS Foundation Trust Location Leeds "
        f"Closing date {closes.day} {closes:%B %Y}"
    ) in text
    assert (
        "Courses Health records and information management certificate (example) "
        "Provider Example College Location Online "
        f"Start date {starts.day} {starts:%B %Y}"
    ) in text
    assert 'href="https://www.findapprenticeship.service.gov.uk/"' in html


def test_improved_layout_keeps_everything_else_the_original_shows(client, seed_content, text_of):
    original = text_of(client.get(CLERK))
    choose(client, "improved")
    improved = text_of(client.get(CLERK))
    for words in [
        "Medical records clerk",
        "Salary: £15,000 to £28,250 average per year",
        "Hours: 35 to 45 per week",
        "You'll need: excellent communication skills",
        "collecting statistics like admission numbers, discharges and waiting lists",
        "Experienced: up to £28,250 (assistant manager)",
        "You'll normally work 9am to 5pm",
        "With qualifications and experience you could become a medical secretary",
        "You may be interested in: Medical secretary Health records manager",
        "Last updated: 11 September 2018",
    ]:
        assert words in original
        assert words in improved


def test_the_choice_sticks_on_other_profiles(client, seed_content, text_of):
    choose(client, "improved")
    text = text_of(client.get(SECRETARY))
    assert "You're using the improved version of this page" in text
    # A profile without routes keeps its entry requirements text under the new heading.
    assert "1. How to get into this career" in text
    assert seed_content["medical-secretary"].entry_requirements.split("\n")[0][:40] in text
    assert "There are no apprenticeships or courses open for this career at the moment." in text


def test_go_back_to_the_old_version_clears_the_cookie_and_is_counted(client, seed_content, text_of):
    choose(client, "improved")
    response = choose(client, "original", next_path=SECRETARY)
    assert response.status_code == 303
    assert response["Location"] == SECRETARY
    assert response.cookies[layout.COOKIE].value == ""
    assert response.cookies[layout.COOKIE]["max-age"] == 0
    text = text_of(client.get(SECRETARY))
    assert "Try an improved version of this page" in text
    assert "Current opportunities" not in text
    assert counts() == {"switched_to_improved": 1, "switched_back": 1}


def test_choosing_the_layout_already_in_use_counts_nothing(client, seed_content):
    choose(client, "original")
    choose(client, "improved")
    choose(client, "improved")
    assert counts() == {"switched_to_improved": 1, "switched_back": 0}


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "job-profiles/health-records-clerk/",
        "/\t/evil.example/",
        "",
    ],
)
def test_only_same_site_paths_are_followed_back(client, seed_content, next_path):
    response = choose(client, "improved", next_path=next_path)
    assert response.status_code == 303
    assert response["Location"] == reverse("profiles:home")


def test_following_the_address_changes_nothing(client, seed_content):
    response = client.get(CHOOSE, {"layout": "improved", "next": CLERK})
    assert response.status_code == 302
    assert response["Location"] == CLERK
    assert layout.COOKIE not in response.cookies
    assert counts() == {"switched_to_improved": 0, "switched_back": 0}
    assert client.get(CHOOSE, {"next": "https://evil.example/"})["Location"] == "/"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_another_site_cannot_switch_a_visitors_layout(client, seed_content, headers, text_of):
    response = choose(client, "improved", **headers)
    assert response.status_code == 403
    assert "We're building a new service" in text_of(response)  # the site's own layout
    assert layout.COOKIE not in response.cookies
    assert counts() == {"switched_to_improved": 0, "switched_back": 0}


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {"Referer": f"http://testserver{CLERK}"},
    ],
)
def test_this_site_can_switch_the_layout(client, seed_content, headers):
    assert choose(client, "improved", **headers).status_code == 303


def test_an_origin_in_csrf_trusted_origins_can_switch_the_layout(client, seed_content, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://careers.example"]
    assert choose(client, "improved", Origin="https://careers.example").status_code == 303


@pytest.mark.parametrize("wanted", ["fancy", ""])
def test_an_unknown_layout_is_a_bad_request_and_changes_nothing(
    client, seed_content, wanted, text_of
):
    response = choose(client, wanted)
    assert response.status_code == 400
    assert "Sorry, we could not understand that request" in text_of(response)
    assert layout.COOKIE not in response.cookies
    assert counts() == {"switched_to_improved": 0, "switched_back": 0}


def test_an_unknown_cookie_value_means_the_original_layout(client, seed_content, text_of):
    client.cookies[layout.COOKIE] = "<script>"
    text = text_of(client.get(CLERK))
    assert "Try an improved version of this page" in text


def test_expired_opportunities_are_hidden(client, make_profile, text_of):
    profile = make_profile()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    def add(title, **dates):
        Opportunity.objects.create(
            profile=profile,
            kind=Opportunity.Kind.COURSE,
            title=title,
            provider="A college",
            location="Online",
            url="https://example.org/",
            **dates,
        )

    add("Closes today", closing_date=today)
    add("Closed yesterday", closing_date=today - day)
    add("Starts today", start_date=today)
    add("Started yesterday", start_date=today - day)
    add("Started but still open", start_date=today - day, closing_date=today + day)
    client.cookies[layout.COOKIE] = layout.IMPROVED
    text = text_of(client.get(profile.get_absolute_url()))
    for shown in ["Closes today", "Starts today", "Started but still open"]:
        assert shown in text
    for hidden in ["Closed yesterday", "Started yesterday"]:
        assert hidden not in text


def test_routes_text_is_sanitised(client, make_profile):
    profile = make_profile(restrictions="<script>alert(1)</script>")
    EntryRoute.objects.create(
        profile=profile,
        kind=EntryRoute.Kind.COLLEGE,
        text="[x](javascript:alert(1))",
        requirements='<img src=x onerror="alert(1)">',
    )
    client.cookies[layout.COOKIE] = layout.IMPROVED
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "<img" not in html


def _queries_for(client, profile):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(profile.get_absolute_url()).status_code == 200
    return len(queries)


def _add_rows(profile, n):
    Skill.objects.bulk_create(Skill(profile=profile, text=f"skill {i}") for i in range(n))
    taken = set(profile.entry_routes.values_list("kind", flat=True))
    kinds = [kind for kind in EntryRoute.Kind if kind not in taken][:n]
    EntryRoute.objects.bulk_create(
        EntryRoute(profile=profile, kind=kind, text="Text.", position=i)
        for i, kind in enumerate(kinds)
    )
    Opportunity.objects.bulk_create(
        Opportunity(
            profile=profile,
            kind=Opportunity.Kind.APPRENTICESHIP,
            title=f"Opportunity {i}",
            provider="P",
            location="L",
            closing_date=timezone.localdate(),
            url="https://example.org/",
        )
        for i in range(n)
    )


def test_query_counts_are_pinned_for_both_layouts(client, make_profile):
    profile = make_profile()
    profile.related_to.create(to_profile=make_profile())
    _add_rows(profile, 1)
    # The original layout does not fetch routes or opportunities: the profile, then alternative
    # titles, skills, tasks, working times, workplaces, related careers and page history.
    assert _queries_for(client, profile) == 8
    client.cookies[layout.COOKIE] = layout.IMPROVED
    # The improved layout adds one query for entry routes and one for current opportunities.
    assert _queries_for(client, profile) == 10
    _add_rows(profile, 6)
    assert profile.entry_routes.count() == 7
    assert _queries_for(client, profile) == 10


def test_draft_profiles_are_404_in_either_layout(client, make_profile):
    draft = make_profile(status=JobProfile.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.cookies[layout.COOKIE] = layout.IMPROVED
    assert client.get(draft.get_absolute_url()).status_code == 404


# Caching. Both layouts share one URL, and the site caches whole public pages (careers_site/
# page_cache.py), so these tests warm the cache from one visitor and read it as another. Every
# test starts with empty caches (tests/conftest.py).


def _looks_original(text):
    return "Try an improved version of this page" in text and "Current opportunities" not in text


def _looks_improved(text):
    return "Go back to the old version" in text and "7. Current opportunities" in text


def test_a_cached_improved_page_is_never_served_to_a_visitor_who_did_not_choose_it(
    seed_content, text_of
):
    chooser, other = Client(), Client()
    choose(chooser, "improved")
    for _ in range(3):
        response = chooser.get(CLERK)
        assert _looks_improved(text_of(response))
        # Kept out of every shared cache, and marked as varying by cookie for the browser's own.
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    for _ in range(3):
        response = other.get(CLERK)
        assert response.status_code == 200
        assert _looks_original(text_of(response))
    # The page cache is really on: the visitor's second and third views were served from it.
    assert response["X-Page-Cache"] == "hit"
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_cached_original_page_does_not_undo_a_visitors_choice(seed_content, text_of):
    other = Client()
    other.get(CLERK)
    assert other.get(CLERK)["X-Page-Cache"] == "hit"
    chooser = Client()
    choose(chooser, "improved")
    assert _looks_improved(text_of(chooser.get(CLERK)))
    choose(chooser, "original")
    assert _looks_original(text_of(chooser.get(CLERK)))


@override_settings(CACHE_MIDDLEWARE_SECONDS=300, CACHE_MIDDLEWARE_KEY_PREFIX="shared-cache-test")
def test_a_shared_cache_in_front_of_the_site_never_stores_the_improved_page(seed_content, text_of):
    # Django's own cache middleware, outermost, stands in for a CDN or proxy cache that honours
    # Cache-Control and Vary: it stores what the site's final headers allow it to.
    middleware = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    with override_settings(MIDDLEWARE=middleware):
        chooser, other = Client(), Client()
        choose(chooser, "improved")
        assert _looks_improved(text_of(chooser.get(CLERK)))
        assert _looks_improved(text_of(chooser.get(CLERK)))
        assert _looks_original(text_of(other.get(CLERK)))
        assert _looks_original(text_of(other.get(CLERK)))


def test_only_the_profile_page_varies_by_layout():
    factory = RequestFactory()
    with_cookie = {layout.COOKIE: layout.IMPROVED}
    assert layout.page_cache_variant(factory.get(CLERK)) == "original"
    improved = factory.get(CLERK)
    improved.COOKIES = with_cookie
    assert layout.page_cache_variant(improved) == "improved"
    # Whatever the cookie holds, only the two fixed names reach the cache key.
    junk = factory.get(CLERK)
    junk.COOKIES = {layout.COOKIE: "x" * 500}
    assert layout.page_cache_variant(junk) == "original"
    for path in [reverse("profiles:home"), CHOOSE, "/no-such-page/"]:
        request = factory.get(path)
        request.COOKIES = with_cookie
        assert layout.page_cache_variant(request) is None
