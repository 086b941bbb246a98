import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from r2p_letters.letters.checks import letter_checks
from r2p_letters.letters.models import Letter


class Command(BaseCommand):
    help = (
        "Check a letter before it goes out: check_letter <slug> [--json] [--language fr]. "
        "Exits with status 1 when a check finds an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--json", action="store_true", dest="as_json", help="A JSON list of findings.")
        parser.add_argument("--language", default="en", help="The language of the messages (en, fr).")

    def handle(self, *args, slug, as_json: bool, language: str, **options):
        letter = Letter.objects.with_everything().filter(slug=slug).first()
        if letter is None:
            raise CommandError(f"No letter with the slug {slug!r}.")
        with translation.override(language):
            findings = letter_checks(letter)
            if as_json:
                self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
            else:
                for f in findings:
                    where = f"{f.section}" + (f" {f.item}" if f.item else "")
                    self.stdout.write(f"{f.severity:8} {f.code:26} {where:16} {f.message}")
                if not findings:
                    self.stdout.write("No check found anything to fix.")
        if any(f.is_error for f in findings):
            raise SystemExit(1)
