"""What visitors searched for: counted a day, words only, nothing rare kept."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from search import counting
from search.models import SearchCount

SEARCH = reverse("search:results")
REPORT = reverse("admin:search_searchcount_changelist")


@pytest.fixture(autouse=True)
def _fresh_counts(db):
    cache.clear()
    counting.flush()  # nothing left over from another test
    SearchCount.objects.all().delete()
    yield
    counting.flush()


def _search(client, query, times=1, **params):
    for _ in range(times):
        assert client.get(SEARCH, {"q": query, **params}).status_code == 200


def test_a_term_searched_three_times_in_a_day_is_kept_with_what_it_found(client, seed):
    _search(client, "Xylophone   TUNER", times=3)
    _search(client, "plumber", times=4)
    counting.flush()
    kept = {row.term: (row.searches, row.results) for row in SearchCount.objects.all()}
    assert kept["xylophone tuner"] == (3, 0)
    assert kept["plumber"][0] == 4 and kept["plumber"][1] >= 1
    assert {row.day for row in SearchCount.objects.all()} == {timezone.localdate()}


def test_a_term_searched_fewer_than_three_times_is_never_written(client, seed):
    _search(client, "my neighbour's name", times=2)
    counting.flush()
    assert not SearchCount.objects.exists()
    _search(client, "my neighbour's name")  # the third, in a later batch, is kept
    counting.flush()
    assert SearchCount.objects.get().searches == 3


def test_counts_go_on_adding_once_kept(client, seed):
    _search(client, "roofer", times=3)
    counting.flush()
    _search(client, "roofer", times=2)
    counting.flush()
    assert SearchCount.objects.get(term="roofer").searches == 5


def test_a_search_answered_from_the_page_cache_still_counts(client, seed, settings):
    settings.PAGE_CACHE_SECONDS = 300
    for _ in range(3):
        response = client.get(SEARCH, {"q": "bricklayer"})
    assert response["X-Page-Cache"] == "hit"
    counting.flush()
    assert SearchCount.objects.get(term="bricklayer").searches == 3


def test_later_pages_of_one_search_are_not_more_searches(client, seed):
    _search(client, "assistant", times=3)
    _search(client, "assistant", times=3, page=2)
    counting.flush()
    assert SearchCount.objects.get(term="assistant").searches == 3


def test_no_search_writes_to_the_counts_itself(client, seed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(SEARCH, {"q": "nurse"})
    counting.flush()
    with CaptureQueriesContext(connection) as captured:
        client.get(SEARCH, {"q": "nurse"})
    assert not [q for q in captured if "search_searchcount" in q["sql"]]


def test_the_report_lists_what_found_nothing_and_leaves_out_what_was_searched_once(
    admin_client, seed
):
    _search(admin_client, "underwater welder", times=3)
    _search(admin_client, "once only query", times=1)
    _search(admin_client, "nurse", times=3)
    counting.flush()
    response = admin_client.get(REPORT)
    report = response.context["report"]
    assert [row["term"] for row in report["nothing"]] == ["underwater welder"]
    assert {row["term"] for row in report["top"]} == {"underwater welder", "nurse"}
    text = response.content.decode()
    assert "underwater welder" in text and "once only query" not in text
    assert text.count("<rect ") == 60


def test_old_counts_go_with_old_feedback(db, capsys):
    today = timezone.localdate()
    SearchCount.objects.create(day=today - datetime.timedelta(days=400), term="old", searches=5)
    SearchCount.objects.create(day=today, term="new", searches=5)
    call_command("delete_old_feedback", "--days", "365")
    assert list(SearchCount.objects.values_list("term", flat=True)) == ["new"]
    assert "Deleted 1 search term counts over 365 days old." in capsys.readouterr().out


def test_without_the_cache_searching_goes_on_and_nothing_is_counted(client, seed, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    _search(client, "chef", times=3)
    counting.flush()
    assert not SearchCount.objects.exists()
