"""Opportunities were an app of their own: moving them into profiles keeps rows and history."""

import datetime
import json

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Version

from editors.roles import GROUP_NAME
from profiles.models import LayoutUptake, Opportunity

BEFORE_THE_MOVE = ("profiles", "0003_slugredirect")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes() if target is None else [target])
    ContentType.objects.clear_cache()


@pytest.fixture
def site_with_opportunities(make_profile):
    """A site as the opportunities app left it: rows, their history, editors' permissions."""
    profile = make_profile()
    opportunity = Opportunity.objects.create(
        profile=profile,
        kind=Opportunity.Kind.COURSE,
        title="Records course",
        provider="A college",
        location="Leeds",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        url="https://example.org/course",
    )
    with reversion.create_revision():
        reversion.add_to_revision(opportunity)
    LayoutUptake.record(improved=True)
    editors, _ = Group.objects.get_or_create(name=GROUP_NAME)
    editors.permissions.add(*Permission.objects.filter(codename__endswith="_opportunity"))
    _migrate(BEFORE_THE_MOVE)
    yield opportunity
    _migrate(None)


@pytest.mark.django_db(transaction=True)
def test_before_the_move_the_rows_belonged_to_the_opportunities_app(site_with_opportunities):
    labels = set(
        ContentType.objects.filter(model__in=["opportunity", "layoutuptake"]).values_list(
            "app_label", flat=True
        )
    )
    assert labels == {"opportunities"}
    version = Version.objects.get(object_id=str(site_with_opportunities.pk))
    assert json.loads(version.serialized_data)[0]["model"] == "opportunities.opportunity"
    editors = Group.objects.get(name=GROUP_NAME)
    moved = editors.permissions.filter(codename__endswith="_opportunity")
    assert {p.content_type.app_label for p in moved} == {"opportunities"}


@pytest.mark.django_db(transaction=True)
def test_moving_keeps_every_row_its_history_and_editors_permissions(site_with_opportunities):
    _migrate(None)

    opportunity = Opportunity.objects.get(pk=site_with_opportunities.pk)
    assert opportunity.title == "Records course"
    assert LayoutUptake.objects.totals()["switched_to_improved"] == 1
    assert not ContentType.objects.filter(app_label="opportunities").exists()

    # The history still restores: change the row, then go back to the version kept of it.
    version = Version.objects.get_for_object(opportunity).get()
    assert version.field_dict["title"] == "Records course"
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Changed since")
    version.revision.revert()
    opportunity.refresh_from_db()
    assert opportunity.title == "Records course"

    editors = Group.objects.get(name=GROUP_NAME)
    moved = Permission.objects.filter(
        content_type__app_label="profiles", codename__endswith="_opportunity"
    )
    assert set(moved.values_list("codename", flat=True)) <= set(
        editors.permissions.values_list("codename", flat=True)
    )
    assert moved.count() == 4
