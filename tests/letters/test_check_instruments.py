"""A drafter adds to the catalogue, unverified, a symbol a letter cites that it lacks; the admin lists the
unverified instruments for a coordinator to check, with the letters citing each, and marks them checked. The
catalogue ships checked the thematic resolutions letters cite (migration letters/0016)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from r2p_letters.letters.checks import letter_checks
from r2p_letters.letters.models import LegalInstrument, Letter
from r2p_letters.letters.services import letter_instrument_add, letter_refresh

from ..factories import ParagraphFactory

CHANGELIST = reverse("admin:letters_legalinstrument_changelist")
THEMATIC = {
    "S/RES/1889 (2009)": datetime.date(2009, 10, 5),
    "S/RES/1960 (2010)": datetime.date(2010, 12, 16),
    "S/RES/2106 (2013)": datetime.date(2013, 6, 24),
    "S/RES/2122 (2013)": datetime.date(2013, 10, 18),
    "S/RES/2242 (2015)": datetime.date(2015, 10, 13),
    "S/RES/2467 (2019)": datetime.date(2019, 4, 23),
    "S/RES/2493 (2019)": datetime.date(2019, 10, 29),
    "S/RES/2427 (2018)": datetime.date(2018, 7, 9),
}


def citing(make_letter, ngo, title: str, text: str) -> Letter:
    letter = make_letter(title=title, status=Letter.Status.DRAFT, lead_organization=ngo)
    ParagraphFactory(letter=letter, section="situation", position=0, text=text)
    letter_refresh(letter=letter)
    return letter


@pytest.fixture
def unverified(make_letter, ngo, people):
    """S/2031/77, added by a drafter from the letter that cites it; and one added that no letter cites."""
    letter = citing(make_letter, ngo, "Famine in the north", "As the report S/2031/77 shows, famine has spread.")
    cited = letter_instrument_add(
        letter=letter, author=people["owner"], symbol="S/2031/77", title="A report", kind="report"
    )
    uncited = letter_instrument_add(
        letter=letter, author=people["owner"], symbol="S/2031/78", title="Another report", kind="report"
    )
    return cited, uncited


def test_the_admin_lists_the_unverified_instruments_letters_cite_with_those_letters(staff_client, unverified):
    cited, uncited = unverified

    page = staff_client.get(CHANGELIST, {"to_check": "cited"}).content.decode()

    assert "S/2031/77" in page and "Famine in the north" in page
    assert "S/2031/78" not in page


def test_the_admin_lists_the_unverified_instruments_no_letter_cites_apart(staff_client, unverified):
    page = staff_client.get(CHANGELIST, {"to_check": "uncited"}).content.decode()

    assert "S/2031/78" in page and "S/2031/77" not in page


def test_a_verified_instrument_is_not_listed_to_check(staff_client, unverified, make_letter, ngo):
    citing(make_letter, ngo, "Women at the table", "As resolution 2467 (2019) demands, survivors come first.")

    page = staff_client.get(CHANGELIST, {"to_check": "cited"}).content.decode()

    assert "S/RES/2467 (2019)" not in page and "S/2031/77" in page


def test_marking_instruments_checked_verifies_them_and_they_leave_the_list(staff_client, unverified):
    cited, _uncited = unverified

    response = staff_client.post(CHANGELIST, {"action": "mark_verified", "_selected_action": [cited.pk]}, follow=True)

    assert "1 instrument is now verified." in response.content.decode()
    assert LegalInstrument.objects.get(pk=cited.pk).verified
    assert "S/2031/77" not in staff_client.get(CHANGELIST, {"to_check": "cited"}).content.decode()


def test_the_list_to_check_is_in_french_for_a_french_coordinator(staff_client, unverified):
    page = staff_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Par vérification" in page and "Non vérifiés, cités par des lettres" in page and "Cité par" in page


def test_the_list_costs_the_same_queries_as_instruments_and_letters_grow(
    staff_client, unverified, make_letter, ngo, people, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        staff_client.get(CHANGELIST)
    for n in range(5):
        letter = citing(make_letter, ngo, f"Letter {n}", f"As the report S/2032/{n} shows, famine has spread.")
        letter_instrument_add(letter=letter, author=people["owner"], symbol=f"S/2032/{n}", title="R", kind="report")

    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(CHANGELIST)


@pytest.mark.parametrize("symbol, adopted_on", THEMATIC.items())
def test_the_catalogue_ships_the_thematic_resolutions_checked(db, symbol, adopted_on):
    instrument = LegalInstrument.objects.get(symbol=symbol)

    assert (instrument.adopted_on, instrument.verified) == (adopted_on, True)
    assert instrument.title in ("Women and peace and security", "Children and armed conflict")


def test_a_letter_citing_them_is_not_told_they_are_unknown(make_letter, ngo):
    letter = citing(
        make_letter,
        ngo,
        "The agenda",
        "Resolutions 1889 (2009), 1960 (2010), 2106 (2013), 2122 (2013), 2242 (2015), 2467 (2019), 2493 (2019) "
        "and 2427 (2018) bind the Council.",
    )

    assert "symbol-unknown" not in [f.code for f in letter_checks(Letter.objects.with_everything().get(pk=letter.pk))]


def test_a_letter_citing_a_resolution_the_catalogue_lacks_is_told_so(make_letter, ngo):
    letter = citing(make_letter, ngo, "Later", "Resolution 2999 (2030) is not in the catalogue.")

    assert "symbol-unknown" in [f.code for f in letter_checks(Letter.objects.with_everything().get(pk=letter.pk))]


@pytest.fixture
def catalogue_before_0016(transactional_db):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("letters", "0015_letter_print_references")])
    yield lambda: MigrationExecutor(connection).migrate(latest)
    MigrationExecutor(connection).migrate(latest)


def test_reversed_the_migration_removes_them_and_applied_it_verifies_one_a_drafter_added(catalogue_before_0016):
    upgrade = catalogue_before_0016
    assert not LegalInstrument.objects.filter(symbol__in=THEMATIC).exists()
    LegalInstrument.objects.create(
        symbol="S/RES/2467 (2019)", slug="s-res-2467-2019", kind="sc_resolution", title="typed by a drafter"
    )

    upgrade()

    added = LegalInstrument.objects.get(symbol="S/RES/2467 (2019)")
    assert (added.title, added.adopted_on, added.verified) == (
        "Women and peace and security",
        THEMATIC[added.symbol],
        True,
    )
    assert LegalInstrument.objects.filter(symbol__in=THEMATIC).count() == len(THEMATIC)
