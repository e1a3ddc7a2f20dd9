"""A first entry for the editors' list of figure sources: the survey most UK pay figures cite."""

from django.db import migrations

ASHE = {
    "name": "ONS Annual Survey of Hours and Earnings",
    "url": "https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/earningsandworkinghours",
    # Published each autumn for April of the same year: a year's figures are superseded
    # within the next year.
    "review_every_months": 12,
}


def add_ashe(apps, schema_editor):
    FigureSource = apps.get_model("profiles", "FigureSource")
    FigureSource.objects.get_or_create(name=ASHE["name"], defaults=ASHE)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0013_figure_provenance")]

    operations = [migrations.RunPython(add_ashe, migrations.RunPython.noop)]
