from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = "Index every published profile from scratch (after bulk imports, or to repair)."

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"Indexed {count} published profiles.")
