import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from profiles import interchange
from profiles.management.commands._progress import ProgressBar

# Enough problems to fix in one go without burying the first ones.
SHOWN_PROBLEMS = 50
# A catalogue of 100,000 full profiles is about 1 GB; past this, a file is not one of ours,
# and reading it whole would take the machine's memory.
MAX_FILE_BYTES = 2 * 1024**3


class Command(BaseCommand):
    help = (
        "Read a file written by export_profiles (the API's profile format). The whole file is "
        "checked first and written in one transaction: any problem and nothing changes. "
        "Profiles and categories are matched by slug; ones already here take the file's content."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to read, or - for standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then change nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="draw no progress bar")

    def handle(self, *args, file, dry_run, no_progress, **options):
        text = self._read(file)
        try:
            catalogue = interchange.parse(
                text, progress=ProgressBar(self.stderr, "Checking", enabled=not no_progress)
            )
        except interchange.ImportFileError as error:
            problems = error.problems
            shown = "\n".join(f"  {problem}" for problem in problems[:SHOWN_PROBLEMS])
            more = len(problems) - SHOWN_PROBLEMS
            if more > 0:
                shown += f"\n  … and {more} more"
            raise CommandError(
                f"{file} was not imported; nothing changed. "
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:\n{shown}"
            ) from error

        try:
            with transaction.atomic():
                result = interchange.write(
                    catalogue,
                    progress=ProgressBar(self.stderr, "Writing", enabled=not no_progress),
                )
                # A dry run goes as far as the database's own checks, then takes it all back.
                transaction.set_rollback(dry_run)
        except DatabaseError as error:
            raise CommandError(f"{file} was not imported; nothing changed: {error}") from error

        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {len(catalogue.profiles)} profiles "
            f"({result.profiles_created} new, {result.profiles_updated} updated) and "
            f"{len(catalogue.categories)} categories "
            f"({result.categories_created} new, {result.categories_updated} updated)"
            + (
                f" and {len(catalogue.figure_sources)} figure sources "
                f"({result.figure_sources_created} new, {result.figure_sources_updated} updated)"
                if catalogue.figure_sources
                else ""
            )
            + f"{'; nothing changed (dry run)' if dry_run else ''}."
        )

    def _read(self, file):
        too_large = CommandError(
            f"{file} was not imported; nothing changed: it is over "
            f"{MAX_FILE_BYTES // 1024**3} GB, the largest file this command reads."
        )
        if file == "-":
            text = sys.stdin.read(MAX_FILE_BYTES + 1)
            if len(text) > MAX_FILE_BYTES:
                raise too_large
            return text
        try:
            if Path(file).stat().st_size > MAX_FILE_BYTES:
                raise too_large
            return Path(file).read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No file at {file}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text ({error.reason}).") from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
