from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from profiles import content


class Command(BaseCommand):
    help = "Load the site's seed categories and profiles from fixtures/, skipping any that exist."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(settings.BASE_DIR / "fixtures"))

    def handle(self, *args, folder, **options):
        root = Path(folder)
        try:
            created = content.load(root / "categories.json", root / "profiles")
        except (content.ContentError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        if created:
            self.stdout.write(f"Created {len(created)} profiles: {', '.join(created)}")
        else:
            self.stdout.write("All seed profiles already exist; nothing changed.")
