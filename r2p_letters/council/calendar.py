"""The Council's calendar: the decisions to come, the letters that aim at each, and when a sign-on should close
to leave time to deliver. Every write goes through ``letter_aim_set``."""

from __future__ import annotations

import datetime
import itertools

from django.db import transaction

from r2p_letters.letters.models import Letter

from .models import CouncilOutcome, Decision, LetterAim

# Working days a coalition needs between the sign-on's close and the decision: print, sign, deliver in New York.
DELIVERY_WORKING_DAYS = 5
# The data is checked again at least this often (system check council.W001).
STALE_AFTER = datetime.timedelta(days=183)


def coming_decisions(today: datetime.date) -> list[Decision]:
    return list(Decision.objects.filter(decides_on__gte=today))


def sign_on_deadline_for(decision_day: datetime.date) -> datetime.date:
    """The sign-on's suggested last day: the decision date less 5 working days in New York (Saturdays and
    Sundays skipped; the UN's holidays are not, and the suggestion is only that)."""
    day, left = decision_day, DELIVERY_WORKING_DAYS
    while left:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


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
        return
    LetterAim.objects.update_or_create(letter=letter, defaults={"decision": decision})


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
