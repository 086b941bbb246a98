"""Drafters paste a list of signatories (or upload a spreadsheet), see each row, then add them all in one click."""

import html
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from r2p_letters.letters.models import Letter, Revision, Signatory
from r2p_letters.letters.services import letter_create


@pytest.fixture
def draft(ngo, people, builtin_templates):
    letter = letter_create(
        organization=ngo,
        template=builtin_templates["open-letter-security-council"],
        title="Letter on the Korean peninsula",
        language="en",
        author=people["owner"],
    )
    letter.signatories.create(organization="Global Centre for R2P", role="lead", position=0)
    return letter


def paste_url(letter):
    return reverse("letters:signatories_paste", args=[letter.slug])


def korean_list(count: int) -> str:
    return "\n".join(f"Korean Civil Society Group {n} (Seoul, South Korea)" for n in range(1, count + 1))


def preview(client, letter, text="", **extra):
    return client.post(paste_url(letter), {"text": text, "action": "preview", **extra})


def previewed(page) -> dict:
    """What the preview page posts to add: its list and the digest of the list it showed."""
    body = page.content.decode()
    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', body, re.S).group(1)
    digest = re.search(r'name="previewed" value="([^"]+)"', body).group(1)
    base_edit = re.search(r'name="base_edit" value="(\d+)"', body).group(1)

    return {"text": html.unescape(text).removeprefix("\n"), "previewed": digest, "base_edit": base_edit}


def entered(letter) -> list[tuple]:
    return list(
        Signatory.objects.filter(letter=letter).order_by("position").values_list("organization", "city", "country")
    )


def test_the_preview_shows_each_row_and_adds_nothing_yet(as_, draft):
    page = preview(as_("editor"), draft, "Amnesty International (London, UK)\nHuman Rights Watch, New York, USA\n")

    body = page.content.decode()
    assert page.status_code == 200
    assert "<td>Amnesty International</td><td>London</td>" in body
    assert "United Kingdom of Great Britain and Northern Ireland" in body
    assert "<td>Human Rights Watch</td><td>New York</td>" in body
    assert "Add the 2 signatories" in body
    assert Signatory.objects.filter(letter=draft).count() == 1


def test_one_click_adds_the_55_rows_in_the_order_pasted_in_one_revision(as_, draft):
    client = as_("editor")
    page = preview(client, draft, korean_list(55))

    added = client.post(paste_url(draft), {**previewed(page), "action": "add"})

    assert added.status_code == 302
    assert added["Location"] == reverse("letters:compose_section", args=[draft.slug, "signatories"])
    rows = entered(draft)
    assert rows[0] == ("Global Centre for R2P", "", "")
    assert rows[1:] == [(f"Korean Civil Society Group {n}", "Seoul", "KR") for n in range(1, 56)]
    assert Revision.objects.filter(letter=draft, section="signatories").count() == 1
    assert Letter.objects.get(pk=draft.pk).section_edits["signatories"] == 1


def test_a_thousand_rows_preview_as_one_table_and_one_textarea_and_are_all_added(as_, draft):
    client = as_("editor")
    page = preview(client, draft, korean_list(1000))

    body = page.content.decode()
    assert body.count("<textarea") == 1
    assert body.count('<tr class="" data-row=') == 1000
    client.post(paste_url(draft), {**previewed(page), "action": "add"})
    assert len(entered(draft)) == 1001


def test_duplicates_on_the_letter_or_in_the_list_are_flagged_and_left_out(as_, draft):
    client = as_("editor")
    text = "Global Centre for R2P.\nAmnesty International\nAMNESTY  international\nEnough Project\n"

    page = preview(client, draft, text)

    body = page.content.decode()
    assert "Already on the letter." in body
    assert "Already in this list (row 2)." in body
    client.post(paste_url(draft), {**previewed(page), "action": "add"})
    assert [r[0] for r in entered(draft)] == ["Global Centre for R2P", "Amnesty International", "Enough Project"]


def test_a_row_it_cannot_read_is_marked_and_nothing_is_added_until_it_is_fixed(as_, draft):
    client = as_("editor")
    page = preview(client, draft, "Amnesty International\nSome Group (Nowhere, Atlantis)\n")

    body = page.content.decode()
    assert "We do not know the country “Atlantis”." in body
    assert "Add the" not in body
    refused = client.post(paste_url(draft), {**previewed(page), "action": "add"})
    assert refused.status_code == 422
    assert "Some Group (Nowhere, Atlantis)" in refused.content.decode()  # the list is kept
    assert len(entered(draft)) == 1

    fixed = preview(client, draft, "Amnesty International\nSome Group (Nowhere, Kenya)\n")
    client.post(paste_url(draft), {**previewed(fixed), "action": "add"})
    assert entered(draft)[2] == ("Some Group", "Nowhere", "KE")


def test_a_list_changed_after_its_preview_is_previewed_again_not_added(as_, draft):
    client = as_("editor")
    page = preview(client, draft, "Amnesty International\n")

    again = client.post(paste_url(draft), {**previewed(page), "text": "Enough Project\n", "action": "add"})

    assert again.status_code == 200
    assert "The list changed since its preview" in again.content.decode()
    assert len(entered(draft)) == 1


def test_the_rows_look_alike_letters_or_hidden_characters_are_marked_as_the_composer_marks_them(as_, draft):
    page = preview(as_("editor"), draft, "\u0410mnesty International\nHuman Rights\u202e Watch\n")

    assert page.content.decode().count("table-danger") == 2


def test_a_spreadsheet_upload_previews_its_rows_and_carries_them_as_text(as_, draft):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Organization", "City", "Country"])
    sheet.append(["Amnesty International", "London", "United Kingdom"])
    sheet.append(["Corée Solidarité", "Séoul", "Corée du Sud"])
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("list.xlsx", data.getvalue())
    client = as_("editor")

    page = client.post(paste_url(draft), {"text": "", "upload": upload, "action": "preview"})

    body = page.content.decode()
    assert "<td>Corée Solidarité</td><td>Séoul</td>" in body
    client.post(paste_url(draft), {**previewed(page), "action": "add"})
    assert entered(draft)[1:] == [("Amnesty International", "London", "GB"), ("Corée Solidarité", "Séoul", "KR")]


def test_a_csv_upload_with_semicolons_is_read(as_, draft):
    upload = SimpleUploadedFile("list.csv", "Organisation;Pays\nLigue des droits;France\n".encode("utf-8-sig"))

    page = as_("editor").post(paste_url(draft), {"upload": upload, "action": "preview"})

    assert "<td>Ligue des droits</td>" in page.content.decode()


def zip_bomb() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return data.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xlsx", b"PK\x03\x04 not really a workbook", "not an Excel workbook"),
        ("list.xlsx", b"Amnesty International", "not an Excel workbook"),
        ("list.xlsx", zip_bomb(), "unpacks to far more than its size"),
        ("list.csv", bytes(range(256)) * 40, "not a CSV text file"),
        ("list.pdf", b"%PDF-1.7", "Upload a spreadsheet saved as .csv or .xlsx."),
        ("list.csv", b"x" * (50 * 1024 * 1024), "larger than 2 MB"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message_and_the_text_kept(
    as_, draft, name, content, message
):
    page = as_("editor").post(
        paste_url(draft),
        {"text": "Amnesty International (typed)", "upload": SimpleUploadedFile(name, content), "action": "preview"},
    )

    assert page.status_code == 422
    assert message in page.content.decode()
    assert "Amnesty International (typed)" in page.content.decode()
    assert len(entered(draft)) == 1


def test_a_paste_of_20000_rows_is_refused_with_a_message_and_the_text_kept(as_, draft):
    page = preview(as_("editor"), draft, "\n".join(f"Group {n}" for n in range(20_000)))

    body = page.content.decode()
    assert page.status_code == 422
    assert "The list has 20000 rows; at most 2000 are added at once" in body
    assert "Group 19999" in body
    assert len(entered(draft)) == 1


def test_binary_garbage_pasted_is_marked_not_saved(as_, draft):
    page = preview(as_("editor"), draft, "".join(chr(c) for c in range(1, 32)) + "\n\x7f\x80\x81")

    assert page.status_code in (200, 422)
    assert "Add the" not in page.content.decode()
    assert len(entered(draft)) == 1


def test_the_page_is_in_french_for_a_french_speaker(as_, draft):
    client = as_("editor")
    client.cookies["django_language"] = "fr"

    page = client.post(
        paste_url(draft), {"text": "Some Group (Nowhere, Atlantis)", "action": "preview"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    body = page.content.decode()
    assert "Nous ne connaissons pas le pays «\u00a0Atlantis\u00a0»." in body
    assert "Prévisualiser à nouveau" in body


def test_an_outsider_cannot_paste_into_the_letter(as_, draft):
    page = preview(as_("outsider"), draft, "Amnesty International")

    assert page.status_code in (403, 404)
    assert len(entered(draft)) == 1
