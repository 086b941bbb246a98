"""The Council's calendar: coming decisions by month with the letters that aim at them (those the visitor may
read), an iCalendar feed, a letter aimed at a decision, the sign-on deadline that leaves time to deliver."""

import datetime

import pytest
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from r2p_letters.council.calendar import letter_aim_set, sign_on_deadline_for
from r2p_letters.council.models import Decision, LetterAim
from r2p_letters.council.system_checks import check_calendar_fresh
from r2p_letters.letters.models import Letter

CALENDAR = reverse("calendar:page")
FEED = reverse("calendar:feed")


@pytest.fixture
def coming(db):
    today = timezone.localdate()
    return Decision.objects.create(
        kind=Decision.Kind.MANDATE,
        name="MINUSTEST",
        full_name="A test mission",
        resolution="S/RES/2999 (2030)",
        decides_on=today + datetime.timedelta(days=40),
        source="https://press.un.org/en/test",
        checked_on=today,
    )


@pytest.fixture
def draft(make_letter, ngo, coming):
    letter = make_letter(
        title="Protect civilians before the renewal", status=Letter.Status.DRAFT, lead_organization=ngo
    )
    letter_aim_set(letter=letter, decision=coming)
    return letter


def test_the_calendar_lists_coming_decisions_by_month_with_their_source(client, coming):
    page = client.get(CALENDAR).content.decode()

    assert "Ahead of the renewal of MINUSTEST&#x27;s mandate on" in page
    assert coming.decides_on.strftime("%B %Y") in page
    assert "S/RES/2999 (2030)" in page and 'href="https://press.un.org/en/test"' in page


def test_a_past_decision_is_not_listed(client, coming):
    Decision.objects.filter(pk=coming.pk).update(decides_on=timezone.localdate() - datetime.timedelta(days=1))

    assert "MINUSTEST" not in client.get(CALENDAR).content.decode()


@pytest.mark.parametrize(("who", "sees"), [("viewer", True), ("outsider", False), (None, False)])
def test_a_draft_aiming_at_a_decision_is_listed_only_to_its_organization(as_, draft, who, sees):
    page = as_(who).get(CALENDAR)

    assert page.status_code == 200
    assert ("Protect civilians before the renewal" in page.content.decode()) is sees


def test_a_public_letter_aiming_at_a_decision_is_listed_to_everyone(client, draft):
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.PUBLISHED)

    assert "Protect civilians before the renewal" in client.get(CALENDAR).content.decode()


def test_the_calendar_costs_the_same_queries_as_letters_and_decisions_grow(as_, draft, coming, make_letter, ngo):
    client = as_("editor")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CALENDAR).status_code == 200
        return len(captured)

    queries()
    small = queries()
    for n in range(10):
        decision = Decision.objects.create(
            kind="panel",
            name=f"Panel {n}",
            decides_on=coming.decides_on,
            source="https://un.org",
            checked_on=coming.checked_on,
        )
        letter_aim_set(letter=make_letter(status=Letter.Status.DRAFT, lead_organization=ngo), decision=decision)

    assert queries() == small


def test_the_letter_page_says_which_decision_it_comes_ahead_of(as_, draft, coming):
    day = coming.decides_on
    page = as_("viewer").get(draft.get_absolute_url()).content.decode()

    assert f"Ahead of the renewal of MINUSTEST&#x27;s mandate on {day.day} {day:%B %Y}" in page


def test_the_letter_page_says_it_in_french(as_, draft):
    page = as_("viewer").get(draft.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()

    assert "En amont du renouvellement du mandat de MINUSTEST, le" in page


def test_the_sign_on_deadline_leaves_five_working_days_in_new_york(db):
    # 15 November 2026 is a Sunday: five working days before it is Monday 9 November.
    assert sign_on_deadline_for(datetime.date(2026, 11, 15)) == datetime.date(2026, 11, 9)
    assert sign_on_deadline_for(datetime.date(2026, 12, 18)) == datetime.date(2026, 12, 11)


def test_an_editor_aims_a_letter_at_a_decision_and_is_told_the_deadline(as_, make_letter, ngo, coming):
    letter = make_letter(status=Letter.Status.DRAFT, lead_organization=ngo)
    client = as_("editor")

    response = client.post(reverse("calendar:aim", args=[letter.slug]), {"decision": coming.pk})

    assert response.status_code == 302 and LetterAim.objects.get(letter=letter).decision == coming
    page = client.get(reverse("calendar:aim", args=[letter.slug])).content.decode()
    assert f"Suggested sign-on deadline: {sign_on_deadline_for(coming.decides_on):%-d %B %Y}" in page

    client.post(reverse("calendar:aim", args=[letter.slug]), {"decision": ""})
    assert not LetterAim.objects.filter(letter=letter).exists()


@pytest.mark.parametrize("decision", ["999999", "not-a-number", "1 OR 1=1"])
def test_a_bad_decision_is_refused_on_the_form_without_an_error_page(as_, draft, decision):
    response = as_("editor").post(reverse("calendar:aim", args=[draft.slug]), {"decision": decision})

    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_a_past_decision_cannot_be_aimed_at(as_, draft, coming):
    past = Decision.objects.create(
        kind="mandate",
        name="OLD",
        decides_on=datetime.date(2020, 1, 1),
        source="https://un.org",
        checked_on=coming.checked_on,
    )

    response = as_("editor").post(reverse("calendar:aim", args=[draft.slug]), {"decision": past.pk})

    assert response.status_code == 200 and LetterAim.objects.get(letter=draft).decision == coming


@pytest.mark.parametrize(("who", "status"), [("editor", 200), ("viewer", 403), ("outsider", 404), (None, 302)])
def test_only_the_letters_editors_choose_its_decision(as_, draft, who, status):
    assert as_(who).get(reverse("calendar:aim", args=[draft.slug])).status_code == status
    assert as_(who).post(reverse("calendar:aim", args=[draft.slug]), {"decision": ""}).status_code in (status, 302)
    assert LetterAim.objects.filter(letter=draft).exists() is (who != "editor")


def test_the_feed_is_an_icalendar_a_person_can_subscribe_to(client, coming):
    response = client.get(FEED)

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{coming.decides_on:%Y%m%d}" in body
    assert "SUMMARY:Ahead of the renewal of MINUSTEST's mandate on" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_shipped_calendar_names_the_resolution_and_the_source_of_each_row(db):
    minusca = Decision.objects.get(name="MINUSCA")

    assert (minusca.resolution, minusca.decides_on) == ("S/RES/2800 (2025)", datetime.date(2026, 11, 15))
    assert all(d.source.startswith("http") and d.checked_on for d in Decision.objects.all())
    # Of 2026 on: UNTMIS closes by the resolution that renewed AUSSOM in December 2025, whose number no source gave;
    # UNAMA's extension of March 2026 has no number in its source. (Earlier years' sources often give none.)
    coming = Decision.objects.filter(decides_on__year__gte=2026).exclude(resolution__startswith="S/RES/")
    assert list(coming.values_list("name", flat=True)) == ["UNAMA", "UNTMIS"]


def test_a_system_check_warns_when_the_calendar_is_older_than_six_months(db):
    Decision.objects.update(checked_on=timezone.localdate() - datetime.timedelta(days=100))
    assert check_calendar_fresh(None, databases=["default"]) == []

    Decision.objects.update(checked_on=timezone.localdate() - datetime.timedelta(days=200))

    [warning] = check_calendar_fresh(None, databases=["default"])
    assert warning.id == "council.W001" and warning.level == checks.WARNING


def test_the_calendar_is_in_french_for_a_french_visitor(client, coming):
    page = client.get(CALENDAR, headers={"accept-language": "fr"}).content.decode()

    assert "Le calendrier du Conseil de sécurité" in page
    assert "En amont du renouvellement du mandat de MINUSTEST, le" in page
    assert "signatures à clore au plus tard le" in page


@pytest.mark.parametrize("query", ["?month=abc", "?page=-1&x=%00", "?" + "a" * 3000])
def test_odd_query_strings_never_break_the_calendar(client, coming, query):
    assert client.get(CALENDAR + query).status_code == 200
    assert client.get(FEED + query).status_code == 200


def test_the_calendar_refuses_a_post(client, coming):
    assert client.post(CALENDAR).status_code == 405
    assert client.post(FEED).status_code == 405
