import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from profiles.models import LayoutUptake, Opportunity

DAY = datetime.timedelta(days=1)


@pytest.fixture
def profile(make_profile):
    return make_profile(title="Health records clerk")


def _opportunity(profile, title, **dates):
    return Opportunity.objects.create(
        profile=profile,
        kind=Opportunity.Kind.COURSE,
        title=title,
        provider="A college",
        location="Online",
        url="https://example.org/",
        **dates,
    )


def test_editors_see_which_opportunities_are_shown(admin_client, profile):
    today = timezone.localdate()
    _opportunity(profile, "Still open", closing_date=today)
    _opportunity(profile, "Long closed", closing_date=today - DAY)
    url = reverse("admin:profiles_opportunity_changelist")
    everything = admin_client.get(url).content.decode()
    assert "Still open" in everything and "Long closed" in everything
    expired = admin_client.get(url, {"shown": "expired"}).content.decode()
    assert "Long closed" in expired and "Still open" not in expired
    current = admin_client.get(url, {"shown": "current"}).content.decode()
    assert "Still open" in current and "Long closed" not in current


def test_an_opportunity_without_dates_is_refused_with_a_message(admin_client, profile):
    response = admin_client.post(
        reverse("admin:profiles_opportunity_add"),
        {
            "profile": profile.pk,
            "kind": "apprenticeship",
            "title": "No dates",
            "provider": "An employer",
            "location": "York",
            "url": "https://example.org/",
        },
    )
    assert response.status_code == 200
    assert "Give a closing date, a start date or both." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_an_opportunity_with_a_script_link_is_refused(admin_client, profile):
    response = admin_client.post(
        reverse("admin:profiles_opportunity_add"),
        {
            "profile": profile.pk,
            "kind": "course",
            "title": "Bad link",
            "provider": "A college",
            "location": "Online",
            "start_date": (timezone.localdate() + DAY).isoformat(),
            "url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_editors_add_an_opportunity_and_it_appears_on_the_improved_page(
    admin_client, client, profile
):
    closes = timezone.localdate() + 10 * DAY
    response = admin_client.post(
        reverse("admin:profiles_opportunity_add"),
        {
            "profile": profile.pk,
            "kind": "apprenticeship",
            "title": "Clinical coding apprenticeship",
            "provider": "A hospital",
            "location": "Hull",
            "closing_date": closes.isoformat(),
            "url": "https://example.org/apply",
        },
    )
    assert response.status_code == 302
    client.cookies["profile_layout"] = "improved"
    assert (
        "Clinical coding apprenticeship" in client.get(profile.get_absolute_url()).content.decode()
    )


def test_uptake_counts_are_shown_with_totals_and_cannot_be_edited(admin_client):
    yesterday = timezone.localdate() - DAY
    LayoutUptake.objects.create(day=yesterday, switched_to_improved=1200, switched_back=3)
    LayoutUptake.record(improved=True)
    url = reverse("admin:profiles_layoutuptake_changelist")
    html = admin_client.get(url).content.decode()
    assert (
        "In all, 1,201 switched to the improved version and 3 went back to the old version." in html
    )
    assert reverse("admin:profiles_layoutuptake_add") not in html
    assert admin_client.get(reverse("admin:profiles_layoutuptake_add")).status_code == 403
    row = LayoutUptake.objects.get(day=yesterday)
    change = reverse("admin:profiles_layoutuptake_change", args=[row.pk])
    admin_client.post(change, {"day": yesterday.isoformat(), "switched_to_improved": 0})
    row.refresh_from_db()
    assert row.switched_to_improved == 1200
