"""Opportunities and the layout's uptake counts, once an app of their own, become profiles'.

The tables keep their names (Meta.db_table), so a site that had the opportunities app keeps
every row; a new site gets the tables here. The content types are relabelled, so the history
django-reversion kept of each opportunity, and the permissions editors were given, follow them.
"""

import json

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

MOVED = ("opportunity", "layoutuptake")
OLD, NEW = "opportunities", "profiles"


def create_missing_tables(apps, schema_editor):
    """A new site never had the opportunities app: make the tables its migration made."""
    existing = set(schema_editor.connection.introspection.table_names())
    for name in MOVED:
        model = apps.get_model(NEW, name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


def relabel(apps, schema_editor, old, new):
    """Move the content types (and with them permissions and history) from one app to another."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    db = schema_editor.connection.alias
    for name in MOVED:
        moving = ContentType.objects.using(db).filter(app_label=old, model=name).first()
        if moving is None:
            continue
        # Made by an earlier migrate of this code before this one ran: nothing points at it yet.
        ContentType.objects.using(db).filter(app_label=new, model=name).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])
        # Each version names its model inside its serialised data too, for deserialising.
        for version in Version.objects.using(db).filter(content_type=moving, format="json"):
            data = json.loads(version.serialized_data)
            for item in data:
                item["model"] = f"{new}.{name}"
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_slugredirect"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LayoutUptake",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("day", models.DateField()),
                        ("switched_to_improved", models.PositiveIntegerField(default=0)),
                        (
                            "switched_back",
                            models.PositiveIntegerField(
                                default=0, verbose_name="switched back to the old version"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "improved layout uptake",
                        "verbose_name_plural": "improved layout uptake",
                        "db_table": "opportunities_layoutuptake",
                        "ordering": ["-day"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("day",), name="opportunities_layoutuptake_one_per_day"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Opportunity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("apprenticeship", "Apprenticeship"),
                                    ("course", "Course"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        (
                            "provider",
                            models.CharField(
                                help_text="The employer, college or training provider.",
                                max_length=200,
                            ),
                        ),
                        (
                            "location",
                            models.CharField(
                                help_text="A town or area, or 'Online'.", max_length=200
                            ),
                        ),
                        (
                            "closing_date",
                            models.DateField(
                                blank=True,
                                help_text="The last day to apply. Hidden from the day after.",
                                null=True,
                            ),
                        ),
                        (
                            "start_date",
                            models.DateField(
                                blank=True,
                                help_text="When it starts. Without a closing date, it is hidden from the day after.",
                                null=True,
                            ),
                        ),
                        (
                            "url",
                            models.URLField(
                                help_text="Where to find out more and apply, starting https://.",
                                max_length=500,
                                validators=[
                                    django.core.validators.URLValidator(schemes=["http", "https"])
                                ],
                                verbose_name="link",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("modified_at", models.DateTimeField(auto_now=True)),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="opportunities",
                                to="profiles.jobprofile",
                                verbose_name="career",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "opportunities",
                        "db_table": "opportunities_opportunity",
                        "ordering": [
                            "kind",
                            models.OrderBy(models.F("closing_date"), nulls_last=True),
                            models.OrderBy(models.F("start_date"), nulls_last=True),
                            "title",
                            "pk",
                        ],
                        "indexes": [
                            models.Index(
                                fields=["profile", "closing_date"], name="opportunities_profile_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("closing_date__isnull", False),
                                    ("start_date__isnull", False),
                                    _connector="OR",
                                ),
                                name="opportunities_opportunity_has_a_date",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("kind__in", ["apprenticeship", "course"])),
                                name="opportunities_opportunity_kind_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("url__startswith", "https://"),
                                    ("url__startswith", "http://"),
                                    _connector="OR",
                                ),
                                name="opportunities_opportunity_web_link",
                            ),
                        ],
                    },
                ),
            ],
        ),
        # Forwards only: going back leaves the tables, as the opportunities app would want them.
        migrations.RunPython(create_missing_tables, migrations.RunPython.noop),
        migrations.RunPython(forwards, backwards),
    ]
