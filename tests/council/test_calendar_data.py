"""The Council's calendar as shipped (data/decisions.csv, migrations 0003 and 0004): the decisions of 2026 that a
source confirmed, each with its resolution and a source, the 2026 renewals following the rows they replace; and
migration 0004, which completes the 2026 rows, reversed and applied again."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from r2p_letters.council.calendar import letter_aim_set
from r2p_letters.council.models import Decision

BEFORE = [("council", "0003_decisions_and_letter_aims")]
read_decisions = importlib.import_module("r2p_letters.council.migrations.0003_decisions_and_letter_aims").read_decisions


def shipped(kind: str, name: str, decides_on: datetime.date) -> Decision:
    # Only the columns 0003 made: with 0004 reversed, the database lacks those later migrations add.
    fields = ["kind", "name", "decides_on", "resolution", "adopted_on", "source"]
    return Decision.objects.only(*fields).get(kind=kind, name=name, decides_on=decides_on)


@pytest.mark.parametrize(
    "kind, name, decides_on, resolution, adopted_on",
    [
        ("mandate", "BINUH", datetime.date(2027, 1, 31), "S/RES/2814 (2026)", datetime.date(2026, 1, 29)),
        ("mandate_ends", "UNMHA", datetime.date(2026, 3, 31), "S/RES/2813 (2026)", datetime.date(2026, 1, 27)),
        ("mandate", "UNSMIL", datetime.date(2026, 10, 31), "S/RES/2796 (2025)", datetime.date(2025, 10, 31)),
        ("mandate_ends", "UNAMI", datetime.date(2025, 12, 31), "S/RES/2732 (2024)", datetime.date(2024, 5, 31)),
        ("sanctions", "2206", datetime.date(2026, 5, 31), "S/RES/2781 (2025)", datetime.date(2025, 5, 30)),
        ("panel", "2206", datetime.date(2026, 7, 1), "S/RES/2781 (2025)", datetime.date(2025, 5, 30)),
        ("sanctions", "1970", datetime.date(2026, 5, 1), "S/RES/2769 (2025)", datetime.date(2025, 1, 16)),
        ("panel", "1970", datetime.date(2026, 5, 15), "S/RES/2769 (2025)", datetime.date(2025, 1, 16)),
    ],
)
def test_the_calendar_ships_the_missions_and_regimes_of_2026_with_their_resolution(
    db, kind, name, decides_on, resolution, adopted_on
):
    decision = shipped(kind, name, decides_on)

    assert (decision.resolution, decision.adopted_on) == (resolution, adopted_on)
    assert decision.source.startswith("https://")


def test_the_renewal_of_2026_follows_the_mandate_it_renewed(db):
    old, new = Decision.objects.filter(name="UNFICYP").order_by("decides_on")

    assert (old.resolution, old.decides_on) == ("S/RES/2771 (2025)", datetime.date(2026, 1, 31))
    assert (new.resolution, new.adopted_on, new.decides_on) == (
        "S/RES/2815 (2026)",
        datetime.date(2026, 1, 30),
        datetime.date(2027, 1, 31),
    )
    assert "not recorded" not in new.full_name


def test_the_rows_once_sourced_from_news_sites_name_a_page_that_carries_the_uns_text(db):
    sources = dict(Decision.objects.filter(name__in=["UNAMA", "MONUSCO", "UNIFIL"]).values_list("name", "source"))

    assert not any(site in source for source in sources.values() for site in ("urdupoint", "capitalfm", "tass.com"))


@pytest.fixture
def calendar_before_0004(transactional_db):
    """The calendar as shipped, then with migration 0004 reversed; the test applies it again with ``upgrade``.
    (A test with transactions empties the tables after it, the rows the migrations loaded with them.)"""
    for row in read_decisions():
        Decision.objects.update_or_create(
            kind=row["kind"],
            name=row["name"],
            decides_on=row["decides_on"],
            defaults={**row, "adopted_on": row["adopted_on"] or None},
        )
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)

    def upgrade():
        MigrationExecutor(connection).migrate(latest)

    yield upgrade
    MigrationExecutor(connection).migrate(latest)


def test_reversing_0004_restores_the_calendar_as_0003_shipped_it(calendar_before_0004):
    unficyp = shipped("mandate", "UNFICYP", datetime.date(2027, 1, 31))

    assert unficyp.resolution == ""
    assert "tass.com" in shipped("mandate_ends", "UNIFIL", datetime.date(2026, 12, 31)).source
    assert not Decision.objects.filter(name__in=["BINUH", "UNSMIL", "2206", "1970"]).exists()


def test_applying_0004_completes_the_calendar_and_leaves_rows_edited_in_the_admin(calendar_before_0004):
    upgrade = calendar_before_0004
    Decision.objects.filter(name="MINUSCA").update(source="https://press.un.org/en/2025/sc16219.doc.htm")

    upgrade()

    assert shipped("mandate", "UNFICYP", datetime.date(2027, 1, 31)).resolution == "S/RES/2815 (2026)"
    assert shipped("mandate", "BINUH", datetime.date(2027, 1, 31)).resolution == "S/RES/2814 (2026)"
    assert Decision.objects.get(name="MINUSCA").source == "https://press.un.org/en/2025/sc16219.doc.htm"


def test_reversing_0004_keeps_a_decision_a_letter_aims_at(calendar_before_0004, make_letter, ngo):
    upgrade = calendar_before_0004
    upgrade()
    binuh = shipped("mandate", "BINUH", datetime.date(2027, 1, 31))
    letter_aim_set(letter=make_letter(title="Haiti before the renewal", lead_organization=ngo), decision=binuh)

    MigrationExecutor(connection).migrate(BEFORE)

    assert Decision.objects.filter(pk=binuh.pk).exists()
    assert not Decision.objects.filter(name="UNSMIL").exists()
