"""The PDF is tagged for screen readers (PDF/UA-1) unless an archival PDF/A is asked for: checked by reading
back what the file claims, as a validator or a reader would find it."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from r2p_letters.letters.models import Letter
from r2p_letters.printing.pdf import letter_pdf


def reader_of(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def xmp(reader: PdfReader) -> str:
    return reader.xmp_metadata.stream.get_data().decode()


def xmp_value(xml: str, name: str) -> str | None:
    """An XMP property, written either as an attribute or as an element."""
    match = re.search(rf'{name}="([^"]*)"', xml) or re.search(rf"<{name}>([^<]*)</{name}>", xml)
    return match[1] if match else None


def structure_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every element of the structure tree, depth first."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                stack.append(node["/K"])
    return found


@pytest.fixture
def letter(make_letter):
    letter = make_letter(title="Protect civilians in Darfur", language="fr", subject="Darfour")
    letter.signatories.create(organization="Ligue des droits", city="Bangui", country="CF")
    return Letter.objects.with_everything().get(pk=letter.pk)


def test_the_pdf_is_tagged_for_screen_readers_by_default(letter):
    reader = reader_of(letter_pdf(letter))

    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "fr"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # the title, not the file name, is shown
    assert xmp_value(xmp(reader), "pdfuaid:part") == "1"
    assert "Protect civilians in Darfur" in xmp(reader)
    assert {e["/S"] for e in structure_elements(reader)} >= {"/Document", "/P", "/H1"}


def test_the_archival_variant_claims_pdf_a_2a_and_stays_tagged(letter):
    reader = reader_of(letter_pdf(letter, variant="pdfa"))

    xml = xmp(reader)
    catalog = reader.trailer["/Root"]
    assert xmp_value(xml, "pdfaid:part") == "2"
    assert xmp_value(xml, "pdfaid:conformance") == "A"
    assert "/OutputIntents" in catalog  # PDF/A needs the colour space declared
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "fr"
    assert reader.metadata.title == "Protect civilians in Darfur"


def test_the_plain_variant_is_untagged(letter):
    catalog = reader_of(letter_pdf(letter, variant="plain")).trailer["/Root"]

    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog


def test_the_logo_is_tagged_as_a_figure_with_its_alternative_text(make_letter, ngo, settings, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (29, 53, 87)).save(buffer, "PNG")
    ngo.logo.save("logo.png", ContentFile(buffer.getvalue()))
    letter = make_letter(lead_organization=ngo)

    reader = reader_of(letter_pdf(Letter.objects.with_everything().get(pk=letter.pk)))

    figures = [e for e in structure_elements(reader) if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == ["Logo of Global Centre for R2P"]


@pytest.mark.parametrize(
    ("query", "part"),
    [
        ("", "pdfuaid:part"),
        ("?variant=pdfa", "pdfaid:part"),
        ("?variant=<script>", "pdfuaid:part"),
        ("?variant=plain", "pdfuaid:part"),
    ],
)
def test_the_download_is_pdf_ua_unless_pdf_a_is_asked_for(client, letter, query, part):
    response = client.get(reverse("letters:pdf", args=[letter.slug]) + query)

    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    xml = xmp(reader_of(pdf))
    assert xmp_value(xml, part)
    assert xmp_value(xml, "pdfaid:part" if part == "pdfuaid:part" else "pdfuaid:part") is None


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("", "{slug}.pdf"),
        ("?variant=pdfa", "{slug}-pdfa.pdf"),
        ("?paper=letter&variant=pdfa", "{slug}-us-letter-pdfa.pdf"),
    ],
)
def test_each_kind_of_download_has_its_own_file_name(client, letter, query, filename):
    response = client.get(reverse("letters:pdf", args=[letter.slug]) + query)

    assert response["Content-Disposition"] == f'attachment; filename="{filename.format(slug=letter.slug)}"'
