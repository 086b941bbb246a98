"""`manage.py erase_contact_details`: the retention run at once (the worker also runs it daily)."""

from django.core.management.base import BaseCommand

from r2p_letters.signatures.services import contact_details_erase


class Command(BaseCommand):
    help = (
        "Erase the signers' contact details of the sign-ons closed or delivered more than CONTACT_RETENTION_DAYS "
        "ago, batch after batch, each committed: run it again after an interruption and it goes on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None, help="rows per transaction")

    def handle(self, *, batch_size, **options):
        done = contact_details_erase(batch_size=batch_size)
        self.stdout.write(f"{done} rows erased or cleared of contact details")
