import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from r2p_letters.letters.models import Letter
from r2p_letters.printing.pdf import letter_pdf
from r2p_letters.printing.sandbox import LetterRenderError


class Command(BaseCommand):
    help = "Write a letter's PDF to a file: export_pdf <slug> -o letter.pdf"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write ('-' for stdout).")

    def handle(self, *args, slug, output, **options):
        letter = Letter.objects.with_everything().filter(slug=slug).first()
        if letter is None:
            raise CommandError(f"No letter with the slug {slug!r}.")
        try:
            pdf = letter_pdf(letter)
        except LetterRenderError as error:
            raise CommandError(f"The letter's template could not be rendered: {error.describe()}") from None
        if output == "-":
            sys.stdout.buffer.write(pdf)
            return
        Path(output).write_bytes(pdf)
        self.stderr.write(f"Wrote {len(pdf):,} bytes to {output}")
