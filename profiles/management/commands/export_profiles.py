from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profiles import interchange
from profiles.management.commands._progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Write every category and profile (drafts included) to one JSON file in the API's "
        "profile format; import_profiles reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the file, or - for standard output")
        parser.add_argument("--no-progress", action="store_true", help="draw no progress bar")

    def handle(self, *args, file, no_progress, **options):
        bar = ProgressBar(self.stderr, "Exporting", enabled=not no_progress)
        document = interchange.export_catalogue(progress=bar)
        text = interchange.dumps(document)
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from error
        self.stderr.write(
            f"Wrote {len(document['profiles'])} profiles and "
            f"{len(document['categories'])} categories to {file}."
        )
