"""A letter to the Foreign Ministers of the Council's members, drafted by the cast's NGO."""

import datetime

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter

from ..factories import AskFactory, ParagraphFactory, SignatoryFactory


@pytest.fixture
def ministers_letter(make_letter, builtin_templates, ngo):
    letter = make_letter(
        title="Protect civilians in El Fasher",
        slug="el-fasher",
        status=Letter.Status.READY,
        template=builtin_templates["letter-foreign-ministers"],
        lead_organization=ngo,
        date=datetime.date(2026, 3, 3),
        addressee="",
        salutation="Dear Minister,",
    )
    ParagraphFactory(
        letter=letter,
        section="situation",
        position=0,
        text="Civilians in El Fasher have been besieged for more than a year.",
    )
    AskFactory(letter=letter, position=0, text="Demand an immediate end to the siege.")
    SignatoryFactory(letter=letter, organization="Sudan Human Rights Hub", city="Kampala", country="UG")
    return letter


@pytest.fixture
def pack_url():
    def url(letter, name="pack", month="2026-03", audience="ministers", **kwargs):
        return f"{reverse(f'council:{name}', kwargs={'slug': letter.slug, **kwargs})}?month={month}&audience={audience}"

    return url
