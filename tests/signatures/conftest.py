"""A letter open for signatures."""

import datetime

import pytest
from django.utils import timezone

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

from ..factories import AskFactory, ParagraphFactory


@pytest.fixture
def ready_letter(make_letter, ngo):
    letter = make_letter(
        title="Protect civilians in El Fasher", slug="el-fasher", status=Letter.Status.READY, lead_organization=ngo
    )
    ParagraphFactory(
        letter=letter,
        section="situation",
        position=0,
        text="Civilians in El Fasher have been besieged for more than a year.",
    )
    AskFactory(letter=letter, position=0, text="Demand an immediate end to the siege.")
    return letter


@pytest.fixture
def open_sign_on(ready_letter, people):
    """The letter open for organizations, until a week from now, unmoderated, with a public list."""
    return letter_open_for_signatures(
        letter=ready_letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="America/New_York",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )
