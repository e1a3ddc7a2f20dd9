from django.db import migrations


def build(apps, schema_editor):
    from search import index

    index.rebuild(models=index.Models(apps))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgresql_search"), ("profiles", "0001_initial")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop, elidable=False)]
