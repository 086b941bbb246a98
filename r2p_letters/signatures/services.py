"""Writes of sign-ons: opening, signed texts, signing, confirming, moderating, closing. Keyword-only, atomic.

Every change that decides whether a signature prints goes through ``_sync``, which keeps the
letter's Signatory row and the sign-on's ``shown_count`` in step with the signature, in the same
transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from r2p_letters.letters import hooks
from r2p_letters.letters.models import Letter, Signatory
from r2p_letters.letters.revisions import revision_diff
from r2p_letters.letters.sections import SECTIONS
from r2p_letters.letters.services import letter_print_changed, letter_refresh
from r2p_letters.lib import emails
from r2p_letters.lib.email_limits import emails_reserve
from r2p_letters.lib.errors import StatusError
from r2p_letters.lib.text import name_key

from .models import (
    HOLDS_NAME,
    Erasure,
    ReportBack,
    ReportBackEmail,
    Signature,
    SignedText,
    SigningNotice,
    SignOn,
    SignOnInvitation,
    new_link_nonce,
)

logger = logging.getLogger(__name__)

# The sections whose text signatories endorse (lead signatories are not part of the text).
TEXT_SECTIONS = [name for name in SECTIONS if name != "signatories"]
REMINDER_BEFORE = timedelta(hours=48)
CONFIRM_SALT = "signatures.confirm"
MANAGE_SALT = "signatures.manage"


# -- names and keys ---------------------------------------------------------------------------------


def email_key(email: str) -> str:
    return email.strip().lower()


def organization_key(name: str) -> str:
    """The key under which an organization signs once: ``name_key``, cut to the stored length (look-alike
    letters can make a key longer than the name)."""
    return name_key(name)[: Signature._meta.get_field("organization_key").max_length]


def ip_hash(ip: str) -> str:
    """A keyed hash of a client address: enough to count, useless to anyone without the secret key."""
    return hmac.new(settings.SECRET_KEY.encode(), f"ip:{ip}".encode(), hashlib.sha256).hexdigest()


# -- signed texts -----------------------------------------------------------------------------------


def letter_text_snapshot(letter: Letter) -> dict:
    """Every section of the text as plain data (its words: how it prints, bullets or numbers, is left out)."""
    return {name: SECTIONS[name].snapshot(letter, words_only=True) for name in TEXT_SECTIONS}


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def signed_text_diff(old: SignedText, new: SignedText) -> list[tuple[str, list]]:
    """The sections that changed from ``old`` to ``new``, each with its word-level diff."""
    changed = []
    for name in TEXT_SECTIONS:
        before, after = old.content.get(name, {}), new.content.get(name, {})
        if before != after:
            changed.append((str(SECTIONS[name].label), revision_diff(name, before, after)))
    return changed


def signed_text_diff_text(old: SignedText, new: SignedText) -> str:
    """The diff as plain text for an email: [-removed-] {+added+}."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    blocks = []
    for label, rows in signed_text_diff(old, new):
        lines = [
            "".join(marks[piece.kind].format(piece.text) for piece in row)
            for row in rows
            if any(piece.kind != "same" for piece in row)
        ]
        blocks.append(f"== {label} ==\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _record_signed_text(letter: Letter, author) -> SignedText:
    last = letter.signed_texts.first()
    content = letter_text_snapshot(letter)
    return SignedText.objects.create(
        letter=letter,
        number=(last.number + 1) if last else 1,
        content=content,
        content_hash=content_hash(content),
        created_by=author,
    )


@transaction.atomic
def signed_text_record(*, letter: Letter, author) -> SignedText | None:
    """After the text of an open letter changed: a new signed text (version), and its signatories asked to confirm
    again. Returns None when the text is the same as the current one.
    """
    sign_on = SignOn.objects.select_for_update(of=("self",)).select_related("current_text").get(letter=letter)
    letter = Letter.objects.with_everything().get(pk=letter.pk)
    if content_hash(letter_text_snapshot(letter)) == sign_on.current_text.content_hash:
        return None
    previous, sign_on.current_text = sign_on.current_text, _record_signed_text(letter, author)
    sign_on.save(update_fields=["current_text"])
    earlier = sign_on.signatures.filter(status__in=[Signature.Status.PENDING, Signature.Status.CONFIRMED])
    diff = signed_text_diff_text(previous, sign_on.current_text)
    for signature in earlier.select_related("signed_text"):
        _queue_confirmation(signature, sign_on.current_text, reconfirm=True, diff=diff)
    if not sign_on.count_earlier_versions:
        _resync_all(sign_on)
    return sign_on.current_text


def reconfirmations_count(*, letter: Letter) -> int:
    """How many signatories ``signed_text_record`` would email if the open letter's text changed now."""
    return Signature.objects.filter(
        sign_on__letter=letter, status__in=[Signature.Status.PENDING, Signature.Status.CONFIRMED]
    ).count()


# -- opening and closing ----------------------------------------------------------------------------


@dataclass
class SignOnRules:
    deadline: datetime
    time_zone: str
    signers: str
    moderated: bool
    list_public: bool
    order: str = SignOn.Order.ALPHABETICAL


@transaction.atomic
def letter_open_for_signatures(*, letter: Letter, rules: SignOnRules, user) -> SignOn:
    """Freeze a ready letter as version 1 and open it for signatures until the deadline."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.READY:
        raise StatusError(_("Only a ready letter can be opened for signatures."))
    if letter.original_id:
        raise StatusError(_("A translation is signed through its original letter: open the original for signatures."))
    if rules.deadline <= timezone.now():
        raise StatusError(_("The deadline must be in the future."))
    letter.status = Letter.Status.OPEN
    letter.save(update_fields=["status", "updated_at"])
    first = _record_signed_text(Letter.objects.with_everything().get(pk=letter.pk), user)
    sign_on = SignOn.objects.create(letter=letter, current_text=first, opened_by=user, **rules.__dict__)
    _schedule(sign_on)
    hooks.letter_event(event=hooks.SIGN_ON_OPENED, letter=letter, subject=sign_on)
    return sign_on


def reminder_due(sign_on: SignOn) -> datetime:
    """When the invited who have not answered are reminded: 48 hours before the deadline, or before the close the
    letter's aim suggests (a Council decision less five working days in New York) when that comes first."""
    close = sign_on.deadline
    suggested = hooks.sign_on_close_suggested(letter=sign_on.letter)
    if suggested is not None and suggested < close:
        close = suggested
    return close - REMINDER_BEFORE


def _schedule(sign_on: SignOn, *, close: bool = True) -> None:
    """Queue the closing at the deadline and the reminder before it (each checks the deadline when it runs)."""
    if close:
        close_at_deadline.using(run_after=sign_on.deadline).enqueue(sign_on.pk)
    remind_at = max(reminder_due(sign_on), timezone.now())
    send_reminders.using(run_after=remind_at).enqueue(sign_on.pk)
    retention_schedule()


def sign_on_reminder_reschedule(*, letter: Letter) -> None:
    """The letter's suggested close moved (it aims at another decision): queue its reminder for the new time."""
    sign_on = SignOn.objects.filter(letter=letter, closed_at__isnull=True, reminder_sent_at__isnull=True).first()
    if sign_on is not None:
        _schedule(sign_on, close=False)


@transaction.atomic
def sign_on_update(*, sign_on: SignOn, **changes) -> SignOn:
    """Change the rules of a sign-on; what prints follows at once (counting, moderation, deadline)."""
    sign_on = SignOn.objects.select_for_update().get(pk=sign_on.pk)
    deadline_moved = "deadline" in changes and changes["deadline"] != sign_on.deadline
    for name, value in changes.items():
        setattr(sign_on, name, value)
    sign_on.save()
    if deadline_moved and sign_on.closed_at is None:
        _schedule(sign_on)
    _resync_all(sign_on)
    letter_refresh(letter=Letter.objects.with_everything().get(pk=sign_on.letter_id))  # a list made private
    return sign_on


@transaction.atomic
def sign_on_close(*, sign_on: SignOn, user=None) -> SignOn:
    """Close the sign-on (by hand, or at the deadline when ``user`` is None); the letter is closed."""
    sign_on = SignOn.objects.select_for_update(of=("self",)).select_related("letter").get(pk=sign_on.pk)
    if sign_on.closed_at is not None:
        return sign_on
    sign_on.closed_at = timezone.now()
    sign_on.closed_by = user
    sign_on.save(update_fields=["closed_at", "closed_by"])
    Letter.objects.filter(pk=sign_on.letter_id, status=Letter.Status.OPEN).update(
        status=Letter.Status.CLOSED, updated_at=timezone.now()
    )
    letter = Letter.objects.with_everything().get(pk=sign_on.letter_id)
    letter_refresh(letter=letter)
    hooks.letter_event(event=hooks.SIGN_ON_CLOSED, letter=letter, subject=sign_on)
    return sign_on


@transaction.atomic
def sign_on_reopen(*, sign_on: SignOn, deadline: datetime) -> SignOn:
    """Open a closed sign-on again until a new deadline."""
    if deadline <= timezone.now():
        raise StatusError(_("The deadline must be in the future."))
    sign_on = SignOn.objects.select_for_update().get(pk=sign_on.pk)
    sign_on.closed_at, sign_on.closed_by, sign_on.deadline = None, None, deadline
    sign_on.save(update_fields=["closed_at", "closed_by", "deadline"])
    Letter.objects.filter(pk=sign_on.letter_id).update(status=Letter.Status.OPEN, updated_at=timezone.now())
    _schedule(sign_on)
    letter = Letter.objects.with_everything().get(pk=sign_on.letter_id)
    letter_refresh(letter=letter)  # a private list again
    hooks.letter_event(event=hooks.SIGN_ON_OPENED, letter=letter, subject=sign_on)
    return sign_on


@task
def close_at_deadline(sign_on_id: int) -> None:
    sign_on = SignOn.objects.filter(pk=sign_on_id).first()
    if sign_on and sign_on.closed_at is None and sign_on.deadline <= timezone.now():
        sign_on_close(sign_on=sign_on)


# -- signing ----------------------------------------------------------------------------------------


class SignOnClosed(Exception):
    pass


@dataclass
class Submitted:
    # None when the organization already signs the letter as one of its drafters' signatories.
    signature: Signature | None
    # "new", "again" (a withdrawn signature signed anew), "same_email" or "same_organization"
    outcome: str
    organization: str = ""

    @property
    def is_duplicate(self) -> bool:
        return self.outcome in ("same_email", "same_organization")

    @property
    def name(self) -> str:
        return self.signature.organization if self.signature else self.organization


SIGNER_FIELDS = (
    "kind",
    "organization",
    "city",
    "country",
    "person_name",
    "person_title",
    "email",
    "show_name",
    "authorized",
    "visibility",
)
# The choices a signer makes on the sign form, recorded with the notice they were shown (the consent record).
CONSENT_CHOICES = ("kind", "authorized", "show_name", "visibility", "may_contact", "share_with_co_leads")


def _keys(data: dict) -> dict:
    organization = data.get("organization", "") if data.get("kind") == Signature.Kind.ORGANIZATION else ""
    return {"organization_key": organization_key(organization), "email_key": email_key(data["email"])}


def signature_submit(*, sign_on: SignOn, data: dict, client_ip_hash: str = "", language: str = "en") -> Submitted:
    """Record a signature awaiting its email confirmation and queue that email, in one transaction.

    A second signature from the same email, or for an organization whose name a signature holds
    (``HOLDS_NAME``), is never a second row, even when two requests race: the database's unique
    constraints decide, and the loser is told so. A row is only ever taken up again by its own email
    address, after a withdrawal, with new links.
    """
    if not sign_on.is_open:
        raise SignOnClosed
    keys = _keys(data)
    if _signs_already(sign_on, keys["organization_key"]):
        return Submitted(None, "same_organization", organization=data["organization"])
    signature = Signature(
        sign_on=sign_on,
        signed_text=sign_on.current_text,
        language=language,
        ip_hash=client_ip_hash,
    )
    _set_signer_fields(signature, data)
    _record_consent(signature, data, language)
    try:
        # Insert first: most signers are new, and the constraints catch the others (races included).
        with transaction.atomic():
            signature.save()
            _queue_confirmation(signature, sign_on.current_text)
        return Submitted(signature, "new")
    except IntegrityError:
        pass
    try:
        with transaction.atomic():
            existing = _existing_signature(sign_on, keys)
            if existing is None:  # the row that conflicted is gone since: a rare race, worth a retry
                raise SignOnBusy
            if existing.status != Signature.Status.WITHDRAWN or existing.email_key != keys["email_key"]:
                return Submitted(existing, _same(existing, keys))
            # A withdrawn signer signs again: the same row, pending anew, a new signing act whose links
            # are new (those of the withdrawn one open nothing any more).
            _set_signer_fields(existing, data)
            _record_consent(existing, data, language)
            existing.status, existing.withdrawn_at, existing.confirmed_at = Signature.Status.PENDING, None, None
            existing.signed_text, existing.language = sign_on.current_text, language
            existing.approved_at = None
            existing.link_nonce = new_link_nonce()
            existing.save()
            _queue_confirmation(existing, sign_on.current_text)
            return Submitted(existing, "again")
    except IntegrityError:
        # Signing again under a name that another signature holds.
        existing = _existing_signature(sign_on, {**keys, "email_key": ""})
        if existing is None:
            raise SignOnBusy from None
        return Submitted(existing, "same_organization")


class SignOnBusy(Exception):
    """Two requests crossed in a way that left nothing to report: the signer may simply send again."""


def _same(existing: Signature, keys: dict) -> str:
    return "same_email" if existing.email_key == keys["email_key"] else "same_organization"


def _signs_already(sign_on: SignOn, key: str) -> bool:
    """Whether the organization is among the signatories the drafters entered (or imported)."""
    if not key:
        return False
    entered = (
        Signatory.objects.filter(letter_id=sign_on.letter_id)
        .exclude(source=Signatory.Source.ONLINE)
        .exclude(organization="")
        .values_list("organization", flat=True)
    )
    return any(organization_key(name) == key for name in entered)


def _existing_signature(sign_on: SignOn, keys: dict) -> Signature | None:
    by_email = sign_on.signatures.filter(email_key=keys["email_key"]).first()
    if by_email or not keys["organization_key"]:
        return by_email
    return sign_on.signatures.filter(organization_key=keys["organization_key"], status__in=HOLDS_NAME).first()


def _record_consent(signature: Signature, data: dict, language: str) -> None:
    """The consent of this signing act: when, the notice shown in the signer's language, the choices made."""
    signature.consent_at = timezone.now()
    signature.notice = data.get("notice") or SigningNotice.current(language)
    signature.may_contact = bool(data.get("may_contact"))
    signature.share_with_co_leads = bool(data.get("share_with_co_leads"))
    signature.choices = {name: getattr(signature, name) for name in CONSENT_CHOICES}


def _set_signer_fields(signature: Signature, data: dict) -> None:
    for name in SIGNER_FIELDS:
        if name in data:
            setattr(signature, name, data[name])
    if signature.kind == Signature.Kind.INDIVIDUAL:
        # In a personal capacity one signs as oneself: the name is what prints (wherever the visibility
        # chosen lets it print), an organization only beside it, for identification.
        signature.show_name = True
        signature.authorized = False
    keys = _keys({"kind": signature.kind, "organization": signature.organization, "email": signature.email})
    if signature.pk and signature.email_key != keys["email_key"]:
        # Another address is another signer: the links sent to the old one open nothing any more.
        signature.link_nonce = new_link_nonce()
    signature.organization_key, signature.email_key = keys["organization_key"], keys["email_key"]


def confirm_token(signature: Signature, signed_text: SignedText) -> str:
    """The signed token of a link that confirms ``signed_text`` for this signing act of ``signature``."""
    return signing.dumps({"s": signature.pk, "n": signature.link_nonce, "v": signed_text.number}, salt=CONFIRM_SALT)


def manage_token(signature: Signature) -> str:
    """The signed token of the link to correct or withdraw this signing act of ``signature``."""
    return signing.dumps({"s": signature.pk, "n": signature.link_nonce}, salt=MANAGE_SALT)


class StaleLink(Exception):
    """A genuine link of a signing act that is over: the signature was signed anew, or is gone."""


def _read_token(token: str, salt: str, max_age: int) -> dict | None:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None


def _signature_of_link(data: dict) -> Signature:
    signature = Signature.objects.select_related("sign_on__letter", "signed_text").filter(pk=data.get("s")).first()
    # Links sent before links had a nonce name none: they open the rows that kept the empty one (never signed
    # again since), until those rows change hands.
    if signature is None or signature.link_nonce != data.get("n", ""):
        raise StaleLink
    return signature


def signature_for_confirm_token(token: str) -> tuple[Signature | None, int | None]:
    """The signature and version number a confirmation link names, or (None, None) when invalid or expired.

    Raises StaleLink for a link of an earlier signing act.
    """
    data = _read_token(token, CONFIRM_SALT, settings.SIGNATURE_CONFIRM_MAX_AGE)
    if not data:
        return None, None
    return _signature_of_link(data), data.get("v")


def signature_for_manage_token(token: str) -> Signature | None:
    """The signature a link to correct or withdraw names, or None when invalid or expired.

    Raises StaleLink for a link of an earlier signing act.
    """
    data = _read_token(token, MANAGE_SALT, settings.SIGNATURE_MANAGE_MAX_AGE)
    if not data:
        return None
    return _signature_of_link(data)


def _lock_for_link(signature: Signature, queryset=None) -> Signature:
    """The row of ``signature`` (as its link found it), locked; StaleLink if it passed to another signing act
    meanwhile."""
    locked = (
        (queryset if queryset is not None else Signature.objects).select_for_update(of=("self",)).get(pk=signature.pk)
    )
    if locked.link_nonce != signature.link_nonce:
        raise StaleLink
    return locked


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _letter_email_context(signature: Signature) -> dict:
    sign_on = signature.sign_on
    return {
        "letter_title": sign_on.letter.title,
        "letter_url": _link(sign_on.letter.get_absolute_url()),
        "signer": signature.person_name,
        "organization": signature.organization,
        "deadline": timezone.localtime(sign_on.deadline).isoformat(),
    }


def _queue_confirmation(
    signature: Signature, signed_text: SignedText, *, reconfirm: bool = False, diff: str = ""
) -> None:
    context = {
        **_letter_email_context(signature),
        "confirm_url": _link(reverse("signatures:confirm", args=[confirm_token(signature, signed_text)])),
        "version": signed_text.number,
        "signed_version": signature.signed_text.number,
        "diff": diff,
        "counts_meanwhile": signature.sign_on.count_earlier_versions,
    }
    signature.confirmation_email = emails.queue(
        "signature-reconfirm" if reconfirm else "signature-confirm",
        signature.email,
        context,
        language=signature.language,
    )
    Signature.objects.filter(pk=signature.pk).update(confirmation_email=signature.confirmation_email)


def confirmation_not_sent(signatures: QuerySet[Signature]) -> QuerySet[Signature]:
    """Those of ``signatures`` awaiting confirmation whose last confirmation email could not be sent."""
    return signatures.filter(emails.could_not_be_sent("confirmation_email"), status=Signature.Status.PENDING)


class ConfirmOutcome:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    WITHDRAWN = "withdrawn"
    OUTDATED = "outdated"  # a link to a version older than the one already confirmed, or than the current one


@transaction.atomic
def signature_confirm(*, signature: Signature, version_number: int) -> str:
    """Confirm the signature of ``version_number`` (the email's link). Confirming twice changes nothing.

    ``signature`` as its link named it: StaleLink if it was signed anew since.
    """
    signature = _lock_for_link(signature, Signature.objects.select_related("signed_text", "sign_on__current_text"))
    sign_on = signature.sign_on
    if signature.status in (Signature.Status.WITHDRAWN, Signature.Status.REJECTED, Signature.Status.MERGED):
        return ConfirmOutcome.WITHDRAWN
    if version_number != sign_on.current_text.number:
        return ConfirmOutcome.OUTDATED
    if signature.status == Signature.Status.CONFIRMED and signature.signed_text_id == sign_on.current_text_id:
        return ConfirmOutcome.ALREADY
    first_time = signature.status == Signature.Status.PENDING
    signature.status = Signature.Status.CONFIRMED
    signature.signed_text = sign_on.current_text
    signature.confirmed_at = signature.confirmed_at or timezone.now()
    signature.save(update_fields=["status", "signed_text", "confirmed_at"])
    _sync(signature)
    SignOnInvitation.objects.filter(sign_on=sign_on, email_key=signature.email_key).update(
        status=SignOnInvitation.Status.SIGNED, responded_at=timezone.now()
    )
    if first_time:
        emails.queue(
            "signature-confirmed",
            signature.email,
            {
                **_letter_email_context(signature),
                "manage_url": _link(reverse("signatures:manage", args=[manage_token(signature)])),
                "moderated": sign_on.moderated,
            },
            language=signature.language,
        )
        hooks.letter_event(event=hooks.SIGNATURE_CONFIRMED, letter=sign_on.letter, subject=signature)
    return ConfirmOutcome.CONFIRMED


@transaction.atomic
def signature_withdraw(*, signature: Signature) -> Signature:
    """The signer withdraws the signature (as its link named it: StaleLink if it was signed anew since)."""
    signature = _lock_for_link(signature)
    if signature.status != Signature.Status.WITHDRAWN:
        signature.status, signature.withdrawn_at = Signature.Status.WITHDRAWN, timezone.now()
        signature.save(update_fields=["status", "withdrawn_at"])
        _sync(signature)
        hooks.letter_event(event=hooks.SIGNATURE_WITHDRAWN, letter=signature.sign_on.letter, subject=signature)
    return signature


class DuplicateSignature(Exception):
    """The correction names an organization or email that already signed."""


@transaction.atomic
def signature_correct(*, signature: Signature, data: dict) -> Signature:
    """The signer corrects their details (email stays: it is who they are). StaleLink as for withdrawing."""
    signature = _lock_for_link(signature)
    _set_signer_fields(signature, {**data, "email": signature.email})
    _save_unique(signature)
    return signature


def _save_unique(signature: Signature) -> None:
    """Save, or raise DuplicateSignature when the organization or the email already signs the letter."""
    if _signs_already(signature.sign_on, signature.organization_key):
        raise DuplicateSignature
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as error:
        raise DuplicateSignature from error
    _sync(signature)


@transaction.atomic
def signature_resend_confirmation(*, signature: Signature) -> bool:
    """Send the confirmation link again to a signature still waiting for it; False when nothing is owed."""
    signature = Signature.objects.select_related("sign_on__current_text", "sign_on__letter", "signed_text").get(
        pk=signature.pk
    )
    if signature.status != Signature.Status.PENDING or not signature.sign_on.is_open:
        return False
    _queue_confirmation(signature, signature.sign_on.current_text)
    return True


@transaction.atomic
def confirmations_resend(*, sign_on: SignOn, user, signature: Signature | None = None) -> int:
    """Queue a new confirmation email for each signature of the sign-on (or just ``signature``) whose last one
    could not be sent; how many. One still being sent or tried again is left alone, so asking twice sends once.

    The emails come from ``user``'s, the lead organization's and each address's budgets: ``EmailLimitReached``
    (nothing queued) when one would be overdrawn.
    """
    sign_on = SignOn.objects.select_related("current_text", "letter__lead_organization").get(pk=sign_on.pk)
    if not sign_on.is_open:
        raise StatusError(_("The sign-on is closed: a confirmation link would not work. Reopen it first."))
    waiting = (
        confirmation_not_sent(sign_on.signatures.all()).select_related("signed_text").select_for_update(of=("self",))
    )
    if signature is not None:
        waiting = waiting.filter(pk=signature.pk)
    waiting = list(waiting)
    if waiting:
        emails_reserve(
            count=len(waiting),
            user=user,
            organization=sign_on.letter.lead_organization,
            addresses=[row.email for row in waiting],
        )
    for row in waiting:
        row.sign_on = sign_on
        _queue_confirmation(row, sign_on.current_text)
    return len(waiting)


# -- the organizers' work ---------------------------------------------------------------------------


def _organizer_update(signature: Signature, **changes) -> Signature:
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    for name, value in changes.items():
        setattr(signature, name, value)
    try:
        with transaction.atomic():
            signature.save(update_fields=list(changes))
    except IntegrityError:
        # Approving a rejected signature again, when another signature took the organization's name meanwhile.
        raise StatusError(
            _(
                "%(name)s cannot show again: another signature of the same organization holds its "
                "place on the letter. Reject or merge one of the two."
            )
            % {"name": signature.printed_name}
        ) from None
    _sync(signature)
    return signature


@transaction.atomic
def signature_approve(*, signature: Signature) -> Signature:
    """Approve a signature whose email is confirmed (or undo a rejection of one)."""
    if signature.confirmed_at is None or signature.status not in (
        Signature.Status.CONFIRMED,
        Signature.Status.REJECTED,
    ):
        raise StatusError(_("Only a signature confirmed by its signer can be approved."))
    return _organizer_update(signature, approved_at=timezone.now(), status=Signature.Status.CONFIRMED)


@transaction.atomic
def signature_reject(*, signature: Signature) -> Signature:
    """Keep a signature off the letter (it can be approved again later if its signer confirmed it)."""
    if signature.status not in (Signature.Status.PENDING, Signature.Status.CONFIRMED):
        raise StatusError(_("Only a signature awaiting confirmation or confirmed can be rejected."))
    return _organizer_update(signature, status=Signature.Status.REJECTED, approved_at=None)


@transaction.atomic
def signature_set_display(*, signature: Signature, display_name: str, display_place: str) -> Signature:
    return _organizer_update(signature, display_name=display_name, display_place=display_place)


@transaction.atomic
def signature_set_lead(*, signature: Signature, is_lead: bool) -> Signature:
    return _organizer_update(signature, is_lead=is_lead)


@transaction.atomic
def signature_merge(*, duplicate: Signature, into: Signature) -> Signature:
    """Fold ``duplicate`` into ``into`` (the same organization written two ways): one line prints."""
    if duplicate.pk == into.pk or duplicate.sign_on_id != into.sign_on_id:
        raise StatusError(_("A signature can only be merged into another signature of the same letter."))
    into = Signature.objects.select_for_update().get(pk=into.pk)
    if into.status != Signature.Status.CONFIRMED:
        raise StatusError(_("A signature can only be merged into a confirmed signature, which keeps printing."))
    return _organizer_update(duplicate, status=Signature.Status.MERGED, merged_into=into)


@transaction.atomic
def signature_add_late(*, sign_on: SignOn, data: dict, signed_on, user) -> Signature:
    """A signature the drafters add after the sign-on closed: confirmed, marked late, dated."""
    sign_on = SignOn.objects.select_related("current_text").get(pk=sign_on.pk)
    signature = Signature(
        sign_on=sign_on,
        signed_text=sign_on.current_text,
        status=Signature.Status.CONFIRMED,
        is_late=True,
        approved_at=timezone.now(),
        # Noon in the sign-on's time zone: the date prints as given, wherever the server is.
        confirmed_at=datetime.combine(signed_on, time(12), tzinfo=ZoneInfo(sign_on.time_zone)),
    )
    _set_signer_fields(signature, data)
    _save_unique(signature)
    return signature


@transaction.atomic
def signatures_add_late(*, sign_on: SignOn, rows: list[dict], signed_on, user) -> list[Signature]:
    """Late signatures from a list (each checked by the late signature form), in its order, all or none: a
    DuplicateSignature on any row leaves none of them added."""
    return [signature_add_late(sign_on=sign_on, data=data, signed_on=signed_on, user=user) for data in rows]


# -- what prints ------------------------------------------------------------------------------------


def signature_is_shown(signature: Signature, sign_on: SignOn) -> bool:
    """Whether a signature prints: confirmed, approved where moderated, of a version that counts."""
    return (
        signature.status == Signature.Status.CONFIRMED
        and (signature.approved_at is not None or not sign_on.moderated)
        and (signature.signed_text_id == sign_on.current_text_id or sign_on.count_earlier_versions)
    )


def signature_printed_fields(signature: Signature) -> dict:
    """What of ``signature`` prints, as the letter's Signatory row holds it: who signs and where."""
    # Individuals without an organization always print their name (_set_signer_fields sees to it).
    person = signature.show_name
    values = {
        "organization": signature.organization,
        "person_name": signature.person_name if person else "",
        "person_title": signature.person_title if person else "",
        "city": signature.city,
        "country": signature.country,
        "location": signature.display_place,
        "capacity": Signatory.Capacity.PERSONAL
        if signature.kind == Signature.Kind.INDIVIDUAL
        else Signatory.Capacity.ORGANIZATION,
        "visibility": signature.visibility,
    }
    if signature.display_name:
        values["person_name" if values["person_name"] and not signature.organization else "organization"] = (
            signature.display_name
        )
    return values


def _signatory_values(signature: Signature, sign_on: SignOn) -> dict:
    signed = signature.confirmed_at or signature.created_at
    return {
        **signature_printed_fields(signature),
        "role": Signatory.Role.LEAD if signature.is_lead else Signatory.Role.COSIGNER,
        "signed_on": timezone.localtime(signed, sign_on.local_deadline.tzinfo).date() if signed else None,
        "source": Signatory.Source.ONLINE,
    }


def _sync(signature: Signature) -> None:
    """Make the letter's Signatory row and the shown count agree with ``signature`` (inside its transaction)."""
    sign_on = SignOn.objects.select_related("current_text").get(pk=signature.sign_on_id)
    shown = signature_is_shown(signature, sign_on)
    if shown or signature.signatory_id:
        # Its printed row changes: the letter's cached PDFs are stale. The letter row is locked before the
        # sign-on's, in the order the composer locks them.
        letter_print_changed(letter_id=sign_on.letter_id)
    if shown and signature.signatory_id:
        Signatory.objects.filter(pk=signature.signatory_id).update(**_signatory_values(signature, sign_on))
    elif shown:
        signature.signatory = Signatory.objects.create(
            letter_id=sign_on.letter_id, **_signatory_values(signature, sign_on)
        )
        Signature.objects.filter(pk=signature.pk).update(signatory=signature.signatory)
        SignOn.objects.filter(pk=sign_on.pk).update(shown_count=F("shown_count") + 1)
    elif signature.signatory_id:
        Signatory.objects.filter(pk=signature.signatory_id).delete()
        signature.signatory = None
        SignOn.objects.filter(pk=sign_on.pk).update(shown_count=F("shown_count") - 1)


def _resync_all(sign_on: SignOn) -> None:
    """After a rule changed: every signature's row made to agree, in a few bulk queries."""
    sign_on = SignOn.objects.select_related("current_text").get(pk=sign_on.pk)
    letter_print_changed(letter_id=sign_on.letter_id)
    signatures = list(sign_on.signatures.exclude(status=Signature.Status.PENDING, signatory__isnull=True))
    hide = [s.signatory_id for s in signatures if s.signatory_id and not signature_is_shown(s, sign_on)]
    Signatory.objects.filter(pk__in=hide).delete()
    kept = [s for s in signatures if s.signatory_id and s.signatory_id not in hide]
    rows = {row.pk: row for row in Signatory.objects.filter(pk__in=[s.signatory_id for s in kept])}
    for signature in kept:
        for name, value in _signatory_values(signature, sign_on).items():
            setattr(rows[signature.signatory_id], name, value)
    Signatory.objects.bulk_update(
        rows.values(),
        [
            "organization",
            "person_name",
            "person_title",
            "city",
            "country",
            "location",
            "capacity",
            "visibility",
            "role",
            "signed_on",
            "source",
        ],
        batch_size=500,
    )
    new = [s for s in signatures if not s.signatory_id and signature_is_shown(s, sign_on)]
    created = Signatory.objects.bulk_create(
        [Signatory(letter_id=sign_on.letter_id, **_signatory_values(s, sign_on)) for s in new], batch_size=500
    )
    for signature, row in zip(new, created, strict=True):
        signature.signatory = row
    Signature.objects.bulk_update(new, ["signatory"], batch_size=500)
    shown = sum(1 for s in signatures if signature_is_shown(s, sign_on))
    SignOn.objects.filter(pk=sign_on.pk).update(shown_count=shown)


# -- invitations ------------------------------------------------------------------------------------

EMAIL_IN_TEXT = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+")


def emails_in(text: str) -> list[str]:
    """The distinct email addresses in pasted text ("Name <a@b.org>, c@d.org; ..."), in order."""
    seen, found = set(), []
    for match in EMAIL_IN_TEXT.findall(text):
        key = email_key(match.strip(".").strip())
        if key not in seen:
            seen.add(key)
            found.append(match.strip("."))
    return found


@transaction.atomic
def invitations_send(*, sign_on: SignOn, addresses: list[str], user) -> tuple[int, int]:
    """Invite each address that is not invited yet; returns (invited, already invited).

    Raises ``EmailLimitReached`` (no one invited) when the user, the lead organization or an address has had
    too many emails.
    """
    sign_on = SignOn.objects.select_related("letter__lead_organization").get(pk=sign_on.pk)
    existing = set(sign_on.invitations.values_list("email_key", flat=True))
    new = {}
    for address in addresses:
        key = email_key(address)
        if len(key) > 254:
            raise ValueError(f"not an email address: {address[:60]}…")
        if key not in existing:
            new.setdefault(key, address)
    if new:
        emails_reserve(count=len(new), user=user, organization=sign_on.letter.lead_organization, addresses=new.values())
    for key, address in new.items():
        invitation = SignOnInvitation.objects.create(sign_on=sign_on, email=address, email_key=key, invited_by=user)
        _queue_invitation(invitation, user_name=str(user), reminder=False)
    return len(new), len(addresses) - len(new)


def _queue_invitation(invitation: SignOnInvitation, *, user_name: str, reminder: bool) -> None:
    sign_on = invitation.sign_on
    emails.queue(
        "sign-on-reminder" if reminder else "sign-on-invitation",
        invitation.email,
        {
            "letter_title": sign_on.letter.title,
            "invited_by": user_name,
            "issued_by": sign_on.letter.issued_by,
            "invitation_url": _link(invitation.get_absolute_url()),
            "deadline": sign_on.local_deadline.strftime("%Y-%m-%d %H:%M"),
            "time_zone": sign_on.time_zone,
        },
        language=sign_on.letter.language if sign_on.letter.language in ("en", "fr") else "en",
    )


@transaction.atomic
def invitation_open(*, invitation: SignOnInvitation) -> SignOnInvitation:
    if invitation.status == SignOnInvitation.Status.INVITED:
        SignOnInvitation.objects.filter(pk=invitation.pk, status=SignOnInvitation.Status.INVITED).update(
            status=SignOnInvitation.Status.OPENED, opened_at=timezone.now()
        )
        invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: SignOnInvitation) -> SignOnInvitation:
    if invitation.status != SignOnInvitation.Status.SIGNED:
        invitation.status, invitation.responded_at = SignOnInvitation.Status.DECLINED, timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
    return invitation


@task
def send_reminders(sign_on_id: int) -> int:
    """Remind the invited who neither signed nor declined, once, shortly before the deadline."""
    with transaction.atomic():
        sign_on = SignOn.objects.select_for_update(of=("self",)).select_related("letter").filter(pk=sign_on_id).first()
        if sign_on is None or not sign_on.is_open or sign_on.reminder_sent_at or reminder_due(sign_on) > timezone.now():
            return 0
        waiting = list(
            sign_on.invitations.filter(status__in=[SignOnInvitation.Status.INVITED, SignOnInvitation.Status.OPENED])
        )
        for invitation in waiting:
            _queue_invitation(invitation, user_name=sign_on.letter.issued_by, reminder=True)
        sign_on.invitations.filter(pk__in=[i.pk for i in waiting]).update(reminded_at=timezone.now())
        sign_on.reminder_sent_at = timezone.now()
        sign_on.save(update_fields=["reminder_sent_at"])
        return len(waiting)


# -- reporting back to the signers what came of the letter ---------------------------------------------------------


class ReportBackSent(StatusError):
    """The sign-on's report back went already: it goes once."""


def report_back_recipients(sign_on: SignOn) -> QuerySet[Signature]:
    """Who hears what came of the letter: the confirmed signatures whose signer agreed to be contacted by the lead
    organization (not the withdrawn, rejected or merged ones, nor any without an email address)."""
    return sign_on.signatures.filter(status=Signature.Status.CONFIRMED, may_contact=True).exclude(email="")


def report_back_language(signature: Signature) -> str:
    """The language the signer signed in, if the interface has it, else the default."""
    return signature.language if signature.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def report_back_context(*, sign_on: SignOn, message: str, signature: Signature | None) -> dict:
    """What one signer's email says: the organizers' message, the letter, and that signer's own link only."""
    letter = sign_on.letter
    return {
        "letter_title": letter.title,
        "letter_url": _link(letter.get_absolute_url()),
        "organization": letter.lead_organization.name if letter.lead_organization_id else letter.issued_by,
        "message": message,
        "signer": signature.person_name if signature else "",
        "manage_url": _link(reverse("signatures:manage", args=[manage_token(signature)])) if signature else "",
    }


@transaction.atomic
def report_back_send(*, sign_on: SignOn, message: str, user) -> ReportBack:
    """Queue the report, one email to each recipient in their language, once per sign-on: ``ReportBackSent`` if it
    went already (also when another request sends it at the same moment), ``EmailLimitReached`` (nothing queued)
    when an address had too many emails lately. The emails are paced: ``REPORT_BACK_PER_MINUTE`` become due a
    minute."""
    message = message.strip()
    if not message:
        raise StatusError(_("Write what happened first."))
    sign_on = (
        SignOn.objects.select_for_update(of=("self",)).select_related("letter__lead_organization").get(pk=sign_on.pk)
    )
    if ReportBack.objects.filter(sign_on=sign_on).exists():
        raise ReportBackSent(_("The report back to signers went already: it is sent once."))
    recipients = list(report_back_recipients(sign_on).order_by("pk"))
    try:
        with transaction.atomic():
            report = ReportBack.objects.create(
                sign_on=sign_on, message=message, sent_by=user, recipients=len(recipients)
            )
    except IntegrityError:  # another request made it between our check and our insert (SQLite locks no row)
        raise ReportBackSent(_("The report back to signers went already: it is sent once.")) from None
    if recipients:
        emails_reserve(addresses=[signature.email for signature in recipients])
    now, per_minute = timezone.now(), max(1, settings.REPORT_BACK_PER_MINUTE)
    ReportBackEmail.objects.bulk_create(
        ReportBackEmail(
            report=report,
            signature=signature,
            queued_email=emails.queue(
                "report-back",
                signature.email,
                report_back_context(sign_on=sign_on, message=message, signature=signature),
                language=report_back_language(signature),
                run_after=now + timedelta(minutes=number // per_minute) if number >= per_minute else None,
            ),
        )
        for number, signature in enumerate(recipients)
    )
    return report


@dataclass(frozen=True)
class ReportBackCounts:
    recipients: int
    sent: int
    failed: int

    @property
    def waiting(self) -> int:
        return self.recipients - self.sent - self.failed


def report_back_counts(report: ReportBack) -> ReportBackCounts:
    """How many of the report's emails the mail server took, and how many were given up."""
    rows = report.emails.annotate(sent=emails.was_sent("queued_email"), failed=emails.could_not_be_sent("queued_email"))
    counts = {"sent": 0, "failed": 0}
    for sent, failed in rows.values_list("sent", "failed"):
        counts["sent"] += sent
        counts["failed"] += failed
    return ReportBackCounts(recipients=report.recipients, **counts)


# -- personal data: what we hold about a signer, erasure, retention ----------------------------------------


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def signature_data(*, signature: Signature) -> dict:
    """Everything we hold about ``signature`` (every field of its row, the printed line, the invitation and the
    emails to its address), as plain JSON data: what its signer downloads."""
    signature = Signature.objects.select_related("sign_on__letter", "signed_text", "signatory").get(pk=signature.pk)
    sign_on = signature.sign_on
    fields = {field.attname: _plain(getattr(signature, field.attname)) for field in Signature._meta.concrete_fields}
    fields["country"] = str(signature.country.code) if signature.country else ""
    printed = signature.signatory
    invitation = sign_on.invitations.filter(email_key=signature.email_key).first()
    queued = DBTaskResult.objects.filter(task_path=emails.DELIVER, args_kwargs__args__1__iexact=signature.email)
    return {
        "letter": {"title": sign_on.letter.title, "url": _link(sign_on.letter.get_absolute_url())},
        "version_signed": signature.signed_text.number,
        "signature": fields,
        "printed_line": (
            {
                name: _plain(getattr(printed, name))
                for name in ("organization", "person_name", "person_title", "city", "country", "location")
            }
            if printed
            else None
        ),
        "invitation": (
            {
                "email": invitation.email,
                "status": invitation.status,
                "sent_at": _plain(invitation.sent_at),
                "opened_at": _plain(invitation.opened_at),
                "responded_at": _plain(invitation.responded_at),
            }
            if invitation
            else None
        ),
        "emails": [
            {"email": row.args_kwargs["args"][0], "queued_at": _plain(row.enqueued_at), "status": row.status}
            for row in queued.order_by("enqueued_at")
        ],
        "contact_details_erased_on": _plain(sign_on.local_contact_erasure_at(last_delivered_on(sign_on))),
    }


def last_delivered_on(sign_on: SignOn):
    """The day the letter was last delivered (the council app's delivery record), or None."""
    return Letter.objects.filter(pk=sign_on.letter_id).aggregate(day=Max("deliveries__delivered_on"))["day"]


@transaction.atomic
def signature_erase(*, signature: Signature, source: str = Erasure.Source.SIGNER, note: str = "", user=None) -> bool:
    """Withdraw ``signature`` and delete every row that holds its signer's data: the signature, its printed line,
    the invitations and emails to its address. The count goes down; a signature erased after the letter was
    delivered stays counted in the delivery record, without a name. Erasing again does nothing: False.

    ``signature`` as its link named it: StaleLink if it passed to another signing act meanwhile.
    """
    locked = Signature.objects.select_for_update(of=("self",)).filter(pk=signature.pk).first()
    if locked is None:
        return False
    if locked.link_nonce != signature.link_nonce:
        raise StaleLink
    sign_on = locked.sign_on
    was_printed = locked.signatory_id is not None
    if locked.status != Signature.Status.WITHDRAWN:
        locked.status, locked.withdrawn_at = Signature.Status.WITHDRAWN, timezone.now()
        locked.save(update_fields=["status", "withdrawn_at"])
        _sync(locked)  # its printed line goes, the count goes down
    after_delivery = last_delivered_on(sign_on) is not None
    if was_printed and after_delivery:
        SignOn.objects.filter(pk=sign_on.pk).update(erased_after_delivery=F("erased_after_delivery") + 1)
    addresses = [locked.email, *sign_on.invitations.filter(email_key=locked.email_key).values_list("email", flat=True)]
    sign_on.invitations.filter(email_key=locked.email_key).delete()
    for address in {a for a in addresses if a}:
        emails.forget(address)
    locked.delete()
    Erasure.objects.create(sign_on=sign_on, source=source, note=note, recorded_by=user, after_delivery=after_delivery)
    logger.info("Signature %s of sign-on %s erased (%s)", signature.pk, sign_on.pk, source)
    return True


def _retention_due(now: datetime) -> list[SignOn]:
    """The sign-ons whose contact details are due for erasure at ``now``."""
    ended = Q(closed_at__isnull=False) | Q(deadline__lte=now) | Q(letter__deliveries__isnull=False)
    sign_ons = SignOn.objects.filter(ended).annotate(last_delivered_on=Max("letter__deliveries__delivered_on"))
    return [s for s in sign_ons if (at := s.contact_erasure_at(s.last_delivered_on)) is not None and at <= now]


def _erase_contacts_batch(sign_on: SignOn, now: datetime, batch_size: int) -> int:
    """One batch of one due sign-on, in its own transaction: signatures that print lose their contact details
    (and a name they did not make public); the others, and the invitations, are deleted. How many rows."""
    with transaction.atomic():
        unprinted = list(
            sign_on.signatures.filter(signatory__isnull=True).order_by("pk").select_for_update()[:batch_size]
        )
        if unprinted:
            for address in {s.email for s in unprinted if s.email}:
                emails.forget(address)
            Signature.objects.filter(merged_into__in=unprinted).update(merged_into=None)
            Signature.objects.filter(pk__in=[s.pk for s in unprinted]).delete()
            return len(unprinted)
        invitations = list(sign_on.invitations.order_by("pk").select_for_update()[:batch_size])
        if invitations:
            for address in {i.email for i in invitations}:
                emails.forget(address)
            SignOnInvitation.objects.filter(pk__in=[i.pk for i in invitations]).delete()
            return len(invitations)
        printed = list(
            sign_on.signatures.filter(contact_erased_at__isnull=True).order_by("pk").select_for_update()[:batch_size]
        )
        for signature in printed:
            emails.forget(signature.email)
            signature.email, signature.email_key, signature.ip_hash = "", f"erased-{signature.pk}", ""
            signature.confirmation_email, signature.contact_erased_at = None, now
            if not signature_printed_fields(signature)["person_name"]:  # a name the signer did not choose to print
                signature.person_name, signature.person_title = "", ""
        Signature.objects.bulk_update(
            printed,
            ["email", "email_key", "ip_hash", "confirmation_email", "contact_erased_at", "person_name", "person_title"],
        )
        return len(printed)


def contact_details_erase(
    *, now: datetime | None = None, batch_size: int | None = None, batches: int | None = None
) -> int:
    """Erase the contact details of every sign-on due (``SignOn.contact_erasure_at``), keeping what prints.

    Batch after batch, each committed: a run interrupted halfway keeps what it did, and the next one goes on
    from there; running it again changes nothing. ``batches`` stops after that many. How many rows changed.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.CONTACT_RETENTION_BATCH
    done = ran = 0
    for sign_on in _retention_due(now):
        while batches is None or ran < batches:
            changed = _erase_contacts_batch(sign_on, now, batch_size)
            if not changed:
                break
            done, ran = done + changed, ran + 1
    if done:
        logger.info("Retention: contact details erased from %d rows", done)
    return done


RETENTION_INTERVAL = timedelta(days=1)


@task
def contact_details_retention() -> int:
    """The daily retention run (the worker runs it): erase what is due, then queue tomorrow's run."""
    done = contact_details_erase()
    retention_schedule(after=timezone.now() + RETENTION_INTERVAL)
    return done


def retention_schedule(*, after: datetime | None = None) -> None:
    """Queue the retention run (at ``after``, or now) unless one is waiting already."""
    waiting = DBTaskResult.objects.filter(task_path=contact_details_retention.module_path, status="READY")
    if not waiting.exists():
        contact_details_retention.using(run_after=after or timezone.now()).enqueue()
