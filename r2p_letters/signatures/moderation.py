"""The organizers' side of a sign-on: counts, the list of signatures, each printed line, the export.

Mostly reads, each in a fixed number of queries whatever the number of signatures; the writes are
the services' (``sign_on_reopen_until`` only puts two of them in one transaction).
"""

from __future__ import annotations

import csv
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from r2p_letters.letters.models import Signatory, Visibility
from r2p_letters.lib import emails

from .models import Signature, SignedText, SignOn, SignOnInvitation
from .services import (
    confirmation_not_sent,
    sign_on_reopen,
    sign_on_update,
    signature_printed_fields,
    signed_text_diff,
)

STATUSES = [status.value for status in Signature.Status]
# A spreadsheet takes a cell that begins with one of these for a formula (CSV injection), the full-width
# forms included (some spreadsheets read them as the ASCII ones)...
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# ... even after spaces or quotes, which some drop before reading a cell.
SKIPPED_BEFORE_FORMULA = " \u00a0\u3000\"'"
EXPORT_CHUNK = 1000


# -- reopening --------------------------------------------------------------------------------------


@transaction.atomic
def sign_on_reopen_until(*, sign_on: SignOn, deadline, time_zone: str) -> SignOn:
    """Open a closed sign-on again until ``deadline``, shown in ``time_zone`` from now on."""
    sign_on = sign_on_reopen(sign_on=sign_on, deadline=deadline)
    if time_zone != sign_on.time_zone:
        sign_on = sign_on_update(sign_on=sign_on, time_zone=time_zone)
    return sign_on


# -- counts -----------------------------------------------------------------------------------------


@dataclass
class SignedTextCounts:
    number: int
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    awaiting: int = 0

    @property
    def cells(self) -> list[int]:
        return [self.by_status[status] for status in STATUSES]


@dataclass
class SignatureCounts:
    signed_texts: list[SignedTextCounts]
    total: SignedTextCounts
    awaiting: int


def signature_counts(sign_on: SignOn) -> SignatureCounts:
    """Signatures per signed text (version) and status, and those awaiting approval, in one aggregate query."""
    rows = (
        sign_on.signatures.order_by("signed_text__number")
        .values("signed_text__number", "status")
        .annotate(
            n=Count("id"), awaiting=Count("id", filter=Q(status=Signature.Status.CONFIRMED, approved_at__isnull=True))
        )
    )
    signed_texts: dict[int, SignedTextCounts] = {}
    total = SignedTextCounts(number=0)
    for row in rows:
        number = row["signed_text__number"]
        counts = signed_texts.setdefault(number, SignedTextCounts(number=number))
        counts.by_status[row["status"]] = row["n"]
        total.by_status[row["status"]] += row["n"]
        counts.awaiting += row["awaiting"]
        total.awaiting += row["awaiting"]
    return SignatureCounts(
        signed_texts=list(signed_texts.values()), total=total, awaiting=total.awaiting if sign_on.moderated else 0
    )


def invitation_counts(sign_on: SignOn) -> list[tuple[str, str, int]]:
    """(status, label, how many) for each status of an invitation, in one query."""
    counts = dict.fromkeys(SignOnInvitation.Status.values, 0)
    for row in sign_on.invitations.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return [(value, label, counts[value]) for value, label in SignOnInvitation.Status.choices]


# -- the list ---------------------------------------------------------------------------------------


def signatures_matching(sign_on: SignOn, filters: dict, *, lead: bool = True) -> QuerySet[Signature]:
    """The sign-on's signatures, newest first, narrowed by the dashboard's filters and search words.

    Each tells whether its confirmation email could not be sent (``undelivered``), and why (``email_error``).
    Words never find, for a co-lead organization's organizer (``lead`` False), a signer who did not share their
    name with the co-leads: a search must not tell who signed.
    """
    undelivered = confirmation_not_sent(sign_on.signatures.all()).filter(pk=OuterRef("pk"))
    signatures = sign_on.signatures.select_related("signed_text").annotate(
        undelivered=Exists(undelivered), email_error=emails.last_error("confirmation_email")
    )
    if filters.get("undelivered"):
        signatures = confirmation_not_sent(signatures)
    if filters.get("status"):
        signatures = signatures.filter(status=filters["status"])
    if filters.get("version"):
        signatures = signatures.filter(signed_text__number=filters["version"])
    if filters.get("awaiting"):
        signatures = signatures.filter(status=Signature.Status.CONFIRMED, approved_at__isnull=True)
    if filters.get("late"):
        signatures = signatures.filter(is_late=True)
    if filters.get("q", "").split() and not lead:
        signatures = signatures.filter(share_with_co_leads=True)
    for word in filters.get("q", "").split():
        signatures = signatures.filter(
            Q(organization__icontains=word)
            | Q(display_name__icontains=word)
            | Q(person_name__icontains=word)
            | Q(email__icontains=word)
            | Q(city__icontains=word)
            | Q(display_place__icontains=word)
        )
    return signatures


def undelivered_count(sign_on: SignOn) -> int:
    """How many signatures await a confirmation email that could not be sent."""
    return confirmation_not_sent(sign_on.signatures.all()).count()


def error_summary(traceback: str | None, limit: int = 300) -> str:
    """The last line of an error's traceback (what the mail server said), at most ``limit`` characters."""
    lines = [line.strip() for line in (traceback or "").splitlines() if line.strip()]
    return lines[-1][:limit] if lines else ""


def printed_line(signature: Signature) -> str:
    """The line the signature prints as ("Organization (City, Country)", "Name, Title, Organization"): the line of
    the Signatory row it makes (``Signatory.display_line``)."""
    return Signatory(**signature_printed_fields(signature)).display_line


# -- signed texts -----------------------------------------------------------------------------------


@dataclass
class SignedTextSummary:
    signed_text: SignedText
    confirmed: int
    pending: int
    # The sections that changed since the text before, each with its word-level diff.
    changes: list = field(default_factory=list)


def signed_texts_with_changes(sign_on: SignOn) -> list[SignedTextSummary]:
    """Every signed text of the letter, newest first, with its signatures and what changed from the one before."""
    texts = list(
        SignedText.objects.filter(letter_id=sign_on.letter_id)
        .select_related("created_by")
        .annotate(
            confirmed=Count("signatures", filter=Q(signatures__status=Signature.Status.CONFIRMED)),
            pending=Count("signatures", filter=Q(signatures__status=Signature.Status.PENDING)),
        )
        .order_by("-number")
    )
    summaries = []
    for newer, older in zip(texts, [*texts[1:], None], strict=True):
        summaries.append(
            SignedTextSummary(
                signed_text=newer,
                confirmed=newer.confirmed,
                pending=newer.pending,
                changes=signed_text_diff(older, newer) if older else [],
            )
        )
    return summaries


# -- export -----------------------------------------------------------------------------------------


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading quote before anything it would read as a formula, in
    every export (a plain CSV ends up in a spreadsheet too)."""
    return "'" + value if value.lstrip(SKIPPED_BEFORE_FORMULA).startswith(FORMULA_STARTS) else value


def export_rows(sign_on: SignOn, *, contacts: bool, lead: bool = True) -> Iterator[list[str]]:
    """The header, then one row per signature that was not merged, read from the database in chunks, each cell
    ``spreadsheet_safe``. For a co-lead organization's organizer (``lead`` False), who signed is left out of the
    rows of the signers who did not share their name with the co-leads.

    The words are translated at once, in the request's language: the rows are read later, while the
    response streams.
    """
    tz = zoneinfo.ZoneInfo(sign_on.time_zone)
    yes, no = _("yes"), _("no")
    statuses = {value: str(label) for value, label in Signature.Status.choices}
    header = [_("Printed line"), _("Organization"), _("City"), _("Country")]
    if contacts:
        header += [_("Signer"), _("Title"), _("Email")]
    header += [
        _("Status"),
        _("Version"),
        _("Signed at (%(tz)s)") % {"tz": sign_on.time_zone},
        _("Confirmed at (%(tz)s)") % {"tz": sign_on.time_zone},
        _("Lead"),
        _("Late"),
        _("Capacity"),
        _("Authorized to sign for the organization"),
        _("Who may see the name"),
        _("May be contacted by the lead organization"),
    ]
    capacities = {value: str(label) for value, label in Signature.Kind.choices}
    not_shared = _("Not shared with the co-leading organizations")
    visibilities = {value: str(label) for value, label in Visibility.choices}

    def when(moment) -> str:
        return timezone.localtime(moment, tz).strftime("%Y-%m-%d %H:%M") if moment else ""

    def rows() -> Iterator[list[str]]:
        yield header
        signatures = (
            sign_on.signatures.exclude(status=Signature.Status.MERGED)
            .select_related("signed_text")
            .order_by("created_at", "id")
        )
        for signature in signatures.iterator(chunk_size=EXPORT_CHUNK):
            if signature.is_shared_with(lead=lead):
                row = [
                    printed_line(signature),
                    signature.organization,
                    signature.city,
                    str(signature.country.name) if signature.country else "",
                ]
                if contacts:
                    row += [signature.person_name, signature.person_title, signature.email]
            else:
                row = [not_shared, "", "", ""] + (["", "", ""] if contacts else [])
            row += [
                statuses[signature.status],
                str(signature.signed_text.number),
                when(signature.created_at),
                when(signature.confirmed_at),
                yes if signature.is_lead else no,
                yes if signature.is_late else no,
                capacities[signature.kind],
                (yes if signature.authorized else no) if signature.kind == Signature.Kind.ORGANIZATION else "",
                visibilities[signature.visibility],
                yes if signature.may_contact else no,
            ]
            yield [spreadsheet_safe(cell) for cell in row]

    return rows()


class _Echo:
    """A file that hands back what is written to it, so csv.writer makes one line at a time."""

    def write(self, value: str) -> str:
        return value


def export_csv(sign_on: SignOn, *, contacts: bool, for_spreadsheet: bool, lead: bool = True) -> Iterator[str]:
    """The export as CSV text, line by line; for a spreadsheet with a byte order mark, so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    rows = export_rows(sign_on, contacts=contacts, lead=lead)

    def lines() -> Iterator[str]:
        if for_spreadsheet:
            yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    return lines()
