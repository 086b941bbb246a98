"""`manage.py load_examples` loads the seed library faithfully, and running it again changes nothing."""

import datetime

from django.core.management import call_command

from r2p_letters.letters.models import LegalInstrument, Letter, LetterTemplate, Signatory
from r2p_letters.printing.html import render_letter


def counts():
    return (
        Letter.objects.count(),
        Signatory.objects.count(),
        LegalInstrument.objects.count(),
        LetterTemplate.objects.count(),
    )


def test_it_loads_the_three_letters_the_catalogue_and_the_templates(db):
    call_command("load_examples")

    assert sorted(Letter.objects.values_list("slug", flat=True)) == [
        "2010-kyrgyzstan-gcr2p",
        "2010-kyrgyzstan-icrtop",
        "2014-car-unsc-members",
    ]
    assert LetterTemplate.objects.filter(is_builtin=True).count() == 2


def test_running_it_twice_changes_nothing(db):
    call_command("load_examples")
    before = counts()

    call_command("load_examples")

    assert counts() == before


def test_it_keeps_a_letter_someone_edited_unless_asked_to_refresh(db):
    call_command("load_examples")
    Letter.objects.filter(slug="2010-kyrgyzstan-gcr2p").update(title="Edited title")

    call_command("load_examples")
    assert Letter.objects.get(slug="2010-kyrgyzstan-gcr2p").title == "Edited title"

    call_command("load_examples", "--refresh")
    assert Letter.objects.get(slug="2010-kyrgyzstan-gcr2p").title.startswith("Open Letter to the United")


def test_the_seed_letters_keep_their_heading_as_written(examples):
    car = examples["2014-car-unsc-members"]
    icrtop = examples["2010-kyrgyzstan-icrtop"]

    assert (car.date, car.date_line, car.date_style, car.salutation, car.valediction) == (
        datetime.date(2014, 3, 13),
        "March 13, 2014",
        "month_day_year",
        "Dear Minister,",
        "Sincerely,",
    )
    assert car.template.slug == "letter-foreign-ministers"
    assert (icrtop.date_line, icrtop.date_style, icrtop.issued_by) == (
        "23 June 2010",
        "day_month_year",
        "The International Coalition for the Responsibility to Protect",
    )
    # Their dates print as their sources write them.
    assert "March 13, 2014" in render_letter(car).html
    assert "23 June 2010" in render_letter(icrtop).html


def test_the_seed_signatories_have_their_city_and_country(examples):
    signatories = {s.organization: s for s in examples["2010-kyrgyzstan-icrtop"].signatories.all()}

    assert len(signatories) == 20
    assert (signatories["Genocide Alert"].city, signatories["Genocide Alert"].country.code) == ("Köln", "DE")
    assert signatories["United Nations Association of Sweden"].display_line == (
        "United Nations Association of Sweden (Stockholm, Sweden)"
    )
    assert signatories["West Africa Civil Society Institute"].country.code == "GH"
    assert [s.organization for s in examples["2014-car-unsc-members"].signatories.all()][:2] == [
        "Amnesty International",
        "Central African League for Human Rights (LCDH)",
    ]


def test_the_sections_are_structured(examples):
    icrtop = examples["2010-kyrgyzstan-icrtop"]

    assert [b.instrument.symbol for b in icrtop.legal_bases.all()] == [
        "A/RES/60/1",
        "S/RES/1674 (2006)",
        "A/RES/63/308",
    ]
    assert icrtop.asks.count() >= 1
    assert icrtop.paragraphs_of("situation")
    assert "indiscriminate killings" in icrtop.paragraphs_of("situation")[0].text
