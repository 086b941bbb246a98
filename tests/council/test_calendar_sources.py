"""The calendar says when its source does not state a date, links each mandate's resolution to the catalogue, and
migration 0006 (the unverified rows, the holidays, the mandates' resolutions) reverses and applies again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from r2p_letters.council.models import Decision, Holiday
from r2p_letters.letters.models import LegalBasis, LegalInstrument

CALENDAR = reverse("calendar:page")
BEFORE = [("council", "0005_decision_verified_and_holidays")]


def coming(**fields) -> Decision:
    today = timezone.localdate()
    return Decision.objects.create(
        **{
            "kind": Decision.Kind.MANDATE,
            "name": "MINUSTEST",
            "decides_on": today + datetime.timedelta(days=40),
            "source": "https://press.un.org/en/test",
            "checked_on": today,
            **fields,
        }
    )


def test_a_date_the_source_does_not_state_is_marked_not_confirmed(client, db):
    coming(verified=False)

    assert "date not confirmed" in client.get(CALENDAR).content.decode()


def test_a_date_the_source_states_is_not_marked(client, db):
    coming()

    assert "date not confirmed" not in client.get(CALENDAR).content.decode()


def test_the_calendar_ships_the_dates_it_inferred_as_not_confirmed(db):
    unconfirmed = Decision.objects.filter(verified=False)

    assert set(unconfirmed.values_list("name", "decides_on")) == {
        ("UNAMA", datetime.date(2026, 6, 17)),
        ("1591", datetime.date(2026, 9, 12)),
    }
    assert Decision.objects.get(name="1718 Panel").decides_on == datetime.date(2024, 4, 30)


def test_a_mandates_resolution_in_the_catalogue_links_to_its_entry(client, db):
    coming(resolution="S/RES/2800 (2025)")
    minusca = LegalInstrument.objects.get(symbol="S/RES/2800 (2025)")

    page = client.get(CALENDAR).content.decode()

    assert f'<a href="{minusca.get_absolute_url()}">S/RES/2800 (2025)</a>' in page


def test_a_resolution_not_in_the_catalogue_is_named_without_a_link(client, db):
    coming(resolution="S/RES/2999 (2030)")

    page = client.get(CALENDAR).content.decode()

    assert "mandate set by S/RES/2999 (2030)" in page


def test_the_catalogue_ships_the_mandates_resolutions_checked_with_their_date(db):
    minusca = LegalInstrument.objects.get(symbol="S/RES/2800 (2025)")
    yemen = LegalInstrument.objects.get(symbol="S/RES/2801 (2025)")

    assert (minusca.adopted_on, minusca.verified, minusca.kind) == (datetime.date(2025, 11, 13), True, "sc_resolution")
    assert "until 15 November 2026" in minusca.title
    assert "Panel of Experts on Yemen, until 15 December 2026" in yemen.title
    # A resolution whose adoption date no source gave is not added: S/RES/2771 (2025) (UNFICYP, January 2025).
    assert not LegalInstrument.objects.filter(symbol="S/RES/2771 (2025)").exists()


@pytest.fixture
def before_0006(transactional_db):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    yield lambda: MigrationExecutor(connection).migrate(latest)
    MigrationExecutor(connection).migrate(latest)


def test_reversing_0006_removes_its_rows_but_a_cited_resolution(before_0006, make_letter, ngo):
    assert not Holiday.objects.exists()
    assert not LegalInstrument.objects.filter(symbol="S/RES/2800 (2025)").exists()
    before_0006()
    assert Holiday.objects.filter(day=datetime.date(2020, 4, 10)).exists()
    letter = make_letter(title="Before MINUSCA's renewal", lead_organization=ngo)
    LegalBasis.objects.create(letter=letter, instrument=LegalInstrument.objects.get(symbol="S/RES/2800 (2025)"))

    MigrationExecutor(connection).migrate(BEFORE)

    assert not Decision.objects.filter(name="1718 Panel").exists()
    assert not Holiday.objects.exists()
    assert LegalInstrument.objects.filter(symbol="S/RES/2800 (2025)").exists()  # a letter cites it
    assert not LegalInstrument.objects.filter(symbol="S/RES/2801 (2025)").exists()


def test_the_calendar_keeps_earlier_years_each_with_its_source(db):
    undof = Decision.objects.filter(name="UNDOF").order_by("decides_on")

    assert [d.decides_on.year for d in undof][:3] == [2011, 2019, 2023]
    assert undof.get(decides_on=datetime.date(2019, 12, 31)).resolution == "S/RES/2477 (2019)"
    assert Decision.objects.get(name="UNMISS", decides_on=datetime.date(2025, 5, 9)).resolution == "S/RES/2778 (2025)"
    assert all(d.source.startswith("http") for d in Decision.objects.filter(decides_on__year__lt=2026))


def test_a_past_years_decision_is_not_on_the_calendar_page(client, db):
    page = client.get(CALENDAR).content.decode()

    assert "15 September 2018" not in page
