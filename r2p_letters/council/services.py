"""Delivery packs: one copy of a letter per Council member, each with its own addressee and salutation;
and the delivery log."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from r2p_letters.letters import hooks
from r2p_letters.letters.models import Audience as Readers
from r2p_letters.lib.errors import StatusError
from r2p_letters.lib.text import fold
from r2p_letters.printing.pdf_cache import combined_pdf_cached, letter_pdfs_cached

from .models import (
    AddresseeDefault,
    Audience,
    CouncilMember,
    CouncilOutcome,
    Decision,
    Delivery,
    MemberLogEntry,
    PackAddressee,
    Presidency,
)
from .responses import CheckedFile

FULL_COUNCIL = 15
ENTERED_FIELDS = ("name", "title", "salutation")


@dataclass(frozen=True)
class Addressee:
    """What one member state's copy of a letter says at its top."""

    member: CouncilMember
    name: str
    title: str
    salutation: str
    # What the letter itself entered, for the form ("" where the defaults apply).
    own: dict

    @property
    def lines(self) -> list[str]:
        return [with_honorific(self.name)] * bool(self.name) + [self.title]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def filename_part(self) -> str:
        return self.member.country.code.lower()


# "H.E.", however it was typed ("H. E.", "h.e", "His Excellency"), or the letter language's own ("S.E.", "Son
# Excellence", "Su Excelencia"); not "He" (a surname). A name that starts with one keeps it and gets no other.
HONORIFIC = re.compile(
    r"^\s*([hs]\.\s?e\b\.?|(his|her|their)\s+excellency\b|son\s+excellence\b|su\s+excelencia\b)", re.IGNORECASE
)


def with_honorific(name: str) -> str:
    """``name`` as a copy prints it: "H.E. <name>", once, whether or not the editor typed the honorific."""
    return name if HONORIFIC.match(name) else f"H.E. {name}"


def members_in(year: int) -> list[CouncilMember]:
    """The year's members in the order the UN seats them (and the presidency rotates)."""
    return sorted(CouncilMember.objects.in_year(year), key=lambda m: fold(m.name))


def years_with_members() -> list[int]:
    """The years for which the Council's membership is known."""
    years = set()
    for first, last in CouncilMember.objects.filter(permanent=False).values_list("first_year", "last_year"):
        years.update(range(first, (last or first) + 1))
    return sorted(years)


def presidency_in(year: int, month: int) -> Presidency | None:
    return Presidency.objects.select_related("member").filter(year=year, month=month).first()


def president_in(year: int, month: int) -> CouncilMember | None:
    presidency = presidency_in(year, month)
    return presidency.member if presidency else None


# How a letter's addressee names Permanent Representatives (folded: case and accents), in the letter languages:
# "Permanent Representatives", "Représentants permanents", "Representantes Permanentes", "Ambassadors", "Missions".
REPRESENTATIVE_WORDS = re.compile(
    r"\b(representative|representant|representante|ambassador|ambassadeur|embajador|embaixador"
    r"|permanent mission|mission permanente|mision permanente|missao permanente)",
)


def guess_audience(letter) -> str:
    """Permanent Representatives if the letter's addressee names them, else Foreign Ministers."""
    return Audience.REPRESENTATIVES if REPRESENTATIVE_WORDS.search(fold(letter.addressee)) else Audience.MINISTERS


# What prints on the letters is English, like the UN names it is built from (see docs/DECISIONS.md):
# a letter in another language sets its own titles per member, or the admin sets defaults per member state.
STANDARD_TITLES = {
    Audience.MINISTERS: "Minister for Foreign Affairs of {country}",
    Audience.REPRESENTATIVES: "Permanent Representative of {country} to the United Nations",
}
STANDARD_SALUTATION = "Your Excellency,"


def standard_title(member: CouncilMember, audience: str) -> str:
    return STANDARD_TITLES[audience].format(country=member.sentence_name)


def pack_addressees(letter, *, members: list[CouncilMember], audience: str) -> list[Addressee]:
    """Each member's addressee: the letter's own entries, else the member state's defaults, else the standard form.

    The salutation is the one entered for the member, else the letter's own when the pack goes to whom the letter
    is addressed (a letter to the ministers says "Dear Minister," to each), else the defaults."""
    letter_salutation = letter.salutation.strip() if guess_audience(letter) == audience else ""
    countries = [m.country.code for m in members]
    defaults = {d.country.code: d for d in AddresseeDefault.objects.filter(country__in=countries)}
    own = {
        a.country.code: a for a in PackAddressee.objects.filter(letter=letter, audience=audience, country__in=countries)
    }
    result = []
    for member in members:
        code = member.country.code
        default = defaults.get(code)
        entered = own.get(code)
        entered_values = {field: getattr(entered, field) if entered else "" for field in ENTERED_FIELDS}
        result.append(
            Addressee(
                member=member,
                name=entered_values["name"] or (default.name_for(audience) if default else ""),
                title=entered_values["title"]
                or (default.title_for(audience) if default else "")
                or standard_title(member, audience),
                salutation=entered_values["salutation"]
                or letter_salutation
                or (default.salutation if default else "")
                or STANDARD_SALUTATION,
                own=entered_values,
            )
        )
    return result


def president_addressee(letter, *, member: CouncilMember, presiding: str = "") -> Addressee:
    """The President of the Council for the month: the presiding member's Permanent Representative, named as the
    letter or the addressee defaults name them, else as the month's presidency does (``presiding``), else
    generically."""
    representative = pack_addressees(letter, members=[member], audience=Audience.REPRESENTATIVES)[0]
    known = representative.name or presiding
    name = (
        with_honorific(known)
        if known
        else f"H.E. the Permanent Representative of {member.sentence_name} to the United Nations"
    )
    lines = [name, *([representative.title] if known else []), "President of the Security Council"]
    return Addressee(member=member, name="", title="\n".join(lines), salutation=representative.salutation, own={})


@transaction.atomic
def pack_addressees_save(*, letter, audience: str, entries: dict[str, dict]) -> None:
    """Store the letter's own name, title and salutation per country; all-empty entries go back to the defaults."""
    existing = {
        a.country.code: a
        for a in PackAddressee.objects.select_for_update().filter(
            letter=letter, audience=audience, country__in=list(entries)
        )
    }
    for code, values in entries.items():
        row = existing.get(code)
        if not any(values.values()):
            if row:
                row.delete()
            continue
        if row is None:
            PackAddressee.objects.create(letter=letter, audience=audience, country=code, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            row.save()


def addressee_pdf(letter, addressee: Addressee) -> bytes:
    """One member's copy of the letter (``letter`` prefetched with everything a render needs)."""
    return pack_pdfs(letter, [addressee])[0]


def _pack_copies(letter, addressees: list[Addressee]):
    # The Council's copies name those who chose to be named only there (letters.models.named_for).
    copies = [{"addressee": a.text, "salutation": a.salutation, "audience": Readers.COUNCIL} for a in addressees]
    return letter_pdfs_cached(letter, copies)


def pack_pdfs(letter, addressees: list[Addressee]) -> list[bytes]:
    """Each member's copy, from the PDF cache or laid out side by side in the bounded render workers."""
    return [pdf.content for pdf in _pack_copies(letter, addressees)]


def pack_zip(letter, addressees: list[Addressee]) -> bytes:
    """The pack as a ZIP of one PDF per member, numbered in the Council's order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (addressee, pdf) in enumerate(zip(addressees, pack_pdfs(letter, addressees), strict=True), 1):
            archive.writestr(f"{number:02d}-{addressee.filename_part}-{letter.slug}.pdf", pdf)
    return buffer.getvalue()


def pack_combined_pdf(letter, addressees: list[Addressee]) -> bytes:
    """The pack as one PDF: each member's copy starts on a new page and keeps its own page numbers (cached,
    like the copies)."""

    def combine(pdfs: list[bytes]) -> bytes:
        writer = PdfWriter()
        for pdf in pdfs:
            writer.append(io.BytesIO(pdf))
        writer.add_metadata({"/Title": letter.title, "/Producer": "R2P Letters"})
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    return combined_pdf_cached(letter, _pack_copies(letter, addressees), combine)


@transaction.atomic
def delivery_record(
    *, letter, user, delivered_on: datetime.date, recipients: str, country: str, means: str
) -> Delivery:
    """Record a delivery; a letter nobody signed was not sent (raises ``StatusError``, nothing written)."""
    if not letter.original_letter.signatories.exists():
        raise StatusError(_("This letter has no signatories yet: add them before you record that it was delivered."))
    delivery = Delivery.objects.create(
        letter=letter,
        recorded_by=user,
        delivered_on=delivered_on,
        recipients=recipients,
        country=country if recipients == "member" else "",
        means=means,
    )
    hooks.letter_event(event=hooks.LETTER_DELIVERED, letter=letter, subject=delivery)
    return delivery


# -- what came of a letter: each member's log, and the Council's outcome -----------------------------------------


@dataclass(frozen=True)
class MemberLog:
    """One member's line of the log: when the letter went to it, and what it did since."""

    member: CouncilMember
    sent: list[Delivery]
    entries: list[MemberLogEntry]

    def has(self, kind: str) -> bool:
        return any(entry.kind == kind for entry in self.entries)


def member_logs(letter, *, members: list[CouncilMember]) -> list[MemberLog]:
    """Each member's log: the deliveries that reached it (to the 15, to it, or to the President when it presided
    that month) and its own entries. Three queries however many members."""
    deliveries = list(letter.deliveries.all())
    presidents = {
        (p.year, p.month): p.member.country.code
        for p in Presidency.objects.select_related("member").filter(year__in={d.delivered_on.year for d in deliveries})
    }
    entries: dict[str, list[MemberLogEntry]] = {}
    for entry in letter.member_log.select_related("recorded_by"):
        entries.setdefault(entry.country.code, []).append(entry)

    def reached(delivery: Delivery, code: str) -> bool:
        if delivery.recipients == Delivery.Recipients.MEMBERS:
            return True
        if delivery.recipients == Delivery.Recipients.MEMBER:
            return delivery.country.code == code
        return presidents.get((delivery.delivered_on.year, delivery.delivered_on.month)) == code

    return [
        MemberLog(
            member=m,
            sent=[d for d in deliveries if reached(d, m.country.code)],
            entries=entries.get(m.country.code, []),
        )
        for m in members
    ]


@transaction.atomic
def member_log_record(
    *,
    letter,
    user,
    country: str,
    kind: str,
    happened_on: datetime.date,
    note: str = "",
    file: CheckedFile | None = None,
) -> MemberLogEntry:
    """Record what a member did with the letter; a response needs a note or a file (``ValidationError``)."""
    note = note.strip()
    if kind == MemberLogEntry.Kind.RESPONSE and not note and file is None:
        raise ValidationError(_("Write what the response said, or upload it."), code="empty_response")
    entry = MemberLogEntry(
        letter=letter, recorded_by=user, country=country, kind=kind, happened_on=happened_on, note=note
    )
    if file is not None:
        entry.file_name, entry.file_type = file.name, file.content_type
        entry.file.save(f"response.{file.extension}", ContentFile(file.content), save=False)
    entry.save()
    return entry


@transaction.atomic
def member_log_entry_delete(*, entry: MemberLogEntry) -> None:
    """Remove an entry entered by mistake, and its file."""
    if entry.file:
        path = entry.file.name
        storage = entry.file.storage
        transaction.on_commit(lambda: storage.delete(path))
    entry.delete()


def outcome_of(letter) -> CouncilOutcome | None:
    return CouncilOutcome.objects.filter(letter=letter).select_related("decision").first()


@transaction.atomic
def outcome_record(
    *,
    letter,
    user,
    decision: Decision | None,
    symbol: str,
    adopted_on: datetime.date,
    votes_for: int,
    votes_against: int,
    votes_abstaining: int,
    summary: str = "",
) -> CouncilOutcome:
    """Record (or correct) the resolution the Council adopted; ``ValidationError`` when the vote cannot be,
    ``StatusError`` when the letter's delivery is not recorded (the outcome is what came of a delivered letter)."""
    if not letter.deliveries.exists():
        raise StatusError(_("Record the letter's delivery first: the outcome is what came of it."))
    outcome = CouncilOutcome.objects.select_for_update().filter(letter=letter).first() or CouncilOutcome(letter=letter)
    for field, value in {
        "decision": decision,
        "symbol": symbol,
        "adopted_on": adopted_on,
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstaining": votes_abstaining,
        "summary": summary.strip(),
        "recorded_by": user,
    }.items():
        setattr(outcome, field, value)
    outcome.full_clean(exclude=["letter"])
    outcome.save()
    return outcome
