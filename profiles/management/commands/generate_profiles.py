import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from profiles import interchange, synthetic
from profiles.management.commands._progress import ProgressBar
from profiles.models import Category, JobProfile


class Command(BaseCommand):
    help = (
        "Create synthetic job profiles (slugs starting 'synthetic-') for load tests and "
        "benchmarks, or delete them with --delete. Real profiles are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="how many profiles to create")
        parser.add_argument("--seed", type=int, default=0, help="the same seed makes the same set")
        parser.add_argument(
            "--delete",
            action="store_true",
            help="delete every synthetic profile and category first",
        )
        parser.add_argument("--no-progress", action="store_true", help="draw no progress bar")

    def handle(self, *args, count, seed, delete, no_progress, **options):
        if count < 0:
            raise CommandError("--count must be 0 or more.")
        if not count and not delete:
            raise CommandError("Give --count N to create profiles, or --delete to remove them.")
        with transaction.atomic():
            if delete:
                deleted, _ = JobProfile.objects.filter(slug__startswith=synthetic.PREFIX).delete()
                Category.objects.filter(slug__startswith=synthetic.PREFIX).delete()
                self.stdout.write(f"Deleted synthetic profiles and their rows ({deleted} rows).")
            if count:
                started = time.monotonic()
                document = synthetic.catalogue(count, seed)
                # Checked as an imported file is: what the benchmark loads is valid content.
                catalogue = interchange.parse_document(
                    document, progress=ProgressBar(self.stderr, "Checking", enabled=not no_progress)
                )
                interchange.write(
                    catalogue,
                    progress=ProgressBar(self.stderr, "Creating", enabled=not no_progress),
                )
                seconds = time.monotonic() - started
                self.stdout.write(
                    f"Created or refreshed {count} synthetic profiles in {seconds:.1f} s."
                )
