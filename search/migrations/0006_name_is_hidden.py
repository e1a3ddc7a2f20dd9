"""Names gain is_hidden (hidden search titles). On SQLite, Django adds the column by rebuilding
the table, which drops its triggers (see 0002): they are made again, and the names' full-text
index rebuilt from the table."""

import importlib

from django.db import migrations, models

_fts = importlib.import_module("search.migrations.0002_sqlite_fts5")
NAME_TRIGGERS = [sql for sql in _fts.CREATE if "TRIGGER search_name_" in sql]


def restore_name_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in NAME_TRIGGERS:
        schema_editor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    schema_editor.execute("INSERT INTO search_name_fts(search_name_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_postgresql_gin_without_pending_list"),
    ]

    operations = [
        migrations.AddField(
            model_name="name",
            name="is_hidden",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(restore_name_triggers, migrations.RunPython.noop),
    ]
