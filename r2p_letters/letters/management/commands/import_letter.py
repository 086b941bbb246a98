import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from r2p_letters.letters.imports import LetterImportError, letter_data_read, letter_import
from r2p_letters.letters.models import Letter


class Command(BaseCommand):
    help = "Create a letter from a JSON export: import_letter letter.json (a draft unless --status says otherwise)"

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file to read ('-' for stdin).")
        parser.add_argument(
            "--status",
            choices=Letter.Status.values,
            default=Letter.Status.DRAFT,
            help="The imported letter's status (default: draft).",
        )

    def handle(self, *args, path, status, **options):
        try:
            raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            imported = letter_import(data=letter_data_read(raw), status=status)
        except LetterImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        for warning in imported.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.write(f"Imported “{imported.letter.title}” as /letters/{imported.letter.slug}/")
