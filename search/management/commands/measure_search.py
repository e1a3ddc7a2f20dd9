import json

from django.core.management.base import BaseCommand
from django.db import connection

from search import relevance


class Command(BaseCommand):
    help = (
        "How well search answers the judged queries (fixtures/search/judged_queries.json): "
        "success at 1 and 3 and mean reciprocal rank, for the tuning and held-out sets, on "
        "this database's engine. Run it on a site holding the seed content alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--misses", action="store_true", help="list the tuning queries not answered in 3"
        )

    def handle(self, *args, misses, **options):
        figures = relevance.measure_sets()
        if options["json"]:
            self.stdout.write(_dumps(figures))
            return
        self.stdout.write(table(figures, connection.vendor))
        if misses:
            for query, expected, got in figures["tuning"].misses:
                self.stdout.write(f"{query!r}: wanted {', '.join(expected)}; got {', '.join(got)}")


def _dumps(figures):
    return json.dumps(
        {
            name: {
                "queries": m.queries,
                "success_at_1": m.success_at_1,
                "success_at_3": m.success_at_3,
                "mrr": m.mrr,
            }
            for name, m in figures.items()
        }
    )


def table(figures, engine):
    lines = [
        f"| {engine} | queries | success at 1 | success at 3 | mean reciprocal rank |",
        "|---|---|---|---|---|",
    ]
    for name, m in figures.items():
        lines.append(
            f"| {name} | {m.queries} | {m.success_at_1:.3f} | {m.success_at_3:.3f} | {m.mrr:.3f} |"
        )
    return "\n".join(lines)
