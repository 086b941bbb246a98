"""Drafters import a letter written elsewhere: paste it or upload it, review the section each block was given
(moving any of them, with JavaScript off), fix a signatory row, then create the draft in one click."""

import html
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from r2p_letters.letters.draft_import import JSON_KEYS, MAX_LINES
from r2p_letters.letters.models import Letter
from r2p_letters.printing.exports_docx import letter_docx

from ..helpers.drafts import seed_source_path

DRAFTS = Path(__file__).resolve().parent / "drafts"
IMPORT, REVIEW = reverse("letters:import"), reverse("letters:import_review")


@pytest.fixture
def choices(builtin_templates, ngo):
    return {"organization": ngo.pk, "template": builtin_templates["open-letter-security-council"].pk, "language": "en"}


def review_of(client, choices, text=None, upload=None):
    """The review page of a paste (or an upload), and the data its form would post back unchanged."""
    data = dict(choices, text=text or "")
    if upload is not None:
        data["file"] = upload
    response = client.post(IMPORT, data)
    assert response.status_code == 200, response.content.decode()[:3000]
    return response, posted_back(response)


def posted_back(response) -> dict:
    """What the browser posts from the review page: hidden fields, each block's selected section, the rows."""
    page = response.content.decode()
    form = page[page.index('action="' + REVIEW) :]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="checkbox"' in tag or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name[1]] = html.unescape(value[1]) if value else ""
    for select in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select[1])
        data[select[0]] = chosen[1] if chosen else ""
    return data


def sections_of(data: dict) -> dict[int, str]:
    blocks = json.loads(data["blocks"])
    return {i: (data[f"section_{i}"], blocks[i]["text"]) for i in range(len(blocks))}


def test_a_pasted_seed_letter_becomes_a_draft_with_its_sections_and_signatories(as_, choices, ngo, people):
    client = as_("editor")
    response, data = review_of(client, choices, seed_source_path("2014-car-unsc-members").read_text())
    assert "Dear Minister," in response.content.decode()
    assert Letter.objects.count() == 0  # nothing is created before the click

    response = client.post(REVIEW, {**data, "create": "1"})

    letter = Letter.objects.get()
    assert response["Location"] == reverse("letters:compose", args=[letter.slug])
    assert letter.status == Letter.Status.DRAFT and letter.lead_organization == ngo
    assert letter.created_by == people["editor"]
    assert letter.salutation == "Dear Minister," and letter.date_line == "March 13, 2014"
    assert str(letter.date) == "2014-03-13"
    assert len(letter.paragraphs_of("opening")) == 1 and len(letter.paragraphs_of("situation")) == 6
    assert letter.asks.count() == 2 and len(letter.paragraphs_of("closing")) == 1
    assert list(letter.signatories.values_list("organization", flat=True))[:2] == [
        "Amnesty International",
        "Central African League for Human Rights (LCDH)",
    ]


def test_a_block_moved_to_another_section_with_its_select_goes_there(as_, choices):
    client = as_("editor")
    _response, data = review_of(client, choices, seed_source_path("2014-car-unsc-members").read_text())
    blocks = sections_of(data)
    (closing,) = [i for i, (section, _t) in blocks.items() if section == "closing"]
    data[f"section_{closing}"] = "ask"

    client.post(REVIEW, {**data, "create": "1"})

    letter = Letter.objects.get()
    assert letter.asks.count() == 3 and letter.paragraphs_of("closing") == []
    assert letter.asks.last().text.startswith("At a time of global financial constraints")


def test_a_title_typed_on_the_review_page_is_the_drafts_title(as_, choices):
    client = as_("editor")
    response, data = review_of(client, choices, DRAFTS.joinpath("2021-wps-key-messages.txt").read_text())
    assert "No title found: type the letter&#x27;s title" in response.content.decode()

    client.post(REVIEW, {**data, "title": "Five key messages on Women, Peace and Security", "create": "1"})

    assert Letter.objects.get().title == "Five key messages on Women, Peace and Security"


def test_the_draft_prints_its_asks_and_date_as_the_source_wrote_them(as_, choices):
    client = as_("editor")
    wps = DRAFTS.joinpath("2021-wps-key-messages.txt").read_text()
    numbered = wps.replace("October 20, 2021", "20 October 2021")
    for n, marker in enumerate(["- Ensure", "- Protect", "- Fund", "- Include", "- Implement"], start=1):
        numbered = numbered.replace(marker, f"{n}. {marker[2:]}")

    for text in (wps, numbered):
        _response, data = review_of(client, choices, text)
        client.post(REVIEW, {**data, "create": "1"})

    bulleted, numbered = Letter.objects.order_by("pk")
    assert (bulleted.asks_style, bulleted.date_style) == ("bulleted", "month_day_year")
    assert (numbered.asks_style, numbered.date_style) == ("numbered", "day_month_year")
    assert numbered.asks.first().text.startswith("Ensure the full")


def test_a_list_of_key_messages_that_tell_the_council_what_to_do_are_the_asks(ngo, capsys):
    structure = structure_of(DRAFTS / "2021-wps-key-messages.txt", ngo, capsys)

    assert [ask.split()[0] for ask in structure["asks"]] == ["Ensure", "Protect", "Fund", "Include", "Implement"]
    assert structure["paragraphs"][-1] == {"section": "situation", "text": "Our five key messages:"}
    assert structure["date"] == "2021-10-20" and structure["title"] == ""
    assert structure["addressee"] == "Members of the United Nations Security Council\nNew York"
    assert [s["country"] for s in structure["signatories"]][-2:] == ["KR", "CO"]
    assert structure["citations"] == ["S/RES/1325 (2000)", "S/2021/827", "S/RES/2467 (2019)"]


def test_a_line_moved_out_of_the_signatories_is_read_again_and_leaves_the_rows(as_, choices):
    client = as_("editor")
    _response, data = review_of(client, choices, seed_source_path("2010-kyrgyzstan-icrtop").read_text())
    (last,) = [i for i, (s, t) in sections_of(data).items() if t.startswith("Zentrum")]
    data[f"section_{last}"] = "omit"

    response = client.post(REVIEW, {**data, "update": "1"})

    again = posted_back(response)
    assert again["rows-TOTAL_FORMS"] == "19"
    client.post(REVIEW, {**again, "create": "1"})
    assert Letter.objects.get().signatories.count() == 19


def test_a_fixed_signatory_row_is_created_as_fixed(as_, choices):
    client = as_("editor")
    _response, data = review_of(client, choices, seed_source_path("2010-kyrgyzstan-icrtop").read_text())
    assert data["rows-17-organization"] == "World Federalist Movement-Institute for Global Policy"
    data["rows-17-city"], data["rows-17-country"] = "New York", "US"

    client.post(REVIEW, {**data, "create": "1"})

    wfm = Letter.objects.get().signatories.get(organization__startswith="World Federalist")
    assert (wfm.city, wfm.country.code, wfm.location) == ("New York", "US", "New York and The Hague")


def test_an_invalid_signatory_row_creates_nothing_and_keeps_every_block(as_, choices):
    client = as_("editor")
    _response, data = review_of(client, choices, seed_source_path("2010-kyrgyzstan-icrtop").read_text())
    data["rows-0-organization"] = "Citizens\u202efor Global Solutions"  # a direction override

    response = client.post(REVIEW, {**data, "create": "1"})

    assert response.status_code == 400 and Letter.objects.count() == 0
    assert posted_back(response)["blocks"] == data["blocks"]
    assert "hidden characters" in response.content.decode()


def test_going_back_to_the_text_keeps_it(as_, choices):
    client = as_("editor")
    text = seed_source_path("2014-car-unsc-members").read_text()
    _response, data = review_of(client, choices, text)

    response = client.post(REVIEW, {**data, "back": "1"})

    page = response.content.decode()
    assert "Only a strong UN peacekeeping mission will have the resources" in page
    assert "Invisible Children" in page and Letter.objects.count() == 0


def test_a_viewer_cannot_import_for_the_organization_and_nothing_is_created(as_, choices):
    response = as_("viewer").post(IMPORT, dict(choices, text="Sincerely,\n\nAmnesty International"))

    assert response.status_code == 302 and response["Location"] == reverse("organizations:list")


def test_a_review_posted_for_an_organization_the_user_does_not_draft_for_creates_nothing(as_, choices, people):
    from r2p_letters.organizations.services import organization_create

    _response, data = review_of(as_("editor"), choices, seed_source_path("2014-car-unsc-members").read_text())
    other = organization_create(user=people["outsider"], name="Elsewhere", city="Paris", country="FR")
    outsider_data = {**data, "organization": other.pk}

    response = as_("editor").post(REVIEW, {**outsider_data, "create": "1"})

    assert response.status_code == 400 and Letter.objects.count() == 0
    assert "Only a strong UN peacekeeping mission" in response.content.decode()  # the text is kept


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(IMPORT)["Location"].startswith(reverse("accounts:login"))


# -- letters of every kind ------------------------------------------------------------------------------------


def structure_of(path: Path, ngo, capsys, *, language="en") -> dict:
    call_command("import_draft", str(path), organization=ngo.slug, json=True, language=language)
    return json.loads(capsys.readouterr().out)


def test_import_draft_json_prints_the_structure_with_exactly_its_keys_and_creates_nothing(ngo, capsys):
    structure = structure_of(seed_source_path("2010-kyrgyzstan-icrtop"), ngo, capsys)

    assert tuple(structure) == JSON_KEYS
    assert structure["signatories"][0] == {
        "organization": "Citizens for Global Solutions",
        "city": "Washington",
        "country": "US",
        "person": "",
        "title": "",
    }
    assert Letter.objects.count() == 0


def test_import_draft_without_json_creates_the_draft(ngo, builtin_templates, capsys, people):
    call_command("import_draft", str(seed_source_path("2010-kyrgyzstan-gcr2p")), organization=ngo.slug)

    letter = Letter.objects.get()
    assert letter.status == Letter.Status.DRAFT and letter.created_by == people["owner"]
    (signatory,) = letter.signatories.all()
    assert (signatory.person_name, signatory.person_title, signatory.role) == (
        "Dr. Mónica Serrano",
        "Executive Director",
        "lead",
    )
    assert signatory.organization == ngo.name  # she signs for the organization importing the letter


def test_import_draft_refuses_an_unknown_organization(db):
    with pytest.raises(CommandError, match="No organization"):
        call_command("import_draft", str(DRAFTS / "2021-mali-lettre-ouverte.txt"), organization="nobody")


def test_a_letter_with_a_to_block_bullets_and_notes_is_read_whole(ngo, capsys):
    structure = structure_of(DRAFTS / "2020-syria-joint-letter.txt", ngo, capsys)

    assert (structure["place"], structure["date"]) == ("New York", "2020-04-17")
    assert structure["addressee"].splitlines()[:2] == ["H.E. Mr. Zhang Jun", "President of the Security Council"]
    assert structure["salutation"] == "Excellency,"
    assert structure["subject"] == "Protection of civilians in Idlib and the renewal of cross-border aid"
    assert [p["section"] for p in structure["paragraphs"]] == ["opening", "situation", "situation", "situation"]
    # A paragraph broken at 72 columns is mended; its note calls are kept.
    assert "on behalf of the undersigned humanitarian" in structure["paragraphs"][0]["text"]
    assert "most of them women and children.[^1]" in structure["paragraphs"][1]["text"]
    assert [a[:20] for a in structure["asks"]] == [
        "renew without delay ",
        "demand that all part",
        "request the Secretar",
    ]
    assert structure["closing"][0].startswith("We stand ready to brief")
    assert structure["valediction"] == "Yours sincerely,"
    assert structure["signatories"][0] == {
        "organization": "Syrian Women's Network",
        "city": "",
        "country": "",
        "person": "Amina Haddad",
        "title": "Executive Director",
    }
    assert len(structure["footnotes"]) == 2 and structure["footnotes"][1].endswith("A/HRC/43/57.")
    assert "S/RES/2165 (2014)" in structure["citations"] and "S/RES/2504 (2020)" in structure["citations"]


def test_a_letter_of_60_organizations_keeps_each_one_with_its_city_and_country(ngo, capsys):
    structure = structure_of(DRAFTS / "2019-dprk-60-organizations.md", ngo, capsys)

    assert structure["date"] == "2019-03-05"
    assert structure["addressee"].startswith("Members of the United Nations Security Council")
    assert structure["salutation"] == "Dear Mr. President and other Members representatives,"
    assert len(structure["asks"]) == 3 and structure["asks"][0].startswith("schedule a public meeting")
    rows = structure["signatories"]
    assert len(rows) == 60
    assert rows[0] == {
        "organization": "Citizens' Alliance for North Korean Human Rights",
        "city": "Seoul",
        "country": "KR",
        "person": "",
        "title": "",
    }
    assert {r["country"] for r in rows} == {"KR", "US", "JP", "CH", "GB", "FR", "DE", "PH", "TH"}
    assert all(r["city"] for r in rows)
    assert "S/RES/1718 (2006)" in structure["citations"]


def test_a_french_letter_is_read_with_its_french_date_and_countries(ngo, capsys):
    structure = structure_of(DRAFTS / "2021-mali-lettre-ouverte.txt", ngo, capsys, language="fr")

    assert structure["title"].startswith("Lettre ouverte au Conseil de sécurité")
    assert (structure["place"], structure["date"]) == ("Genève", "2021-04-17")
    assert structure["salutation"] == "Monsieur le Président,"
    assert len(structure["asks"]) == 3 and structure["asks"][0].startswith("de renouveler le mandat")
    assert structure["valediction"].startswith("Veuillez agréer")
    assert [r["country"] for r in structure["signatories"]] == ["ML", "FR", "SN", "CI"]


def word_letter() -> bytes:
    """A letter typed in Word: a heading, a date, paragraphs, a Word bulleted list, a signatory block."""
    document = docx.Document()
    document.add_heading("Joint letter on the protection of civilians in Sudan", level=1)
    document.add_paragraph("Geneva, 3 May 2023")
    document.add_paragraph("Excellencies,")
    document.add_paragraph(
        "We write on behalf of the undersigned organizations to ask the Council to act on the fighting that "
        "broke out in Khartoum on 15 April."
    )
    document.add_paragraph(
        "Hundreds of civilians have been killed and hospitals have closed across the capital, as the Council "
        "heard from the Secretary-General last week."
    )
    document.add_paragraph("We urge the Council to:")
    document.add_paragraph("demand an immediate ceasefire;", style="List Bullet")
    document.add_paragraph("ensure safe passage for humanitarian aid.", style="List Bullet")
    document.add_paragraph("Thank you for your attention to this urgent matter, on which many lives depend now.")
    document.add_paragraph("Sincerely,")
    document.add_paragraph("Sudanese Women Rights Action (Khartoum, Sudan)")
    document.add_paragraph("African Centre for Justice and Peace Studies (Kampala, Uganda)")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_word_document_is_read_with_its_bulleted_list_as_asks(as_, choices):
    client = as_("editor")
    _response, data = review_of(client, choices, upload=upload("sudan.docx", word_letter()))

    client.post(REVIEW, {**data, "create": "1"})

    letter = Letter.objects.get()
    assert letter.title == "Joint letter on the protection of civilians in Sudan"
    assert (letter.place, letter.date_line, letter.salutation) == ("Geneva", "3 May 2023", "Excellencies,")
    assert list(letter.asks.values_list("text", flat=True)) == [
        "demand an immediate ceasefire;",
        "ensure safe passage for humanitarian aid.",
    ]
    assert [(s.organization, s.city, s.country.code) for s in letter.signatories.all()] == [
        ("Sudanese Women Rights Action", "Khartoum", "SD"),
        ("African Centre for Justice and Peace Studies", "Kampala", "UG"),
    ]


def test_the_word_footnotes_of_a_document_become_the_letters_footnotes_called_where_they_were(
    examples, ngo, capsys, tmp_path
):
    # Our own DOCX export writes real Word footnotes (footnotes.xml) where the PDF puts its notes.
    path = tmp_path / "icrtop.docx"
    path.write_bytes(letter_docx(examples["2010-kyrgyzstan-icrtop"]))

    structure = structure_of(path, ngo, capsys)

    assert len(structure["footnotes"]) == 3
    assert structure["footnotes"][0].startswith("A/RES/60/1")
    assert any("[^1]" in p["text"] for p in structure["paragraphs"])
    assert len(structure["signatories"]) == 20


def test_an_odt_document_is_read(ngo, capsys, tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Open letter on Myanmar"))
    document.text.addElement(P(text="17 April 2020"))
    document.text.addElement(P(text="Dear Members of the Council,"))
    document.text.addElement(P(text="We write to ask the Council to refer the situation in Myanmar to the Court."))
    document.text.addElement(P(text="Sincerely,"))
    document.text.addElement(P(text="Burma Campaign UK (London, United Kingdom)"))
    path = tmp_path / "myanmar.odt"
    document.save(str(path))

    structure = structure_of(path, ngo, capsys)

    assert (structure["title"], structure["date"]) == ("Open letter on Myanmar", "2020-04-17")
    assert structure["signatories"][0]["country"] == "GB"


# -- bad input ------------------------------------------------------------------------------------------------


def refused(client, choices, *, text="", file=None) -> str:
    data = dict(choices, text=text)
    if file is not None:
        data["file"] = file
    response = client.post(IMPORT, data)
    assert response.status_code == 400
    assert Letter.objects.count() == 0
    return response.content.decode()


def test_a_50_mb_upload_is_refused_with_its_size(as_, choices):
    page = refused(as_("editor"), choices, file=upload("big.docx", b"0" * 50_000_000))

    assert "The file is 50.0 MB; a letter to import is at most 5 MB." in page


def test_a_zip_bomb_named_docx_is_refused_before_it_is_unpacked(as_, choices):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * 200_000_000)
    assert len(bomb.getvalue()) < 1_000_000

    page = refused(as_("editor"), choices, file=upload("letter.docx", bomb.getvalue()))

    assert "unpacks to more than 30 MB" in page


def test_a_zip_that_lies_about_its_size_is_refused_when_it_unpacks_more(as_, choices):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"a" * 40_000_000)
    raw = bytearray(bomb.getvalue())
    # Rewrite the uncompressed size the central directory declares to 1 KB.
    central = raw.rindex(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (1000).to_bytes(4, "little")

    page = refused(as_("editor"), choices, file=upload("letter.docx", bytes(raw)))

    assert "unpacks to more than 30 MB" in page or "is not a Word document" in page


def test_a_file_named_docx_that_is_not_one_is_refused(as_, choices):
    page = refused(as_("editor"), choices, file=upload("letter.docx", b"%PDF-1.7 this is a PDF" * 100))

    assert "This file is not a Word document" in page


def test_a_text_of_100000_lines_is_refused_and_kept_in_the_form(as_, choices):
    text = "Amnesty International (London, United Kingdom)\n" * 100_000

    page = refused(as_("editor"), choices, text=text)

    assert f"The text has 100,000 lines; a letter to import has at most {MAX_LINES:,}." in page
    assert page.count("Amnesty International (London, United Kingdom)") >= 100_000


def test_binary_garbage_is_refused_as_not_text(as_, choices):
    garbage = bytes(range(256)) * 400

    page = refused(as_("editor"), choices, file=upload("letter.txt", garbage))
    assert "This is not text" in page
    page = refused(as_("editor"), choices, text=garbage.decode("latin-1").replace("\x00", ""))
    assert "This is not text" in page


def test_an_empty_form_asks_for_the_letter(as_, choices):
    assert "Paste the letter, or upload it." in refused(as_("editor"), choices, text="   ")


def test_another_kind_of_file_is_refused_with_the_kinds_taken(as_, choices):
    assert "Upload a .docx, .odt, .md or .txt file" in refused(
        as_("editor"), choices, file=upload("letter.pdf", b"%PDF-1.7")
    )


def test_a_word_document_with_an_image_linked_from_the_web_fetches_nothing(as_, choices, listener):
    address, requests = listener
    document = docx.Document(io.BytesIO(word_letter()))
    part = document.part
    rid = part.relate_to(f"{address}/tracker.png", docx.opc.constants.RELATIONSHIP_TYPE.IMAGE, is_external=True)
    document.paragraphs[3]._p.append(
        docx.oxml.parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
            f'<v:imagedata r:id="{rid}"/></v:shape></w:pict></w:r>'
        )
    )
    out = io.BytesIO()
    document.save(out)

    _response, data = review_of(as_("editor"), choices, upload=upload("sudan.docx", out.getvalue()))

    assert requests == []
    assert "Sudanese Women Rights Action" in data["blocks"]


def test_a_letter_without_a_heading_keeps_every_paragraph_even_a_short_dated_one(ngo, capsys, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(
        "We write to you about the fighting that broke out in the capital, and what it means for the people.\n\n"
        "On 15 April 2023\n\n"
        "the army and the Rapid Support Forces began fighting in the streets; hundreds have died since then.\n\n"
        "We urge the Council to demand an immediate ceasefire and to protect the civilians caught in the fighting.\n\n"
        "Thank you for your attention to this urgent matter, on which many lives depend now.\n\n"
        "Sincerely,\n\n"
        "Sudanese Women Rights Action (Khartoum, Sudan)\n"
    )

    structure = structure_of(path, ngo, capsys)

    assert structure["date"] is None and structure["title"] == ""
    assert structure["paragraphs"][0]["text"].startswith("We write to you about the fighting")
    assert structure["paragraphs"][1]["text"].startswith("On 15 April 2023 the army and the Rapid Support Forces")
    assert structure["asks"][0].startswith("We urge the Council to demand")
    assert structure["closing"][0].startswith("Thank you for your attention")


def test_a_paragraph_moved_where_it_does_not_fit_is_refused_with_the_section_named(as_, choices):
    client = as_("editor")
    _response, data = review_of(client, choices, seed_source_path("2014-car-unsc-members").read_text())
    (opening,) = [i for i, (section, _t) in sections_of(data).items() if section == "opening"]
    data[f"section_{opening}"] = "salutation"

    response = client.post(REVIEW, {**data, "create": "1"})

    assert response.status_code == 400 and Letter.objects.count() == 0
    assert "The text given the section “Salutation” is longer than 200 characters" in response.content.decode()
    assert posted_back(response)[f"section_{opening}"] == "salutation"
