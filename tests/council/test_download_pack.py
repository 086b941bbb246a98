"""Downloading a letter's delivery pack: one copy per Council member, each addressed to its own minister."""

import io

import pytest
from pypdf import PdfReader

from r2p_letters.council.services import members_in
from r2p_letters.letters.models import Letter

from ..helpers.council import unzip
from ..helpers.pdf import pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db


def test_the_zip_holds_fifteen_pdfs_each_addressed_to_its_member(ministers_letter, as_, pack_url):
    response = as_("viewer").get(pack_url(ministers_letter, "pack_zip"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = unzip(response.content)
    assert len(files) == 15
    members = members_in(2026)
    for (name, pdf), member in zip(sorted(files.items()), members, strict=True):
        assert name.endswith(f"-{member.country.code.lower()}-el-fasher.pdf")
        text = " ".join(pdf_text(pdf).split())
        assert f"Minister for Foreign Affairs of {member.sentence_name}" in text
        assert "Dear Minister," in text and "Your Excellency," not in text  # the letter's own salutation
        assert "besieged for more than a year" in text
        assert text.count("Minister for Foreign Affairs of") == 1


def test_the_combined_pdf_holds_each_members_letter_in_order_on_its_own_pages(ministers_letter, as_, pack_url):
    one = as_("editor").get(pack_url(ministers_letter, "member_pdf", country="fr"))
    assert one.status_code == 200 and one["Content-Type"] == "application/pdf"
    pages_each = pdf_page_count(one.content)

    combined = as_("editor").get(pack_url(ministers_letter, "pack_combined")).content

    reader = PdfReader(io.BytesIO(combined))
    assert len(reader.pages) == 15 * pages_each
    members = members_in(2026)
    firsts = [" ".join(reader.pages[i * pages_each].extract_text().split()) for i in range(15)]
    for text, member in zip(firsts, members, strict=True):
        assert f"Foreign Affairs of {member.sentence_name}" in text
    # Each letter numbers its own pages: "Page 1 of N" starts again on every member's first page.
    assert all(f"Page 1 of {pages_each}" in text for text in firsts)


def test_one_members_pdf_alone_is_addressed_to_that_member(ministers_letter, as_, pack_url):
    response = as_("viewer").get(pack_url(ministers_letter, "member_pdf", country="lv"))

    text = " ".join(pdf_text(response.content).split())
    assert "Minister for Foreign Affairs of Latvia" in text
    assert "Liberia" not in text


def test_a_country_not_on_the_council_that_year_is_404(ministers_letter, as_, pack_url):
    assert as_("editor").get(pack_url(ministers_letter, "member_pdf", country="de")).status_code == 404
    assert as_("editor").get(pack_url(ministers_letter, "member_pdf", country="zz")).status_code == 404


def test_permanent_representatives_are_addressed_by_their_title(ministers_letter, as_, pack_url):
    response = as_("editor").get(pack_url(ministers_letter, "member_pdf", country="cd", audience="representatives"))

    text = " ".join(pdf_text(response.content).split())
    assert "Permanent Representative of the Democratic Republic of the Congo to the United Nations" in text
    # "Dear Minister," is the letter's salutation for ministers: a Permanent Representative gets the standard one.
    assert "Your Excellency," in text and "Dear Minister," not in text


@pytest.mark.parametrize(
    "addressee",
    [
        "To the Permanent Representatives of the members of the Security Council",
        "Aux Représentants permanents des membres du Conseil de sécurité",
        "Ambassadors of the Security Council's member states",
    ],
)
def test_a_letter_to_the_permanent_representatives_goes_to_them_with_its_salutation(ministers_letter, as_, addressee):
    Letter.objects.filter(pk=ministers_letter.pk).update(addressee=addressee, salutation="Excellence,")
    editor = as_("editor")

    page = editor.get(f"/letters/{ministers_letter.slug}/delivery/").content.decode()
    copy = editor.get(f"/letters/{ministers_letter.slug}/delivery/cd.pdf")

    assert '<option value="representatives" selected>' in page
    text = " ".join(pdf_text(copy.content).split())
    assert "Permanent Representative of the Democratic Republic of the Congo to the United Nations" in text
    assert "Minister for Foreign Affairs" not in text
    assert "Excellence," in text and "Your Excellency," not in text


def test_the_combined_pdf_is_kept_and_made_again_when_a_copy_changes(ministers_letter, as_, pack_url, settings):
    from r2p_letters.council.models import PackAddressee
    from r2p_letters.printing import pdf_cache

    editor = as_("editor")
    first = editor.get(pack_url(ministers_letter, "pack_combined")).content
    renders, kept = pdf_cache.renders, sorted(p.name for p in pdf_cache.cache_dir().iterdir())

    assert len(kept) == 15 + 1  # the members' copies, and the combined PDF made of them

    again = editor.get(pack_url(ministers_letter, "pack_combined")).content
    assert again == first
    assert (pdf_cache.renders, sorted(p.name for p in pdf_cache.cache_dir().iterdir())) == (renders, kept)

    PackAddressee.objects.create(letter=ministers_letter, audience="ministers", country="LV", name="Ms. Baiba Braže")
    changed = editor.get(pack_url(ministers_letter, "pack_combined")).content

    assert pdf_cache.renders == renders + 1  # Latvia's copy only
    assert len(list(pdf_cache.cache_dir().iterdir())) == 16 + 2  # a new copy, a new combined PDF
    assert "Baiba Braže" in pdf_text(changed) and "Baiba Braže" not in pdf_text(first)
