"""Checks before a letter goes out: each finds its defect and keeps quiet on a letter without it; the seed
letters are found only with the defects they really have; ``manage.py check_letter`` reports them."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from r2p_letters.letters.checks import letter_checks
from r2p_letters.letters.models import Letter, Signatory

from ..factories import AskFactory, InstrumentFactory, ParagraphFactory, SignatoryFactory

SOURCED = "The UN reports that 2,000 people were killed in Bangui, Central African Republic.[^1]"


@pytest.fixture
def letter(make_letter):
    """A letter that passes every check: each test adds the one defect it looks for."""
    letter = make_letter(status=Letter.Status.DRAFT, date=datetime.date(2026, 3, 3), concerned_country="CF")
    ParagraphFactory(letter=letter, section="situation", position=0, text=SOURCED)
    AskFactory(
        letter=letter, position=0, text="The Security Council must renew MINUSCA's mandate.", by_when="By 15 November"
    )
    SignatoryFactory(letter=letter, organization="Ligue centrafricaine des droits de l'homme", position=0)
    return letter


def codes(letter) -> list[str]:
    return [finding.code for finding in letter_checks(Letter.objects.with_everything().get(pk=letter.pk))]


def findings(letter, code):
    return [f for f in letter_checks(Letter.objects.with_everything().get(pk=letter.pk)) if f.code == code]


def test_a_sound_letter_raises_nothing(letter):
    assert codes(letter) == []


def test_an_ask_that_names_no_one_to_act_is_found(letter):
    AskFactory(letter=letter, position=1, text="More peacekeepers and a stronger mandate.", by_when="Before March")

    [finding] = findings(letter, "ask-no-actor")

    assert (finding.section, finding.item, finding.severity) == ("asks", 2, "warning")
    assert "Ask 2 names no one to act" in finding.message


def test_an_ask_without_by_when_is_found_unless_its_text_says_when(letter):
    AskFactory(letter=letter, position=1, text="The Council must protect civilians.", by_when="")
    AskFactory(letter=letter, position=2, text="The Council must act immediately.", by_when="")

    assert [(f.item, f.section) for f in findings(letter, "ask-no-deadline")] == [(2, "asks")]


def test_a_date_already_past_in_an_ask_is_an_error_while_the_letter_is_prepared(letter):
    past = timezone.localdate() - datetime.timedelta(days=3)
    AskFactory(letter=letter, position=1, text="The Council must act.", by_when=f"by {past:%d %B %Y}")

    [finding] = findings(letter, "deadline-past")
    assert finding.severity == "error" and finding.item == 2

    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.PUBLISHED)
    assert findings(letter, "deadline-past") == []


def test_a_date_to_come_in_an_ask_is_no_error(letter):
    coming = timezone.localdate() + datetime.timedelta(days=30)
    AskFactory(letter=letter, position=1, text="The Council must act.", by_when=f"by {coming:%B %d, %Y}")

    assert findings(letter, "deadline-past") == []


def test_a_figure_without_a_source_in_its_paragraph_is_found(letter):
    ParagraphFactory(letter=letter, section="situation", position=1, text="Over 400,000 people fled their homes.")
    ParagraphFactory(letter=letter, section="situation", position=2, text="According to OCHA, 12% are children.")
    ParagraphFactory(letter=letter, section="situation", position=3, text="Resolution 2127 (2013) set it up.")

    [finding] = findings(letter, "figure-no-source")

    assert (finding.section, finding.item) == ("situation", 2)
    assert "400,000" in finding.message


def test_a_malformed_un_symbol_is_an_error(letter):
    ParagraphFactory(letter=letter, section="situation", position=1, text="As S/RES1674 said, it must act.[^1]")

    [finding] = findings(letter, "symbol-malformed")

    assert finding.severity == "error" and (finding.section, finding.item) == ("situation", 2)
    assert "S/RES1674" in finding.message


def test_a_well_formed_symbol_is_not_malformed(letter):
    InstrumentFactory(symbol="S/RES/1674 (2006)", slug="s-res-1674", adopted_on=datetime.date(2006, 4, 28))
    ParagraphFactory(letter=letter, section="situation", position=1, text="As S/RES/1674 (2006) said, and A/RES/60/1.")

    assert "symbol-malformed" not in codes(letter)


def test_a_symbol_the_catalogue_lacks_is_found(letter):
    ParagraphFactory(letter=letter, section="opening", position=0, text="We recall S/PRST/2021/7.")

    [finding] = findings(letter, "symbol-unknown")

    assert (finding.section, finding.item) == ("opening", 1) and "S/PRST/2021/7" in finding.message


def test_a_resolution_adopted_after_the_letters_date_is_an_error(letter):
    InstrumentFactory(symbol="S/RES/2800 (2026)", slug="s-res-2800", adopted_on=datetime.date(2026, 11, 14))
    ParagraphFactory(letter=letter, section="opening", position=0, text="Resolution 2800 (2026) renewed it.")

    [finding] = findings(letter, "resolution-after-letter")
    assert finding.severity == "error"

    Letter.objects.filter(pk=letter.pk).update(date=datetime.date(2026, 11, 20))
    assert findings(letter, "resolution-after-letter") == []


def test_a_resolution_cited_with_the_wrong_year_is_an_error(letter):
    InstrumentFactory(symbol="S/RES/1674 (2006)", slug="s-res-1674", adopted_on=datetime.date(2006, 4, 28))
    ParagraphFactory(letter=letter, section="opening", position=0, text="Resolution 1674 (2016) says so.")

    [finding] = findings(letter, "symbol-wrong-year")

    assert "S/RES/1674 (2006)" in finding.message


def test_invoking_the_responsibility_to_protect_without_the_world_summit_is_found(letter):
    ParagraphFactory(letter=letter, section="opening", position=0, text="The Council has a responsibility to protect.")

    [finding] = findings(letter, "r2p-no-world-summit")
    assert (finding.section, finding.item) == ("opening", 1)

    ParagraphFactory(
        letter=letter, section="opening", position=1, text="States accepted it in 2005.[^A/RES/60/1, paras 138–139]"
    )
    assert findings(letter, "r2p-no-world-summit") == []


def test_a_letter_longer_than_two_pages_is_found(letter):
    ParagraphFactory(letter=letter, section="situation", position=1, text="According to the UN, civilians fled. " * 200)

    [finding] = findings(letter, "letter-too-long")

    assert finding.severity == "warning" and "two printed pages" in finding.message


def test_duplicate_signatories_are_found_whatever_their_case_and_accents(letter):
    SignatoryFactory(letter=letter, organization="LIGUE CENTRAFRICAINE DES DROITS DE L’HOMME", position=5)

    [finding] = findings(letter, "signatory-duplicate")

    assert (finding.section, finding.item, finding.severity) == ("signatories", 2, "error")


def test_a_signatory_without_a_country_is_found_unless_its_place_is_printed(letter):
    SignatoryFactory(letter=letter, organization="Amnesty International", country="", city="", position=5)
    SignatoryFactory(letter=letter, organization="Humanity United", country="", location="Worldwide", position=6)

    assert [f.item for f in findings(letter, "signatory-no-country")] == [2]


def test_signatures_collected_online_are_not_the_composers_to_fix(letter):
    SignatoryFactory(
        letter=letter, organization="Ligue centrafricaine des droits de l'homme", source=Signatory.Source.ONLINE
    )

    assert "signatory-duplicate" not in codes(letter)


def test_a_letter_that_never_names_its_country_is_found(letter):
    Letter.objects.filter(pk=letter.pk).update(concerned_country="SS")

    [finding] = findings(letter, "country-not-named")

    assert "South Sudan" in finding.message


def test_the_messages_are_in_french_too(letter):
    AskFactory(letter=letter, position=1, text="Un mandat plus fort.", by_when="Avant mars")

    with translation.override("fr"):
        [finding] = findings(letter, "ask-no-actor")

    assert "La demande 2" in finding.message


def test_the_seed_letters_show_only_the_defects_they_have(examples):
    found = {slug: sorted(set(codes(letter))) for slug, letter in examples.items()}

    assert found == {
        "2010-kyrgyzstan-gcr2p": [
            "ask-no-deadline",
            "figure-no-source",
            "letter-too-long",
            "signatory-no-country",
        ],
        "2010-kyrgyzstan-icrtop": [],
        "2014-car-unsc-members": ["ask-no-deadline", "signatory-no-country"],
    }


def test_the_command_prints_json_and_exits_1_on_an_error(letter, capsys):
    ParagraphFactory(letter=letter, section="situation", position=1, text="As S/RES1674 said.[^1]")

    with pytest.raises(SystemExit) as exited:
        call_command("check_letter", letter.slug, "--json")

    assert exited.value.code == 1
    [finding] = json.loads(capsys.readouterr().out)
    assert finding == {
        "code": "symbol-malformed",
        "severity": "error",
        "section": "situation",
        "item": 2,
        "message": finding["message"],
    }


def test_the_command_exits_0_on_warnings_only(letter, capsys):
    AskFactory(letter=letter, position=1, text="The Council must protect civilians.")

    call_command("check_letter", letter.slug, "--json", "--language", "fr")

    [finding] = json.loads(capsys.readouterr().out)
    assert finding["code"] == "ask-no-deadline" and "La demande 2" in finding["message"]


def test_the_command_refuses_an_unknown_letter(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("check_letter", "no-such-letter")


def test_the_catalogue_knows_the_thematic_resolutions_letters_cite(examples, letter):
    ParagraphFactory(
        letter=letter,
        section="opening",
        position=0,
        text="As resolutions 1820 (2008), 1888 (2009), 1882 (2009), 1998 (2011) and 2225 (2015) demand.",
    )

    assert "symbol-unknown" not in codes(letter)
