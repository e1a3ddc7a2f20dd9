import datetime
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from profiles.models import EntryRoute, JobProfile, Opportunity

CLERK_FILE = settings.BASE_DIR / "fixtures" / "profiles" / "health-records-clerk.json"


def test_the_clerk_has_its_routes_restrictions_and_two_current_opportunities(seed_content):
    clerk = seed_content["health-records-clerk"]
    routes = list(clerk.entry_routes.all())
    assert [route.kind for route in routes] == [
        EntryRoute.Kind.APPRENTICESHIP,
        EntryRoute.Kind.WORK,
    ]
    assert "apprenticeship" in routes[0].text
    assert "GCSEs" in routes[0].requirements
    assert "office work" in routes[1].text
    assert "Disclosure and Barring Service (DBS)" in clerk.restrictions
    current = list(clerk.opportunities.shown())
    assert {o.kind for o in current} == {"apprenticeship", "course"}
    today = timezone.localdate()
    # Seed examples are dated from the day they are loaded, so a new site always shows them.
    assert current[0].closing_date == today + datetime.timedelta(days=45)
    assert current[1].start_date == today + datetime.timedelta(days=75)


def _content_folder(tmp_path, **changes):
    (tmp_path / "profiles").mkdir()
    source = settings.BASE_DIR / "fixtures" / "categories.json"
    (tmp_path / "categories.json").write_text(source.read_text())
    document = json.loads(CLERK_FILE.read_text())
    document["related_careers"] = []
    document.update(changes)
    (tmp_path / "profiles" / "clerk.json").write_text(json.dumps(document))
    return str(tmp_path)


def test_opportunities_may_carry_calendar_dates(db, tmp_path):
    item = {
        "kind": "course",
        "title": "A course",
        "provider": "A college",
        "location": "Online",
        "start_date": "2031-09-01",
        "closing_date": "2031-08-01",
        "url": "https://example.org/",
    }
    call_command("load_content", folder=_content_folder(tmp_path, opportunities=[item]))
    course = Opportunity.objects.get()
    assert course.start_date == datetime.date(2031, 9, 1)
    assert course.closing_date == datetime.date(2031, 8, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "opportunities": [
                    {
                        "kind": "course",
                        "title": "t",
                        "provider": "p",
                        "location": "l",
                        "closes_in_days": 5,
                        "url": "ftp://x",
                    }
                ]
            },
            r"opportunities\[0\]\.url",
        ),
        (
            {
                "opportunities": [
                    {
                        "kind": "course",
                        "title": "t",
                        "provider": "p",
                        "location": "l",
                        "url": "https://example.org/",
                    }
                ]
            },
            "closing date, a start date",
        ),
        (
            {
                "opportunities": [
                    {
                        "kind": "course",
                        "title": "t",
                        "provider": "p",
                        "location": "l",
                        "closing_date": "soon",
                        "url": "https://example.org/",
                    }
                ]
            },
            "soon",
        ),
        ({"entry_routes": [{"kind": "wishing", "text": "t"}]}, r"entry_routes\[0\]\.kind"),
        ({"entry_routes": [{"kind": "work"}]}, "text"),
    ],
)
def test_a_bad_route_or_opportunity_names_the_problem_and_changes_nothing(
    db, tmp_path, changes, message
):
    with pytest.raises(CommandError, match=message):
        call_command("load_content", folder=_content_folder(tmp_path, **changes))
    assert not JobProfile.objects.exists()
    assert not Opportunity.objects.exists()
    assert not EntryRoute.objects.exists()
