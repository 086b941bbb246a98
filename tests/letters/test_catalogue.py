"""The legal catalogue ships the instruments R2P and protection-of-civilians letters cite."""

import datetime
import re

import pytest
from django.urls import reverse

from r2p_letters.letters.models import LegalInstrument, Letter

from ..factories import InstrumentFactory
from ..helpers.letters import cite

REQUIRED = {
    "UN Charter, Chapter VI": datetime.date(1945, 6, 26),
    "UN Charter, Chapter VII": datetime.date(1945, 6, 26),
    "UN Charter, Chapter VIII": datetime.date(1945, 6, 26),
    "A/RES/60/1": datetime.date(2005, 9, 16),
    "S/RES/1265 (1999)": datetime.date(1999, 9, 17),
    "S/RES/1296 (2000)": datetime.date(2000, 4, 19),
    "S/RES/1674 (2006)": datetime.date(2006, 4, 28),
    "S/RES/1894 (2009)": datetime.date(2009, 11, 11),
    "S/RES/2417 (2018)": datetime.date(2018, 5, 24),
    "S/RES/2573 (2021)": datetime.date(2021, 4, 27),
    "A/RES/63/308": datetime.date(2009, 9, 14),
    "S/RES/2127 (2013)": datetime.date(2013, 12, 5),
    "S/RES/2149 (2014)": datetime.date(2014, 4, 10),
    "S/RES/2217 (2015)": datetime.date(2015, 4, 28),
    "S/RES/2301 (2016)": datetime.date(2016, 7, 26),
    "S/RES/2387 (2017)": datetime.date(2017, 11, 15),
    "S/RES/2448 (2018)": datetime.date(2018, 12, 13),
    "S/RES/2499 (2019)": datetime.date(2019, 11, 15),
    "Genocide Convention (1948)": datetime.date(1948, 12, 9),
    "Geneva Conventions (1949)": datetime.date(1949, 8, 12),
    "Rome Statute (1998)": datetime.date(1998, 7, 17),
}


def test_the_catalogue_holds_the_required_instruments_with_their_dates(examples):
    dates = dict(LegalInstrument.objects.values_list("symbol", "adopted_on"))

    assert {symbol: dates.get(symbol) for symbol in REQUIRED} == REQUIRED
    assert len(dates) >= 25


def test_every_instrument_has_a_title_summary_and_official_link(examples):
    for instrument in LegalInstrument.objects.all():
        assert instrument.title and instrument.summary, instrument.symbol
        assert instrument.url.startswith("https://"), instrument.symbol


def test_resolution_symbols_agree_with_their_year(examples):
    for instrument in LegalInstrument.objects.filter(kind=LegalInstrument.Kind.SC_RESOLUTION):
        assert instrument.symbol.endswith(f"({instrument.adopted_on.year})"), instrument.symbol


def test_an_instrument_page_lists_the_letters_that_invoke_it(client, examples):
    instrument = LegalInstrument.objects.get(symbol="A/RES/60/1")

    html = client.get(instrument.get_absolute_url()).content.decode()

    assert "2005 World Summit Outcome" in html
    assert examples["2010-kyrgyzstan-gcr2p"].title in html
    assert examples["2010-kyrgyzstan-icrtop"].title in html
    assert examples["2014-car-unsc-members"].title not in html


def test_the_catalogue_page_groups_instruments_by_kind(client, examples):
    html = client.get(reverse("letters:instruments")).content.decode()

    headings = [
        html.index(f">{kind}</h2>")
        for kind in (
            "Charter provision",
            "Treaty",
            "Security Council resolution",
            "General Assembly resolution",
            "Report or statement",
        )
    ]
    assert headings == sorted(headings)
    assert html.index("S/RES/1265 (1999)") < html.index("S/RES/2149 (2014)") < html.index("S/RES/2573 (2021)")


@pytest.fixture
def cited_in_every_status(make_letter, ngo):
    """An instrument that a letter of the NGO in each status cites, and a French translation of the published one."""
    instrument = InstrumentFactory(symbol="S/RES/2417 (2030)", slug="s-res-2417-2030")
    for status in Letter.Status.values:
        letter = make_letter(
            title=f"The {status} letter", slug=f"the-{status}-letter", status=status, lead_organization=ngo
        )
        cite(letter, instrument=instrument)
    translation = make_letter(
        title="La lettre traduite",
        slug="la-lettre-traduite",
        language="fr",
        status=Letter.Status.READY,
        lead_organization=ngo,
        is_authoritative=False,
        original=Letter.objects.get(status=Letter.Status.PUBLISHED),
    )
    cite(translation, instrument=instrument)
    return instrument


def cited_by(client, instrument) -> int:
    """The number of letters the catalogue page says cite ``instrument``."""
    html = client.get(reverse("letters:instruments")).content.decode()
    item = html[html.index(f">{instrument.symbol}</a>") :]
    count = re.search(r"cited by (\d+) letters?", item[: item.index("</li>")])
    return int(count.group(1)) if count else 0


def listed(client, instrument) -> list[str]:
    """The titles of the letters the instrument's page lists."""
    html = client.get(instrument.get_absolute_url()).content.decode()
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', html[html.index("Letters that invoke it") :])


def test_the_catalogue_counts_only_the_public_letters_an_instruments_page_lists(as_, cited_in_every_status):
    visitor = as_(None)

    titles = listed(visitor, cited_in_every_status)

    assert sorted(titles) == ["The closed letter", "The open letter", "The published letter"]
    assert cited_by(visitor, cited_in_every_status) == len(titles)


def test_a_member_sees_as_many_letters_counted_as_listed_with_the_drafts_of_her_organization(
    as_, cited_in_every_status
):
    editor = as_("editor")

    titles = listed(editor, cited_in_every_status)

    assert len(titles) == len(Letter.Status.values)  # her organization's letters in every status, no translation
    assert cited_by(editor, cited_in_every_status) == len(titles)
