"""The signatories print as one list: those the drafters entered, in their order, then those who signed online, in
the sign-on's order, every one on one line of one format."""

import re

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_section_save
from r2p_letters.printing.pdf import letter_pdf
from r2p_letters.signatures.models import SignOn

from ..helpers.pdf import pdf_text
from ..helpers.signing import document, sign


def enter(letter, *rows):
    for position, (organization, role) in enumerate(rows):
        letter.signatories.create(organization=organization, role=role, position=position)


def test_online_co_signers_follow_the_drafters_signatories_in_one_list(as_, open_sign_on):
    letter = open_sign_on.letter
    enter(letter, ("Zeta Coalition", "cosigner"), ("Alpha Lead League", "lead"))
    sign(open_sign_on, "Online Beta Network", city="Lusaka", country="ZM")
    sign(open_sign_on, "Online Aardvark Group", city="Recife", country="BR")

    printed = document(as_(None), open_sign_on)

    lists = re.findall(r'(?s)<div class="signatory-list[^"]*">(.*?)</div>', printed)
    assert len(lists) == 1
    assert re.findall(r'<p class="signatory">([^<]*)</p>', lists[0]) == [
        "Zeta Coalition",
        "Alpha Lead League",
        "Online Aardvark Group (Recife, Brazil)",
        "Online Beta Network (Lusaka, Zambia)",
    ]
    text = pdf_text(letter_pdf(Letter.objects.with_everything().get(pk=letter.pk)))
    order = ["Zeta Coalition", "Alpha Lead League", "Online Aardvark Group", "Online Beta Network"]
    assert [text.index(name) for name in order] == sorted(text.index(name) for name in order)


def test_online_co_signers_follow_the_sign_ons_order_after_the_drafters(as_, open_sign_on):
    enter(open_sign_on.letter, ("Zeta Coalition", "cosigner"))
    sign(open_sign_on, "Zambia First", city="Lusaka", country="ZM")
    sign(open_sign_on, "Armenia Second", city="Yerevan", country="AM")
    SignOn.objects.filter(pk=open_sign_on.pk).update(order=SignOn.Order.DATE_SIGNED)

    printed = document(as_(None), open_sign_on)

    assert printed.index("Zeta Coalition") < printed.index("Zambia First") < printed.index("Armenia Second")


def test_a_person_who_signs_online_prints_on_one_line_like_the_others(as_, open_sign_on):
    SignOn.objects.filter(pk=open_sign_on.pk).update(signers=SignOn.Signers.BOTH)
    sign(open_sign_on, "Bangui League", person_name="Marie Ndanga", show_name=True)

    printed = document(as_(None), open_sign_on)

    assert (
        '<p class="signatory">Marie Ndanga, President, Bangui League (Bangui, Central African Republic)</p>' in printed
    )


def test_bullets_instead_of_numbers_do_not_ask_the_signers_to_confirm_again(as_, open_sign_on, people):
    letter = Letter.objects.get(pk=open_sign_on.letter_id)
    versions = letter.signed_texts.count()
    items = [{"text": a.text, "by_when": a.by_when} for a in letter.asks.all()]

    letter_section_save(
        letter=letter,
        section="asks",
        content={"fields": {"asks_style": "bulleted"}, "items": items},
        base_edit=letter.section_edits.get("asks", 0),
        author=people["owner"],
    )

    assert '<ul class="asks bulleted">' in document(as_(None), open_sign_on)
    assert letter.signed_texts.count() == versions
