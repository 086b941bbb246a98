"""A letter open for signatures, and the email worker as `make run` runs it."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

from ..factories import AskFactory, ParagraphFactory


@pytest.fixture
def ready_letter(make_letter, ngo):
    letter = make_letter(title="Protect civilians in El Fasher", slug="el-fasher", status=Letter.Status.READY,
                         lead_organization=ngo)
    ParagraphFactory(letter=letter, section="situation", position=0,
                     text="Civilians in El Fasher have been besieged for more than a year.")
    AskFactory(letter=letter, position=0, text="Demand an immediate end to the siege.")
    return letter


@pytest.fixture
def open_sign_on(ready_letter, people):
    """The letter open for organizations, until a week from now, unmoderated, with a public list."""
    return letter_open_for_signatures(letter=ready_letter, user=people["owner"], rules=SignOnRules(
        deadline=timezone.now() + datetime.timedelta(days=7), time_zone="America/New_York",
        signers="organizations", moderated=False, list_public=True))


@pytest.fixture
def run_worker(transactional_db):
    """Run the queued tasks (emails, deadlines) with the real database worker; returns the sent emails.

    The worker closes the database connection between tasks, as it must in production: tests that
    use it run outside a test transaction.
    """
    def run():
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
        return mail.outbox

    return run




