from django.core.management.base import BaseCommand

from r2p_letters.letters.services import examples_load


class Command(BaseCommand):
    help = "Load the legal catalogue, the built-in letter templates and the example letters (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Replace example letters that already exist with the shipped version.",
        )

    def handle(self, *args, refresh=False, **options):
        loaded = examples_load(refresh=refresh)
        self.stdout.write(
            f"Catalogue: {loaded.instruments} instruments. Templates: {loaded.templates} built in. "
            f"Letters created: {len(loaded.letters_created)}, kept as they were: {len(loaded.letters_kept)}."
        )
