"""The Council's calendar: the decisions to come, the letters that aim at each, and when a sign-on should close
to leave time to deliver. Every write goes through ``letter_aim_set``."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo

from django.db import transaction

from r2p_letters.letters.models import LegalInstrument, Letter
from r2p_letters.signatures.services import sign_on_reminder_reschedule

from .models import CouncilOutcome, Decision, Holiday, LetterAim

# Working days a coalition needs between the sign-on's close and the decision: print, sign, deliver in New York.
DELIVERY_WORKING_DAYS = 5
# The data is checked again at least this often (system check council.W001).
STALE_AFTER = datetime.timedelta(days=183)
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def coming_decisions(today: datetime.date) -> list[Decision]:
    return list(Decision.objects.filter(decides_on__gte=today))


def holidays_before(*days: datetime.date) -> set[datetime.date]:
    """The UN Headquarters holidays that may fall among the working days before any of ``days`` (one query)."""
    if not days:
        return set()
    # 5 working days span at most 7 days plus the holidays among them: a month is ample.
    earliest, latest = min(days) - datetime.timedelta(days=31), max(days)
    return set(Holiday.objects.filter(day__gte=earliest, day__lt=latest).values_list("day", flat=True))


def sign_on_deadline_for(decision_day: datetime.date, holidays: set[datetime.date] | None = None) -> datetime.date:
    """The sign-on's suggested last day: the decision date less 5 working days in New York (Saturdays, Sundays and
    the UN Headquarters holidays the calendar knows skipped). ``holidays`` saves the query when the caller has them
    (``holidays_before``)."""
    if holidays is None:
        holidays = holidays_before(decision_day)
    day, left = decision_day, DELIVERY_WORKING_DAYS
    while left:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def sign_on_close_suggested(*, letter: Letter) -> datetime.datetime | None:
    """The end of the suggested last day (in New York) of the sign-on of a letter that aims at a decision, or None."""
    decision = letter_aim_of(letter)
    if decision is None:
        return None
    day = sign_on_deadline_for(decision.decides_on) + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=NEW_YORK)


def instruments_of(decisions: list[Decision]) -> dict[str, LegalInstrument]:
    """The catalogue's entry for each decision's resolution, by symbol (one query)."""
    symbols = {d.resolution for d in decisions if d.resolution}
    return {i.symbol: i for i in LegalInstrument.objects.filter(symbol__in=symbols)} if symbols else {}


def calendar_months(user, today: datetime.date) -> list[tuple[datetime.date, list[tuple[Decision, list[Letter]]]]]:
    """The coming decisions by month (the month's first day), each with the letters aiming at it that ``user``
    may read: public ones and their organizations' drafts. Two queries however many there are."""
    decisions = coming_decisions(today)
    visible = Letter.objects.visible_to(user).values("pk")
    aims = LetterAim.objects.filter(decision__in=decisions, letter__in=visible).select_related("letter")
    letters: dict[int, list[Letter]] = {}
    for aim in aims.order_by("letter__title"):
        letters.setdefault(aim.decision_id, []).append(aim.letter)
    return [
        (month, [(d, letters.get(d.pk, [])) for d in group])
        for month, group in itertools.groupby(decisions, key=lambda d: d.decides_on.replace(day=1))
    ]


def decision_outcomes(user, decisions: list[Decision]) -> dict[int, list[CouncilOutcome]]:
    """The resolutions recorded as each decision's outcome, from the letters ``user`` may read, one per symbol."""
    visible = Letter.objects.visible_to(user).values("pk")
    outcomes: dict[int, dict[str, CouncilOutcome]] = {}
    for outcome in CouncilOutcome.objects.filter(decision__in=decisions, letter__in=visible).order_by("adopted_on"):
        outcomes.setdefault(outcome.decision_id, {}).setdefault(outcome.symbol, outcome)
    return {pk: list(by_symbol.values()) for pk, by_symbol in outcomes.items()}


def letter_aim_of(letter: Letter) -> Decision | None:
    aim = LetterAim.objects.filter(letter=letter).select_related("decision").first()
    return aim.decision if aim else None


@transaction.atomic
def letter_aim_set(*, letter: Letter, decision: Decision | None) -> None:
    """Aim the letter at ``decision``, or at none."""
    if decision is None:
        LetterAim.objects.filter(letter=letter).delete()
    else:
        LetterAim.objects.update_or_create(letter=letter, defaults={"decision": decision})
    # An open sign-on's reminder follows the deadline the new aim suggests.
    sign_on_reminder_reschedule(letter=letter)


def calendar_ics(decisions: list[Decision], *, stamp: datetime.datetime, url: str) -> str:
    """The decisions as an iCalendar feed (RFC 5545): one all-day event each."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//R2P Letters//Security Council calendar//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Security Council decisions"]  # fmt: skip
    for decision in decisions:
        day = decision.decides_on
        lines += [
            "BEGIN:VEVENT",
            f"UID:council-decision-{decision.pk}@r2p-letters",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{text(decision.ahead_line())}",
            f"DESCRIPTION:{text(' · '.join(filter(None, [decision.full_name, decision.resolution])))}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) + "\r\n" for line in lines)


def _folded(line: str) -> str:
    """A content line folded at 75 octets, as RFC 5545 asks."""
    encoded, parts = line.encode(), []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while (encoded[cut] & 0xC0) == 0x80:  # never inside a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n ".join(parts)
