"""Signers choose who may see their name: everyone, only the Council's copy, or no one. Every page, export and PDF
names only those its readers may read, and counts the others."""

import csv
import io
import json

import docx
import pytest
from django.urls import reverse

from r2p_letters.letters.models import Audience, Signatory, Visibility, named_for
from r2p_letters.letters.services import letter_refresh
from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import sign_on_update, signature_correct

from ..helpers.pdf import pdf_text
from ..helpers.signing import sign, url

pytestmark = pytest.mark.django_db

PUBLIC, COUNCIL_ONLY, COUNTED = "Darfur Bar Association", "Sudan Doctors Network", "Women of El Fasher"
HIDDEN_NAMES = (COUNCIL_ONLY, "Khalid Council", COUNTED, "Amna Counted")


@pytest.fixture
def signed(open_sign_on):
    """One signature at each level; the hidden ones with the signer's name printed too, so a leak would show."""
    sign(open_sign_on, PUBLIC, person_name="Ahmed Public")
    sign(open_sign_on, COUNCIL_ONLY, person_name="Khalid Council", show_name=True, visibility=Visibility.COUNCIL)
    sign(open_sign_on, COUNTED, person_name="Amna Counted", show_name=True, visibility=Visibility.COUNTED)
    return open_sign_on


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_none_named(text: str, names=HIDDEN_NAMES) -> None:
    for name in names:
        assert name not in text


def test_the_rule_names_each_level_only_for_its_audiences():
    assert [named_for(v, Audience.PUBLIC) for v in Visibility.values] == [True, False, False]
    assert [named_for(v, Audience.COUNCIL) for v in Visibility.values] == [True, True, False]
    assert [named_for(v, Audience.ORGANIZERS) for v in Visibility.values] == [True, True, True]
    assert not named_for(Visibility.COUNCIL, "an audience nobody defined")


def test_the_public_letter_page_counts_everyone_and_names_only_the_public(client, signed):
    page = client.get(signed.letter.get_absolute_url()).text
    document = flat(client.get(reverse("letters:document", args=[signed.letter.slug])).text)

    assert '<p class="signature-count fs-5 mb-1"><strong>3</strong> signatures' in page
    assert PUBLIC in document
    assert_none_named(document + page)
    assert "and 1 signatory named only in the copy delivered to the Security Council" in document
    assert "and 1 organization that cannot be named for its safety" in document


def test_the_public_pdf_names_only_the_public(client, signed):
    response = client.get(reverse("letters:pdf", args=[signed.letter.slug]))

    text = flat(pdf_text(response.content))
    assert PUBLIC in text
    assert_none_named(text)
    assert "named only in the copy delivered to the Security Council" in text
    assert "cannot be named for its safety" in text


@pytest.mark.parametrize("kind", ["text", "json", "docx"])
def test_the_public_exports_name_only_the_public(client, signed, kind):
    response = client.get(reverse("letters:export", args=[signed.letter.slug, kind]))

    if kind == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    else:
        text = response.content.decode()
    assert PUBLIC in text
    assert_none_named(text)
    if kind == "json":
        data = json.loads(text)["letter"]
        assert data["unnamed_signatories"] == 2
        assert [s["visibility"] for s in data["signatories"] if s["source"] == "online"] == ["public"]
    else:
        assert "and 1 organization that cannot be named for its safety" in flat(text)


def test_the_members_of_the_letters_organizations_get_the_public_pdf_too(as_, signed):
    """What they download may be forwarded: the Council's copy is the pack, never the letter's PDF."""
    text = flat(pdf_text(as_("owner").get(reverse("letters:pdf", args=[signed.letter.slug])).content))

    assert_none_named(text)


def test_the_delivery_pack_names_the_council_level_and_only_counts_the_others(as_, signed):
    pack = reverse("council:member_pdf", kwargs={"slug": signed.letter.slug, "country": "fr"})
    response = as_("editor").get(f"{pack}?month=2026-03&audience=ministers")

    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    assert PUBLIC in text and COUNCIL_ONLY in text and "Khalid Council" in text
    assert_none_named(text, names=(COUNTED, "Amna Counted"))
    assert "and 1 organization that cannot be named for its safety" in text
    assert "named only in the copy delivered" not in text


def test_the_whole_pack_never_names_a_counted_signer(as_, signed):
    pack = reverse("council:pack_combined", kwargs={"slug": signed.letter.slug})
    text = flat(pdf_text(as_("editor").get(f"{pack}?month=2026-03&audience=ministers").content))

    assert COUNCIL_ONLY in text
    assert_none_named(text, names=(COUNTED, "Amna Counted"))


def test_counts_are_pluralized_and_say_signatories_when_a_person_is_among_them(open_sign_on, client):
    for n in range(3):
        sign(open_sign_on, f"Hidden League {n}", visibility=Visibility.COUNTED)
    document = flat(client.get(reverse("letters:document", args=[open_sign_on.letter.slug])).text)
    assert "and 3 organizations that cannot be named for their safety" in document

    sign_on_update(sign_on=open_sign_on, signers="both")
    sign(
        open_sign_on,
        "",
        kind="individual",
        email="fatima@example.org",
        person_name="Fatima Alone",
        visibility=Visibility.COUNTED,
    )
    document = flat(client.get(reverse("letters:document", args=[open_sign_on.letter.slug])).text)
    assert "and 4 signatories who cannot be named for their safety" in document
    assert "Fatima Alone" not in document


def test_the_organizers_see_every_name_with_its_level_marked(as_, signed):
    page = as_("editor").get(url("dashboard", signed)).text

    assert COUNCIL_ONLY in page and COUNTED in page
    assert "named only in the Council's copy" in page
    assert "counted only, never named" in page


def test_the_csv_export_marks_each_level(as_, signed):
    text = b"".join(as_("owner").get(url("export", signed), {"format": "csv"}).streaming_content).decode()

    header, *rows = csv.reader(io.StringIO(text))
    level = {row[1]: row[header.index("Who may see the name")] for row in rows}
    assert level == {
        COUNTED: "Counted only: never named",
        COUNCIL_ONLY: "Named only in the copy delivered to the Security Council",
        PUBLIC: "Public: named on the letter's page and in its PDF",
    }


def test_the_library_search_does_not_find_a_letter_by_a_hidden_name(client, signed):
    letter_refresh(letter=signed.letter)
    found = client.get(reverse("letters:library"), {"q": "Women of El Fasher"}).text
    found_public = client.get(reverse("letters:library"), {"q": "Darfur Bar"}).text

    assert signed.letter.title in found_public
    assert signed.letter.title not in found


def test_a_signer_lowers_their_visibility_from_the_link_and_the_name_leaves_the_letter(client, signed):
    signature = Signature.objects.get(organization=PUBLIC)
    signature_correct(
        signature=signature,
        data={"kind": "organization", "organization": PUBLIC, "visibility": Visibility.COUNTED, "authorized": True},
    )

    document = flat(client.get(reverse("letters:document", args=[signed.letter.slug])).text)
    assert PUBLIC not in document
    assert "and 2 organizations that cannot be named for their safety" in document
    assert Signatory.objects.get(signature=signature).visibility == Visibility.COUNTED
