import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from r2p_letters.letters.draft_import import DraftImportError, draft_json, draft_read, draft_source_read
from r2p_letters.letters.models import LetterTemplate
from r2p_letters.letters.services import letter_create_from_draft
from r2p_letters.organizations.models import Organization, Role


class Command(BaseCommand):
    help = (
        "Create a draft from a letter written elsewhere (.docx, .odt, .md, .txt): "
        "import_draft FILE --organization SLUG; --json prints the structure found and creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to read ('-' for text on stdin).")
        parser.add_argument("--organization", required=True, help="The slug of the organization that drafts it.")
        parser.add_argument("--language", default="en", help="The letter's language (default: en).")
        parser.add_argument("--template", default=LetterTemplate.DEFAULT_SLUG, help="The letter template's slug.")
        parser.add_argument("--json", action="store_true", help="Print the structure found as JSON; create nothing.")

    def handle(self, *args, path, organization, language, template, json: bool, **options):
        found = Organization.objects.filter(slug=organization).first()
        if found is None:
            raise CommandError(f"No organization has the slug “{organization}”.")
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            source = draft_source_read(name="draft.txt" if path == "-" else Path(path).name, data=data)
            structure = draft_read(source, language=language, organization=found.name)
        except DraftImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if json:
            self.stdout.write(_dumps(draft_json(structure)))
            return
        chosen = LetterTemplate.objects.usable_by(found).filter(slug=template).first()
        if chosen is None:
            raise CommandError(f"No template “{template}” is usable by {found.name}.")
        # The command runs as the organization's first owner: the draft is theirs, as if they had imported it.
        owner = found.memberships.filter(role=Role.OWNER).order_by("pk").first()
        if owner is None:
            raise CommandError(f"{found.name} has no owner to draft the letter.")
        try:
            letter = letter_create_from_draft(
                organization=found, template=chosen, language=language, draft=structure, author=owner.user
            )
        except PermissionDenied:
            raise CommandError(f"{owner.user} may not draft for {found.name}.") from None
        self.stdout.write(f"Imported “{letter.title}” as a draft: /letters/{letter.slug}/edit/")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
