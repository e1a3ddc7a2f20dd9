"""Publish what is approved and due, and unpublish what is due: run it every minute.

Idempotent, and safe when several instances run it at once: each profile is claimed by a
conditional update, so one run publishes it and the others find nothing left to do.
"""

from django.core.management.base import BaseCommand

from profiles import workflow


class Command(BaseCommand):
    help = "Publish approved changes whose time has come, and unpublish what is due."

    def handle(self, *args, **options):
        done = workflow.publish_due()
        for profile, action in done:
            self.stdout.write(f"{action.label}: {profile.slug}")
        if options["verbosity"] > 1 or done:
            self.stdout.write(f"{len(done)} due.")
