"""A coordinator moves a letter between sites: JSON out, `import_letter` in, nothing lost, bad files refused whole."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from r2p_letters.letters.models import LegalInstrument, Letter
from r2p_letters.letters.services import letter_template_create_for
from r2p_letters.organizations.models import Organization
from r2p_letters.printing.exports import letter_data, letter_json

from ..helpers.letters import (
    HOSTILE_NAMES,
    letter_signed_by_hostile_names,
    letter_with_every_part,
    letter_with_private_online_signature,
)
from ..helpers.pdf import SEED_LETTERS


def without_slug(data: dict) -> dict:
    return {**data, "letter": {**data["letter"], "slug": None}}


def import_file(tmp_path, data, *args) -> Letter:
    path = tmp_path / "letter.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    before = set(Letter.objects.values_list("pk", flat=True))
    call_command("import_letter", str(path), *args)
    (new,) = Letter.objects.exclude(pk__in=before)
    return Letter.objects.with_everything().get(pk=new.pk)


@pytest.mark.parametrize("slug", SEED_LETTERS)
def test_a_seed_letter_comes_back_identical(examples, tmp_path, slug):
    exported = letter_data(examples[slug])

    imported = import_file(tmp_path, letter_json(examples[slug]))

    assert without_slug(letter_data(imported)) == without_slug(exported)
    assert imported.slug != slug and imported.status == Letter.Status.DRAFT


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_letter_with_every_kind_of_part_comes_back_identical(make_letter, ngo, tmp_path, language):
    letter = letter_with_every_part(make_letter, ngo, language=language, subject="حصار الفاشر")
    exported = letter_data(letter)

    imported = import_file(tmp_path, letter_json(letter), "--status", "published")

    assert without_slug(letter_data(imported)) == without_slug(exported)
    assert imported.lead_organization == ngo and imported.status == Letter.Status.PUBLISHED
    assert exported["letter"]["signatories"][1]["location"] == "New York, USA"
    assert len(exported["letter"]["legal_bases"]) == 2 and exported["letter"]["footnotes"]


def test_the_file_says_its_format_and_version(examples):
    data = json.loads(letter_json(examples["2014-car-unsc-members"]))

    assert (data["format"], data["version"]) == ("r2p-letter", 1)
    assert data["letter"]["template"] == "letter-foreign-ministers"


def test_a_missing_instrument_is_added_unverified_and_a_missing_organization_left_empty(
    make_letter, ngo, tmp_path, capsys
):
    data = letter_data(letter_with_every_part(make_letter, ngo))
    data["letter"]["legal_bases"][0]["instrument"]["symbol"] = "S/RES/2736 (2024)"
    situation = data["letter"]["paragraphs"]["situation"]
    situation[-1] = situation[-1].replace("S/RES/1674 (2006)", "S/RES/2736 (2024)")
    data["letter"]["lead_organization"] = "nobody-here"

    letter = import_file(tmp_path, data)

    instrument = LegalInstrument.objects.get(symbol="S/RES/2736 (2024)")
    assert not instrument.verified and instrument.title == "Protection of civilians in armed conflict"
    assert letter.legal_bases.all()[0].instrument == instrument
    assert letter.lead_organization is None
    assert "nobody-here" in capsys.readouterr().err


def test_a_file_exported_before_citations_went_inline_prints_its_legal_basis_as_it_did(make_letter, ngo, tmp_path):
    data = letter_data(letter_with_every_part(make_letter, ngo))
    situation = data["letter"]["paragraphs"]["situation"]
    # As the export wrote it then: the legal basis's words apart, each entry with its words.
    situation.pop()
    for entry, words in zip(
        data["letter"]["legal_bases"], ["The Council has reaffirmed its resolve.", ""], strict=True
    ):
        entry["text"] = words

    letter = import_file(tmp_path, data)

    assert [p.text for p in letter.paragraphs_of("situation")][1:] == [
        "Famine has been confirmed.",
        "The Council has reaffirmed its resolve.[^S/RES/1674 (2006), para. 4][^A/RES/60/1]",
    ]
    assert [b.citation for b in letter.legal_bases.all()] == ["S/RES/1674 (2006), para. 4", "A/RES/60/1"]


def every_part_data(make_letter, ngo) -> dict:
    return letter_data(letter_with_every_part(make_letter, ngo))


def broken(change):
    def make(data):
        change(data["letter"])
        return data

    return make


BAD_FILES = {
    "not JSON": (lambda data: "{not json", "not valid JSON"),
    "another format": (lambda data: {**data, "format": "petition"}, "not an R2P letter"),
    "a later version": (lambda data: {**data, "version": 2}, "version of the format (2)"),
    "no letter": (lambda data: {"format": "r2p-letter", "version": 1}, "letter must be an object"),
    "no title": (broken(lambda letter: letter.pop("title")), "letter.title is missing"),
    "a title too long": (broken(lambda letter: letter.update(title="x" * 301)), "letter.title"),
    "a paragraph too long": (
        broken(lambda letter: letter["paragraphs"]["situation"].append("x" * 10_001)),
        "letter.paragraphs.situation[3].text is longer than 10000",
    ),
    "an unknown language": (broken(lambda letter: letter.update(language="tlh")), "letter.language"),
    "a bad date": (broken(lambda letter: letter.update(date="2 March")), "letter.date is not a date"),
    "an unknown country": (broken(lambda letter: letter.update(concerned_country="ZZ")), "letter.concerned_country"),
    "an unknown template": (broken(lambda letter: letter.update(template="nope")), "no template “nope”"),
    "an unknown section": (broken(lambda letter: letter["paragraphs"].update(preface=["x"])), "unknown section"),
    "asks not a list": (broken(lambda letter: letter.update(asks="ask")), "letter.asks must be a list"),
    "a number for text": (broken(lambda letter: letter["asks"][0].update(text=7)), "letter.asks[0].text must be text"),
    "a null character": (broken(lambda letter: letter.update(subject="a\x00b")), "null character"),
    "a nameless signatory": (
        broken(lambda letter: letter["signatories"][2].update(organization="", person_name="")),
        "letter.signatories[2] needs an organization",
    ),
    "an unknown role": (
        broken(lambda letter: letter["signatories"][0].update(role="king")),
        "letter.signatories[0].role",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_written(make_letter, ngo, tmp_path, case):
    make_bad, message = BAD_FILES[case]
    data = every_part_data(make_letter, ngo)
    data["letter"]["legal_bases"][0]["instrument"]["symbol"] = "S/RES/9999 (2030)"  # would be created first
    bad = make_bad(data)
    path = tmp_path / "letter.json"
    path.write_text(bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
    letters, instruments = Letter.objects.count(), LegalInstrument.objects.count()

    with pytest.raises(CommandError) as refused:
        call_command("import_letter", str(path))

    assert message in str(refused.value)
    assert str(refused.value).startswith("Nothing was imported.")
    assert refused.value.returncode == 1
    assert (Letter.objects.count(), LegalInstrument.objects.count()) == (letters, instruments)


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_letter", str(tmp_path / "nowhere.json"))


def test_the_download_is_named_after_the_letter(client, examples):
    response = client.get(reverse("letters:export", args=["2014-car-unsc-members", "json"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="2014-car-unsc-members.json"'
    assert response.json()["letter"]["salutation"] == "Dear Minister,"


def test_an_outsider_gets_404_for_a_drafts_json(make_letter, ngo, as_):
    letter = make_letter(slug="draft-letter", status=Letter.Status.DRAFT, lead_organization=ngo)
    url = reverse("letters:export", args=[letter.slug, "json"])

    assert as_("outsider").get(url).status_code == 404
    assert as_("viewer").get(url).status_code == 200


def test_private_online_signatures_stay_out_of_the_public_json(make_letter, ngo, people, as_):
    letter = letter_with_private_online_signature(make_letter, ngo, people["owner"])
    url = reverse("letters:export", args=[letter.slug, "json"])

    public = [s["organization"] for s in as_(None).get(url).json()["letter"]["signatories"]]
    members = [s["organization"] for s in as_("viewer").get(url).json()["letter"]["signatories"]]

    assert public == ["Entered Lead Organization"]
    assert "Secret Signers League" in members


def test_hostile_names_come_out_as_text_and_go_back_in_as_text(make_letter, client, tmp_path):
    letter = letter_signed_by_hostile_names(make_letter)

    data = client.get(reverse("letters:export", args=[letter.slug, "json"])).json()
    imported = import_file(tmp_path, data)

    assert [s["organization"] for s in data["letter"]["signatories"]] == list(HOSTILE_NAMES)
    assert [s.organization for s in imported.signatories.all()] == list(HOSTILE_NAMES)


def test_an_existing_organization_is_found_by_slug(make_letter, ngo, tmp_path):
    data = every_part_data(make_letter, ngo)

    assert import_file(tmp_path, data).lead_organization == Organization.objects.get(slug=ngo.slug)


def refused(tmp_path, raw: str | dict) -> str:
    """Import ``raw`` and return the command's error; nothing may have been written."""
    path = tmp_path / "letter.json"
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw), encoding="utf-8")
    letters, instruments = Letter.objects.count(), LegalInstrument.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_letter", str(path))
    assert (Letter.objects.count(), LegalInstrument.objects.count()) == (letters, instruments)
    assert str(error.value).startswith("Nothing was imported.")
    return str(error.value)


@pytest.mark.parametrize("nesting", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_a_deeply_nested_file_is_refused_with_a_clear_message(db, tmp_path, nesting):
    message = refused(tmp_path, '{"format": "r2p-letter", "version": 1, "letter": ' + nesting + "}")

    assert "nests its data too deeply" in message


def test_nesting_a_letter_never_has_is_refused_before_anything_reads_it(make_letter, ngo, tmp_path):
    data = every_part_data(make_letter, ngo)
    deep = "x"
    for _level in range(500):
        deep = [deep]
    data["letter"]["lead_organization"] = deep

    assert "nests its data too deeply" in refused(tmp_path, data)


@pytest.fixture
def house_style_of(builtin_templates):
    def make(organization):
        return letter_template_create_for(
            organization=organization, source=builtin_templates["open-letter-security-council"], name="House style"
        )

    return make


def test_a_file_naming_another_organizations_house_style_is_refused(
    make_letter, ngo, co_lead, house_style_of, tmp_path
):
    theirs = house_style_of(co_lead)
    data = every_part_data(make_letter, ngo)
    data["letter"]["template"] = theirs.slug

    message = refused(tmp_path, data)

    assert f"“{theirs.slug}” is the house style of another organization" in message
    data["letter"]["lead_organization"] = None
    assert "house style of another organization" in refused(tmp_path, data)


def test_a_file_naming_its_lead_organizations_own_house_style_keeps_it(make_letter, ngo, house_style_of, tmp_path):
    own = house_style_of(ngo)
    data = every_part_data(make_letter, ngo)
    data["letter"]["template"] = own.slug

    assert import_file(tmp_path, data).template == own
