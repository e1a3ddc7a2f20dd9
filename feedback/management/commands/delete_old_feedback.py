from django.core.management.base import BaseCommand, CommandError

from feedback.models import Feedback
from lib import retention


class Command(BaseCommand):
    help = (
        "Delete feedback received more than --days days ago (default 365), as the privacy "
        "notice promises, and every other record kept for a time (counts of searches). Run it "
        "daily, from cron or a scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365, help="keep this many days")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would go, delete nothing"
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError(f"--days must be 1 or more (not {days}): 0 would delete everything.")
        old = Feedback.objects.older_than(days)
        others = {label: older(days) for label, older in retention.declared().items()}
        if dry_run:
            self.stdout.write(f"Would delete {old.count()} feedback received over {days} days ago.")
            for label, records in others.items():
                self.stdout.write(f"Would delete {records.count()} {label} over {days} days old.")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} feedback received over {days} days ago.")
        for label, records in others.items():
            deleted, _ = records.delete()
            self.stdout.write(f"Deleted {deleted} {label} over {days} days old.")
