"""The composer lists the checks beside the letter, each pointing at its section; the review panel sums them
up before "Send for review"; only the letter's editors see them."""

import datetime

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter

from ..factories import AskFactory, ParagraphFactory


@pytest.fixture
def draft(make_letter, ngo):
    letter = make_letter(
        status=Letter.Status.DRAFT, lead_organization=ngo, date=datetime.date(2026, 3, 3), concerned_country="CF"
    )
    ParagraphFactory(
        letter=letter, section="situation", position=0, text="400,000 people fled Bangui, Central African Republic."
    )
    AskFactory(letter=letter, position=0, text="More peacekeepers.", by_when="Before the renewal")
    return letter


def compose(client, letter):
    return client.get(reverse("letters:compose", args=[letter.slug]))


def test_the_composer_lists_each_check_with_a_link_to_its_section(as_, draft):
    page = compose(as_("editor"), draft).content.decode()

    assert "Checks before the letter goes out" in page
    assert 'data-check="figure-no-source"' in page and 'data-check="ask-no-actor"' in page
    assert reverse("letters:compose_section", args=[draft.slug, "situation"]) + "#item-1" in page
    assert reverse("letters:compose_section", args=[draft.slug, "asks"]) + "#item-1" in page


def test_the_review_panel_sums_up_the_checks_before_send_for_review(as_, draft):
    page = compose(as_("editor"), draft).content.decode()

    assert "Before you send it for review, the checks found:" in page
    assert "2 warnings" in page and "error" not in page.split("the checks found:")[1].split("See the checks")[0]


def test_a_letter_with_nothing_to_fix_says_so(as_, draft):
    draft.paragraphs.all().delete()
    draft.asks.update(text="The Security Council must renew the mandate of MINUSCA in the Central African Republic.")

    page = compose(as_("editor"), draft).content.decode()

    assert "No check found anything to fix." in page
    assert "Before you send it for review: no check found anything to fix." in page


def test_the_checks_are_in_french_for_a_french_drafter(as_, draft):
    page = as_("editor").get(reverse("letters:compose", args=[draft.slug]), headers={"accept-language": "fr"})

    text = page.content.decode()
    assert "Vérifications avant l’envoi de la lettre" in text
    assert "Le paragraphe 1 de la situation donne un chiffre" in text
    assert "2\u00a0avertissements" in text or "2 avertissements" in text


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404), (None, 302)])
def test_only_the_letters_editors_see_its_checks(as_, draft, who, status):
    response = compose(as_(who), draft)

    assert response.status_code == status
    assert b"Checks before the letter goes out" not in response.content


def test_the_checks_cost_the_same_queries_as_the_letter_grows(as_, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import SignatoryFactory

    Letter.objects.filter(pk=draft.pk).update(
        addressee="President of the Security Council\nPermanent Representative of France to the United Nations"
    )
    client = as_("editor")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert compose(client, draft).status_code == 200
        return len(captured)

    SignatoryFactory(letter=draft, organization="Organization")  # a first signatory prefetches its signature
    queries()  # the first page of a session saves it
    small = queries()
    for n in range(30):
        ParagraphFactory(letter=draft, section="situation", position=n + 1, text=f"Some {n} people fled.")
        AskFactory(letter=draft, position=n + 1, text="Act.")
        SignatoryFactory(letter=draft, organization=f"Organization {n % 10}", country="")

    assert queries() == small
