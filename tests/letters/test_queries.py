"""The library and a letter page cost the same number of SQL queries with 10 or 1,000 signatories."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from r2p_letters.letters.models import Signatory
from r2p_letters.letters.services import letter_refresh

from ..factories import AskFactory, ParagraphFactory
from ..helpers.letters import cite


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(letter, signatories: int):
    Signatory.objects.bulk_create(
        Signatory(letter=letter, organization=f"Organization {n}", city="Paris", country="FR", position=n)
        for n in range(letter.signatories.count(), signatories)
    )
    ParagraphFactory.create_batch(3, letter=letter)
    AskFactory.create_batch(2, letter=letter)
    cite(letter)
    cite(letter)
    letter_refresh(letter=letter)  # as the services do: its PDF is made again


def test_pages_cost_the_same_queries_as_a_letter_grows(client, make_letter):
    letter = make_letter()
    others = [make_letter() for _ in range(3)]
    pages = [
        reverse("letters:library"),
        letter.get_absolute_url(),
        reverse("letters:document", args=[letter.slug]),
        reverse("letters:pdf", args=[letter.slug]),
    ]
    grow(letter, 10)
    small = [queries_for(client, url) for url in pages]

    grow(letter, 1000)
    for other in others:
        grow(other, 50)
    large = [queries_for(client, url) for url in pages]

    assert small == large
    assert max(large) <= 13  # 12 to render, and the one that keys the public page cache (a miss here)


def test_composer_pages_cost_the_same_queries_as_a_letter_grows(as_, ngo, make_letter, people):
    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.sections import SECTIONS

    letter = make_letter(status=Letter.Status.DRAFT, lead_organization=ngo)
    client = as_("editor")
    pages = [reverse("letters:compose", args=[letter.slug]), reverse("letters:history", args=[letter.slug])]
    pages += [reverse("letters:compose_section", args=[letter.slug, name]) for name in SECTIONS]
    grow(letter, 10)
    small = [queries_for(client, url) for url in pages]

    for _ in range(20):
        grow(letter, 200)
    large = [queries_for(client, url) for url in pages]

    assert small == large
