import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from profiles.models import LayoutUptake, Opportunity

DAY = datetime.timedelta(days=1)


@pytest.fixture
def profile(make_profile):
    return make_profile()


@pytest.fixture
def opportunity(profile):
    def make(**fields):
        values = {
            "profile": profile,
            "kind": Opportunity.Kind.APPRENTICESHIP,
            "title": "An apprenticeship",
            "provider": "An employer",
            "location": "York",
            "url": "https://example.org/apply",
        }
        values.update(fields)
        return Opportunity.objects.create(**values)

    return make


def test_current_hides_closed_and_started_opportunities(opportunity):
    today = timezone.localdate()
    shown = {
        opportunity(title="closes today", closing_date=today).pk,
        opportunity(title="starts today", start_date=today).pk,
        opportunity(title="started, still open", start_date=today - DAY, closing_date=today).pk,
        opportunity(title="closes next year", closing_date=today + 365 * DAY).pk,
    }
    opportunity(title="closed yesterday", closing_date=today - DAY)
    opportunity(title="started yesterday", start_date=today - DAY)
    opportunity(title="closed, starts later", closing_date=today - DAY, start_date=today + DAY)
    assert set(Opportunity.objects.shown().values_list("pk", flat=True)) == shown
    for each in Opportunity.objects.all():
        assert each.is_shown() == (each.pk in shown), each.title


def test_current_takes_the_day_to_judge_by(opportunity):
    today = timezone.localdate()
    opportunity(closing_date=today)
    assert Opportunity.objects.shown(today + DAY).count() == 0
    assert Opportunity.objects.shown(today - DAY).count() == 1


def test_an_opportunity_needs_a_closing_or_start_date(opportunity, profile):
    with pytest.raises(ValidationError, match="closing date, a start date"):
        Opportunity(
            profile=profile,
            kind="course",
            title="t",
            provider="p",
            location="l",
            url="https://example.org/",
        ).full_clean()
    with pytest.raises(IntegrityError):
        opportunity()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "example.org"])
def test_an_opportunity_links_only_to_the_web(opportunity, profile, url):
    candidate = Opportunity(
        profile=profile,
        kind="course",
        title="t",
        provider="p",
        location="l",
        start_date=timezone.localdate(),
        url=url,
    )
    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(IntegrityError):
        opportunity(start_date=timezone.localdate(), url=url)


def test_an_opportunity_kind_is_checked_by_the_database(opportunity):
    with pytest.raises(IntegrityError):
        opportunity(kind="job", start_date=timezone.localdate())


def test_opportunities_list_apprenticeships_first_then_soonest_deadline(opportunity):
    today = timezone.localdate()
    opportunity(title="course", kind="course", closing_date=today)
    opportunity(title="later", closing_date=today + 9 * DAY)
    opportunity(title="start only", start_date=today + DAY)
    opportunity(title="sooner", closing_date=today + DAY)
    titles = [o.title for o in Opportunity.objects.all()]
    assert titles == ["sooner", "later", "start only", "course"]


def test_uptake_counts_each_switch_on_todays_row(db):
    LayoutUptake.record(improved=True)
    LayoutUptake.record(improved=True)
    LayoutUptake.record(improved=False)
    row = LayoutUptake.objects.get()
    assert row.day == timezone.localdate()
    assert (row.switched_to_improved, row.switched_back) == (2, 1)


def test_uptake_adds_one_in_the_database_in_a_single_query(db, django_assert_num_queries):
    LayoutUptake.record(improved=True)
    stale = LayoutUptake.objects.get()
    # One UPDATE … SET switched_to_improved = switched_to_improved + 1: nothing is read first,
    # so switches recorded at the same moment by other processes are never lost.
    with django_assert_num_queries(1) as queries:
        LayoutUptake.record(improved=True)
    assert '"switched_to_improved" + 1' in queries.captured_queries[0]["sql"]
    stale.refresh_from_db()
    assert stale.switched_to_improved == 2


def test_uptake_totals_add_up_every_day(db):
    yesterday = timezone.localdate() - DAY
    LayoutUptake.objects.create(day=yesterday, switched_to_improved=5, switched_back=2)
    LayoutUptake.record(improved=True)
    assert LayoutUptake.objects.totals() == {"switched_to_improved": 6, "switched_back": 2}


def test_uptake_totals_are_zero_before_anyone_switches(db):
    assert LayoutUptake.objects.totals() == {"switched_to_improved": 0, "switched_back": 0}


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database is SQLite in memory, which other threads' connections cannot share",
)
def test_simultaneous_switches_are_all_counted(transactional_db):
    def switch_many():
        try:
            for _ in range(25):
                LayoutUptake.record(improved=True)
        finally:
            connection.close()

    threads = [threading.Thread(target=switch_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert LayoutUptake.objects.totals()["switched_to_improved"] == 200
