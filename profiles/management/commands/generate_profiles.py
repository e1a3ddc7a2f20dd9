import itertools
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from profiles import cache, interchange, synthetic
from profiles.management.commands._progress import ProgressBar
from profiles.models import Category, JobProfile, RelatedCareer

# Profiles checked and written at a time. The whole catalogue at once held every profile's
# rows in memory: 4.6 GB at 100,000 profiles. A batch of this many is about 50 MB.
BATCH = 1000


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
        if delete:
            with transaction.atomic():
                deleted, _ = JobProfile.objects.filter(slug__startswith=synthetic.PREFIX).delete()
                Category.objects.filter(slug__startswith=synthetic.PREFIX).delete()
            self.stdout.write(f"Deleted synthetic profiles and their rows ({deleted} rows).")
        if count:
            started = time.monotonic()
            self._create(count, seed, ProgressBar(self.stderr, "Creating", enabled=not no_progress))
            seconds = time.monotonic() - started
            self.stdout.write(
                f"Created or refreshed {count} synthetic profiles in {seconds:.1f} s."
            )

    def _create(self, count, seed, progress):
        """Batch by batch, each checked as an imported file is (what the benchmark loads is
        valid content) and committed on its own, so memory stays that of one batch. Related
        careers can point at profiles of a later batch: they are linked once all exist."""
        header, related, done = synthetic.catalogue_header(), {}, 0
        for batch in itertools.batched(synthetic.profiles(count, seed), BATCH):
            for document in batch:
                related[document["slug"]] = document.pop("related_careers")
            catalogue = interchange.parse_document({**header, "profiles": list(batch)})
            interchange.write(catalogue, refresh_statistics=False)
            # The categories and the figure source are on the site now. Written again, a
            # source would have every profile citing it re-indexed, batch after batch.
            header = {**header, "categories": [], "figure_sources": []}
            done += len(batch)
            progress(done, count)
        self._link(related)
        interchange.refresh_planner_statistics()

    def _link(self, related):
        # By prefix, not by a list of 100,000 slugs: PostgreSQL takes at most 65,535 parameters
        # a query (SQLite's limit depends on how it was built).
        synthetic_profiles = JobProfile.objects.filter(slug__startswith=synthetic.PREFIX)
        ids = dict(synthetic_profiles.values_list("slug", "pk").iterator())
        links = (
            RelatedCareer(from_profile_id=ids[slug], to_profile_id=ids[other], position=n)
            for slug, others in related.items()
            for n, other in enumerate(others)
        )
        with transaction.atomic():
            # Written as the batches were (each replaced these profiles' links with none), and
            # seen by nothing but these profiles' pages: their pages expire; search and counts
            # read no links.
            for chunk in itertools.batched(links, 5000):
                RelatedCareer.objects.bulk_create(chunk)
        for chunk in itertools.batched([ids[slug] for slug in related], 5000):
            cache.expire_profiles(chunk)
