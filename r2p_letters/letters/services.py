"""Writes that touch letters and their parts. Keyword-only, typed, atomic."""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from r2p_letters.lib import emails
from r2p_letters.lib.email_limits import EmailLimitReached, emails_reserve
from r2p_letters.lib.errors import StatusError
from r2p_letters.lib.slugs import unique_slug
from r2p_letters.lib.text import fold
from r2p_letters.lib.un_symbols import un_symbol_normalize
from r2p_letters.organizations.models import Membership, Role
from r2p_letters.printing.html import letter_template_job, render_letter
from r2p_letters.printing.layouts import AsksStyle, DateStyle, Layout
from r2p_letters.printing.sandbox import BODIES_DIR, compile_template, run_template_job

from .citations import letter_citations_sync, situation_with_legal_basis
from .hooks import open_letter_text_changed
from .models import (
    Approval,
    Ask,
    Audience,
    CoLeadInvitation,
    Footnote,
    LegalInstrument,
    Letter,
    LetterTemplate,
    Paragraph,
    Revision,
    Signatory,
)
from .permissions import EDITABLE_STATUSES, organizations_user_drafts_for, signatures_public
from .sections import SECTIONS

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

# Built-in letter templates: slug, name, description, DOCX layout. Their HTML and CSS live in BODIES_DIR.
BUILTIN_TEMPLATES = [
    (
        "open-letter-security-council",
        "Open letter to the Security Council",
        "A public open letter: centred title and date, the body, the list of signatories.",
        Layout.OPEN_LETTER,
    ),
    (
        "letter-foreign-ministers",
        "Letter to the foreign ministers of Council members",
        "A formal letter: date on the right, addressee block, subject line, salutation.",
        Layout.FORMAL_LETTER,
    ),
]


def letter_search_text(letter: Letter) -> str:
    parts = [
        letter.title,
        letter.subject,
        letter.issued_by,
        letter.place,
        letter.addressee,
        letter.concerned_region,
        str(letter.concerned_country.name) if letter.concerned_country else "",
    ]
    parts += [p.text for p in letter.paragraphs.all()]
    parts += [a.text for a in letter.asks.all()]
    for basis in letter.legal_bases.all():
        parts += [basis.instrument.symbol, basis.instrument.title, basis.pinpoint]
    parts += [f.text for f in letter.footnotes.all()]
    # While a private list runs, who signed online is nobody's business: the library's search must not tell.
    public = signatures_public(getattr(letter, "sign_on", None))
    for s in letter.signatories.all():
        # Nor may it tell of a name its signer keeps off the public letter.
        if (public or s.source != s.Source.ONLINE) and s.is_named_for(Audience.PUBLIC):
            parts += [s.organization, s.person_name, s.person_title, s.place]
    return fold("\n".join(part for part in parts if part))


@transaction.atomic
def letter_refresh(*, letter: Letter) -> None:
    """After a write to a letter or its parts: its search text is read again from every section, and its cached
    PDFs are made again, and its legal basis follows what its text cites. Every service that writes a letter's text
    ends with it, so no write can forget any of them."""
    letter_citations_sync(letter=letter)
    letter.search_text = letter_search_text(letter)
    Letter.objects.filter(pk=letter.pk).print_changed(search_text=letter.search_text)


def letter_print_changed(*, letter_id: int) -> None:
    """The letter's printed signatories changed without its text (signatures collected online, inside the
    caller's transaction): its cached PDFs are made again. Their names enter the search text when the sign-on
    closes (``letter_refresh``), so a signature does not read every other signatory again."""
    Letter.objects.filter(pk=letter_id).print_changed()


@transaction.atomic
def letter_templates_sync_builtin() -> list[LetterTemplate]:
    """Create or refresh the built-in templates from their files (users cannot change them)."""
    base_css = (BODIES_DIR / "base.css").read_text()
    templates = []
    for slug, name, description, layout in BUILTIN_TEMPLATES:
        template, _ = LetterTemplate.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "html": (BODIES_DIR / f"{slug}.j2").read_text(),
                "css": base_css + "\n" + (BODIES_DIR / f"{slug}.css").read_text(),
                "layout": layout,
                "is_builtin": True,
            },
        )
        templates.append(template)
    return templates


@transaction.atomic
def instruments_load(*, path: Path = EXAMPLES_DIR / "instruments.toml") -> int:
    """Create or update the catalogue from its data file; returns how many instruments it holds."""
    entries = tomllib.loads(path.read_text())["instrument"]
    for entry in entries:
        LegalInstrument.objects.update_or_create(
            symbol=un_symbol_normalize(entry["symbol"]),
            defaults={
                "slug": slugify(entry["symbol"].replace("/", "-")),
                "kind": entry["kind"],
                "title": entry["title"],
                "adopted_on": entry.get("adopted_on"),
                "summary": entry.get("summary", ""),
                "url": entry.get("url", ""),
                "verified": True,
            },
        )
    return len(entries)


LETTER_FIELDS = (
    "title",
    "no_headline",
    "language",
    "status",
    "issued_by",
    "place",
    "date",
    "date_line",
    "date_style",
    "addressee",
    "salutation",
    "subject",
    "concerned_country",
    "concerned_region",
    "valediction",
    "asks_style",
    "signatories_heading",
)
SIGNATORY_FIELDS = ("organization", "city", "country", "location", "person_name", "person_title", "role")


@transaction.atomic
def letter_create_from_data(*, data: dict, source: str = Signatory.Source.IMPORTED) -> Letter:
    """Create a structured letter from a dictionary shaped like the example files."""
    letter = Letter.objects.create(
        slug=data["slug"],
        template=LetterTemplate.objects.get(slug=data["template"]),
        **{field: data[field] for field in LETTER_FIELDS if field in data},
    )
    paragraphs = {section: list(data.get(section, [])) for section in Paragraph.Section.values}
    if data.get("legal_basis"):  # written before citations went inline: each entry's words join the situation
        paragraphs["situation"] = situation_with_legal_basis(paragraphs["situation"], data["legal_basis"])
    for section, texts in paragraphs.items():
        Paragraph.objects.bulk_create(
            Paragraph(letter=letter, section=section, position=i, text=text) for i, text in enumerate(texts)
        )
    Ask.objects.bulk_create(
        Ask(letter=letter, position=i, text=ask["text"], by_when=ask.get("by_when", ""))
        for i, ask in enumerate(data.get("ask", []))
    )
    Footnote.objects.bulk_create(
        Footnote(letter=letter, position=i, text=note["text"]) for i, note in enumerate(data.get("footnote", []))
    )
    Signatory.objects.bulk_create(
        Signatory(
            letter=letter,
            position=i,
            source=source,
            signed_on=data.get("date"),
            **{field: row[field] for field in SIGNATORY_FIELDS if field in row},
        )
        for i, row in enumerate(data.get("signatory", []))
    )
    letter_refresh(letter=letter)
    return letter


@dataclass
class ExamplesLoaded:
    instruments: int
    templates: int
    letters_created: list[str]
    letters_kept: list[str]


@transaction.atomic
def examples_load(*, refresh: bool = False) -> ExamplesLoaded:
    """Load the catalogue, the built-in templates and the example letters, idempotently.

    Letters that already exist are kept as they are, unless ``refresh`` replaces them.
    """
    instruments = instruments_load()
    templates = letter_templates_sync_builtin()
    created, kept = [], []
    for path in sorted((EXAMPLES_DIR / "letters").glob("*.toml")):
        data = tomllib.loads(path.read_text())
        existing = Letter.objects.filter(slug=data["slug"])
        if existing.exists() and not refresh:
            kept.append(data["slug"])
            continue
        existing.delete()
        letter_create_from_data(data=data, source=Signatory.Source.IMPORTED)
        created.append(data["slug"])
    return ExamplesLoaded(instruments, len(templates), created, kept)


RESERVED_SLUGS = frozenset({"new"})  # /letters/new/ starts a letter


def _new_slug(title: str) -> str:
    return unique_slug(Letter, title, fallback="letter", max_length=100, reserved=RESERVED_SLUGS)


@transaction.atomic
def letter_create(*, organization, template: LetterTemplate, title: str, language: str, author) -> Letter:
    """A blank draft of ``organization``, rendered with ``template``."""
    letter = Letter.objects.create(
        slug=_new_slug(title),
        title=title,
        language=language,
        template=template,
        lead_organization=organization,
        created_by=author,
        status=Letter.Status.DRAFT,
    )
    letter_refresh(letter=letter)
    return letter


# What a reused letter does not take from its source: it is a new letter, of its own day, by its own organization,
# about a country or region its drafters name again.
REUSE_RESETS = ("issued_by", "date_line", "concerned_country", "concerned_region")


@transaction.atomic
def letter_create_from(
    *, source: Letter, organization, author, title: str = "", concerned_country: str = "", concerned_region: str = ""
) -> Letter:
    """A new draft that reuses ``source``: its structure and text, not its signatories, titled ``title`` (the
    source's when empty) and dated today. "Issued by", the printed date, the country and the region start
    empty unless given. It keeps the source's template only if ``organization`` may use it (a built-in one, or
    its own), else the built-in one that one was copied from: another organization's template, which that
    organization can still edit, never renders this draft."""
    title = title or source.title
    fields = {name: getattr(source, name) for name in LETTER_FIELDS if name != "status"}
    fields |= dict.fromkeys(REUSE_RESETS, "")
    fields |= {
        "title": title,
        "date": timezone.localdate(),
        "concerned_country": concerned_country,
        "concerned_region": concerned_region,
    }
    letter = Letter.objects.create(
        slug=_new_slug(title),
        lead_organization=organization,
        created_by=author,
        status=Letter.Status.DRAFT,
        derived_from=source,
        template=source.template.for_organizations([organization.pk]) or source.template,
        **fields,
    )
    _copy_text(source, letter)
    letter_refresh(letter=letter)
    return letter


@transaction.atomic
def letter_create_from_draft(*, organization, template: LetterTemplate, language: str, draft: dict, author) -> Letter:
    """A draft of ``organization`` from a letter drafted elsewhere, as the drafter reviewed it (the structure
    ``draft_import.draft_structure`` finds): its fields, paragraphs, asks, closing, footnotes and signatories.
    Refused (PermissionDenied, nothing written) when ``author`` may not draft for ``organization`` or use
    ``template``."""
    if not organizations_user_drafts_for(author).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if not template.is_usable_by([organization.pk]):
        raise PermissionDenied
    title = draft["title"] or draft["subject"] or _("Imported letter")
    letter = Letter.objects.create(
        slug=_new_slug(title),
        title=title[:300],
        language=language,
        template=template,
        lead_organization=organization,
        created_by=author,
        status=Letter.Status.DRAFT,
        date=datetime.date.fromisoformat(draft["date"]) if draft["date"] else None,
        date_line=draft.get("date_line", ""),
        date_style=draft.get("date_style") or DateStyle.DAY_MONTH_YEAR,
        asks_style=draft.get("asks_style") or AsksStyle.NUMBERED,
        place=draft["place"],
        addressee=draft["addressee"],
        salutation=draft["salutation"],
        subject=draft["subject"],
        valediction=draft["valediction"],
    )
    paragraphs = [(p["section"], p["text"]) for p in draft["paragraphs"]]
    paragraphs += [(Paragraph.Section.CLOSING, text) for text in draft["closing"]]
    Paragraph.objects.bulk_create(
        Paragraph(letter=letter, section=section, position=i, text=text) for i, (section, text) in enumerate(paragraphs)
    )
    Ask.objects.bulk_create(Ask(letter=letter, position=i, text=text) for i, text in enumerate(draft["asks"]))
    Footnote.objects.bulk_create(
        Footnote(letter=letter, position=i, text=text) for i, text in enumerate(draft["footnotes"])
    )
    Signatory.objects.bulk_create(
        Signatory(
            letter=letter,
            position=i,
            source=Signatory.Source.ENTERED,
            # The letter's own people (a person signing for the importing organization) lead it.
            role=Signatory.Role.LEAD
            if row["person"] and row["organization"] == organization.name
            else Signatory.Role.COSIGNER,
            organization=row["organization"],
            city=row["city"],
            country=row["country"],
            location=row.get("location", ""),
            person_name=row["person"],
            person_title=row["title"],
        )
        for i, row in enumerate(draft["signatories"])
    )
    letter_refresh(letter=letter)
    return letter


def _copy_text(source: Letter, letter: Letter) -> None:
    """Copy the text parts of ``source`` (paragraphs, asks, footnotes) into ``letter``; its legal basis follows
    from them (letter_refresh)."""
    Paragraph.objects.bulk_create(
        Paragraph(letter=letter, section=p.section, position=p.position, text=p.text) for p in source.paragraphs.all()
    )
    Ask.objects.bulk_create(
        Ask(letter=letter, position=a.position, text=a.text, by_when=a.by_when) for a in source.asks.all()
    )
    Footnote.objects.bulk_create(
        Footnote(letter=letter, position=f.position, text=f.text) for f in source.footnotes.all()
    )


# -- parallel versions (translations) ---------------------------------------------------------------


class LanguageVersionRefused(Exception):
    """A version that cannot be added or marked authoritative; the message is for the user."""


@transaction.atomic
def letter_translation_create(*, letter: Letter, language: str, user) -> Letter:
    """A new draft version of ``letter`` in ``language``: the authoritative text to translate, the same lead
    organization, co-leads and template as the original; it prints the original's signatories."""
    # Lock the original: two people adding the same language one after the other get a clear refusal.
    original = Letter.objects.select_for_update().get(pk=letter.original_id or letter.pk)
    if language not in dict(settings.LETTER_LANGUAGES):
        raise LanguageVersionRefused(
            _("A version can be added in one of these languages: %(languages)s.")
            % {"languages": ", ".join(str(name) for code, name in settings.LETTER_LANGUAGES)}
        )
    existing = original.language_versions().filter(language=language).first()
    if existing is not None:
        raise LanguageVersionRefused(
            _("This letter already has a version in this language (%(language)s): “%(title)s”.")
            % {"language": existing.get_language_display(), "title": existing.title}
        )
    # Translators work from the authoritative text.
    source = original.language_versions().filter(is_authoritative=True).first() or original
    translation = Letter.objects.create(
        slug=_new_slug(f"{original.title} {language}"),
        lead_organization=original.lead_organization,
        created_by=user,
        status=Letter.Status.DRAFT,
        original=original,
        is_authoritative=False,
        template=source.template,
        **{name: getattr(source, name) for name in LETTER_FIELDS if name not in ("status", "language")},
        language=language,
    )
    translation.co_leads.set(original.co_leads.all())
    _copy_text(source, translation)
    letter_refresh(letter=translation)
    return translation


@transaction.atomic
def language_version_make_authoritative(*, letter: Letter) -> Letter:
    """Mark ``letter`` as the authoritative text of its versions (and no other), until signatures open."""
    original = Letter.objects.select_for_update().get(pk=letter.original_id or letter.pk)
    if Letter.objects.filter(pk=original.pk, sign_on__isnull=False).exists():
        raise LanguageVersionRefused(
            _("The letter was opened for signatures: the text its signatories signed stays the authoritative one.")
        )
    # Unmark first, then mark: the database allows at most one authoritative version at any moment.
    original.language_versions().update(is_authoritative=False)
    original.language_versions().filter(pk=letter.pk).update(is_authoritative=True)
    letter.is_authoritative = True
    return letter


class SectionConflict(Exception):
    """Someone saved the section since the editor loaded it: nothing was written."""

    def __init__(self, *, section: str, edits: int, content: dict, author):
        self.section, self.edits, self.content, self.author = section, edits, content, author
        super().__init__(f"{section} was saved {edits} times")


@transaction.atomic
def letter_section_save(
    *, letter: Letter, section: str, content: dict, base_edit: int, author, coalesce: bool = False
) -> Revision:
    """Save one section if nobody saved it since its edit ``base_edit`` (the editor's page's); record the revision.
    With ``coalesce`` (the composer's saves as one types), a save that follows the same author's last save of the
    section within ``COALESCE_REVISIONS`` updates that revision instead of adding one."""
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    current = locked.section_edits.get(section, 0)
    if base_edit != current:
        last = locked.revisions.filter(section=section).select_related("author").first()
        raise SectionConflict(
            section=section,
            edits=current,
            content=SECTIONS[section].snapshot(locked),
            author=last.author if last else None,
        )
    SECTIONS[section].apply(locked, content)
    return _sections_saved(locked, [section], author=author, coalesce=coalesce)[0]


class ItemRefused(ValueError):
    """An item operation the section cannot take (an item that is not there, one too many): nothing was written."""


@transaction.atomic
def letter_section_items_edit(
    *,
    letter: Letter,
    section: str,
    edit: Callable[[list[dict]], list[dict]],
    base_edit: int,
    author,
    coalesce: bool = False,
) -> Revision:
    """Change a section's items with ``edit`` (current items -> new items, see ``sections.items_*``) and save them
    through ``letter_section_save``: the same check of ``base_edit``, the same revision (``coalesce``: typing in an
    item; inserting, deleting and moving each keep a revision).
    Raises ItemRefused when ``edit`` does (IndexError, ValueError) or the section would hold too many items."""
    spec = SECTIONS[section]
    locked = _lock(letter)
    if base_edit != locked.section_edits.get(section, 0):  # the conflict, told by the one write path
        return letter_section_save(letter=locked, section=section, content={}, base_edit=base_edit, author=author)
    items = spec.snapshot(locked)["items"]
    try:
        edited = edit(list(items))
    except (IndexError, ValueError) as error:
        raise ItemRefused(str(error)) from None
    if len(edited) > spec.max_items:
        raise ItemRefused(_("This section holds at most %(max)s items.") % {"max": spec.max_items})
    return letter_section_save(
        letter=locked,
        section=section,
        content={"items": edited},
        base_edit=base_edit,
        author=author,
        coalesce=coalesce,
    )


# Saves of one section by one author closer together than this make one revision (typing is not a revision a key).
COALESCE_REVISIONS = datetime.timedelta(minutes=5)


def _sections_saved(letter: Letter, sections: list[str], *, author, coalesce: bool = False) -> list[Revision]:
    """What a change to ``sections`` of a locked letter entails, whoever wrote it (the composer, the admin):
    each section's count of edits moves on and a revision records it, approvals given to the earlier text are
    withdrawn, the search text and the PDFs follow, and an open letter's sign-on is told."""
    if sections:
        withdrawn = list(letter.approvals.select_related("organization", "approved_by"))
        letter.approvals.all().delete()
        if withdrawn:
            _approvals_withdrawn(letter, withdrawn, sections=sections, author=author)
        letter.section_edits = {
            **letter.section_edits,
            **{name: letter.section_edits.get(name, 0) + 1 for name in sections},
        }
        letter.save(update_fields=["section_edits", "updated_at"])
    letter_refresh(letter=letter)
    revisions = [_revision_record(letter, name, author=author, coalesce=coalesce) for name in sections]
    if sections and letter.status == Letter.Status.OPEN:
        open_letter_text_changed(letter=letter, author=author)
    return revisions


def _revision_record(letter: Letter, section: str, *, author, coalesce: bool) -> Revision:
    number, content = letter.section_edits[section], SECTIONS[section].snapshot(letter)
    # An open letter's saves are each a signed version: each keeps its revision.
    if coalesce and author is not None and letter.status != Letter.Status.OPEN:
        last = letter.revisions.filter(section=section).first()
        if (
            last is not None
            and last.author_id == author.pk
            and last.number == number - 1
            and timezone.now() - last.created_at < COALESCE_REVISIONS
        ):
            last.number, last.content = number, content
            last.save(update_fields=["number", "content"])
            return last
    return Revision.objects.create(letter=letter, section=section, number=number, author=author, content=content)


def _sections_content(letter: Letter) -> dict[str, dict]:
    letter = Letter.objects.with_everything().get(pk=letter.pk)
    return {name: section.snapshot(letter) for name, section in SECTIONS.items()}


@transaction.atomic
def letter_edit(*, letter: Letter, write: Callable[[], object], author) -> list[Revision]:
    """Let ``write`` save the letter's fields and parts in place (the admin's forms), then record each section it
    changed as a composer save does. Raises StatusError, and nothing is written, when it changed the text of a
    letter whose text is frozen (ready, closed, published)."""
    locked = _lock(letter)
    before = _sections_content(locked)
    write()
    changed = [name for name, content in _sections_content(locked).items() if content != before[name]]
    if changed and locked.status not in EDITABLE_STATUSES:
        raise StatusError(
            _("The text of a ready, closed or published letter is frozen: it is the text that was approved or signed.")
        )
    return _sections_saved(_lock(letter), changed, author=author)


def letter_preview_with(*, letter: Letter, section: str, content: dict) -> str:
    """The letter's HTML as it would print with ``content`` in ``section``; nothing is kept.

    The change is written inside a transaction that is rolled back, so the preview goes through
    the very same code, and the same renderer, as a save. Only the letter's data is read in it: the
    template renders after the rollback, so no lock is held while a worker renders.
    """
    with transaction.atomic():
        SECTIONS[section].apply(Letter.objects.select_for_update().get(pk=letter.pk), content)
        job = letter_template_job(Letter.objects.with_everything().get(pk=letter.pk))
        transaction.set_rollback(True)
    return run_template_job(job)


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _move(letter: Letter, *, allowed_from: tuple, to: str, refusal: str) -> Letter:
    """Change the status of a locked letter, starting its approvals afresh."""
    letter = _lock(letter)
    if letter.status not in allowed_from:
        raise StatusError(refusal)
    letter.approvals.all().delete()
    letter.status = to
    letter.save(update_fields=["status", "updated_at"])
    return letter


def _email_context(letter: Letter, **extra) -> dict:
    """What the review emails say of the letter (plain JSON, for the queue)."""
    return {
        "letter": letter.title,
        "lead": letter.lead_organization.name if letter.lead_organization else "",
        "path": reverse("letters:detail", args=[letter.slug]),
        **extra,
    }


@transaction.atomic
def letter_submit_for_review(*, letter: Letter, submitted_by=None) -> Letter:
    """Send a draft for review: the owners and editors of every lead and co-lead organization are told by email
    (but the person who sent it). Raises ``EmailLimitReached`` (nothing written) when a budget is spent."""
    letter = _move(
        letter,
        allowed_from=(Letter.Status.DRAFT,),
        to=Letter.Status.IN_REVIEW,
        refusal=_("Only a draft can be sent for review."),
    )
    organizations = letter.lead_organizations()
    recipients = sorted(
        set(
            Membership.objects.filter(organization__in=organizations, role__in=(Role.OWNER, Role.EDITOR))
            .exclude(user=submitted_by)
            .values_list("user__email", flat=True)
        )
    )
    emails_reserve(
        count=len(recipients), user=submitted_by, organization=letter.lead_organization, addresses=recipients
    )
    context = _email_context(
        letter,
        submitted_by=str(submitted_by) if submitted_by else "",
        organizations=[o.name for o in organizations],
    )
    for email in recipients:  # queued in this transaction: sent by the worker, retried, never lost
        emails.queue("review-requested", email, context, language=translation.get_language())
    return letter


def _approvals_withdrawn(letter: Letter, approvals: list[Approval], *, sections: list[str], author) -> None:
    """Tell each person whose approval a change withdrew, within the email limits: the change itself is never
    refused for want of an email (the section's form said beforehand whose approvals a save withdraws)."""
    recipients = sorted({a.approved_by.email for a in approvals if a.approved_by and a.approved_by != author})
    try:
        emails_reserve(count=len(recipients), user=author, organization=letter.lead_organization, addresses=recipients)
    except EmailLimitReached:
        return
    context = _email_context(
        letter,
        changed_by=str(author) if author else "",
        sections=[str(SECTIONS[name].label) for name in sections],
        organizations=[a.organization.name for a in approvals],
    )
    for email in recipients:
        emails.queue("approvals-withdrawn", email, context, language=translation.get_language())


@transaction.atomic
def letter_approve(*, letter: Letter, organization, user) -> Letter:
    """Record ``organization``'s approval; once every lead and co-lead approved, the letter is ready."""
    letter = _lock(letter)
    if letter.status != Letter.Status.IN_REVIEW:
        raise StatusError(_("Only a letter in review can be approved."))
    Approval.objects.get_or_create(letter=letter, organization=organization, defaults={"approved_by": user})
    approved = set(letter.approvals.values_list("organization_id", flat=True))
    if all(o.pk in approved for o in letter.lead_organizations()):
        letter.status = Letter.Status.READY
        letter.save(update_fields=["status", "updated_at"])
    return letter


@transaction.atomic
def letter_return_to_draft(*, letter: Letter) -> Letter:
    return _move(
        letter,
        allowed_from=(Letter.Status.IN_REVIEW, Letter.Status.READY),
        to=Letter.Status.DRAFT,
        refusal=_("Only a letter in review or ready can go back to draft."),
    )


# -- co-leads: invited, then accepted by the invited organization ------------------------------------

# While its text is still being agreed, a letter may take new co-leads; after review their letterhead would
# change a letter its organizations approved, or that people sign.
CO_LEAD_STATUSES = (Letter.Status.DRAFT, Letter.Status.IN_REVIEW)


def _refuse_new_co_leads_unless_agreeing(original: Letter) -> None:
    """Every language version prints the same co-leads: all of them must still be drafts or in review."""
    if original.language_versions().exclude(status__in=CO_LEAD_STATUSES).exists():
        raise StatusError(_("The letter is past its review: it no longer takes new co-leads."))


@transaction.atomic
def co_lead_invite(*, letter: Letter, organization, invited_by) -> CoLeadInvitation:
    """Invite ``organization`` to co-lead ``letter`` and its language versions; its owners are told by email.

    Nothing changes for the organization until one of its owners or editors accepts. A declined invitation
    may be sent again; a pending one is not sent twice. Raises ``EmailLimitReached`` (nothing written) when the
    inviter, the lead organization or an owner's address has had its emails for now.
    """
    original = _lock(letter.original_letter)
    if (original if original.pk == letter.pk else _lock(letter)).status != Letter.Status.DRAFT:
        raise StatusError(_("Co-leads are invited while the letter is a draft."))
    _refuse_new_co_leads_unless_agreeing(original)
    if organization.pk == original.lead_organization_id:
        raise StatusError(_("%(name)s already leads this letter.") % {"name": organization.name})
    if original.co_leads.filter(pk=organization.pk).exists():
        raise StatusError(_("%(name)s already co-leads this letter.") % {"name": organization.name})
    owners = list(organization.memberships.filter(role=Role.OWNER).values_list("user__email", flat=True))
    emails_reserve(count=len(owners), user=invited_by, organization=original.lead_organization, addresses=owners)
    invitation, created = CoLeadInvitation.objects.select_for_update().get_or_create(
        letter=original, organization=organization, defaults={"invited_by": invited_by}
    )
    if not created:
        if invitation.status == CoLeadInvitation.Status.PENDING:
            raise StatusError(_("%(name)s is already invited and has not answered yet.") % {"name": organization.name})
        invitation.status, invitation.invited_by, invitation.invited_at = (
            CoLeadInvitation.Status.PENDING,
            invited_by,
            timezone.now(),
        )
        invitation.answered_by = invitation.answered_at = None
        invitation.save()
    context = {
        "organization": organization.name,
        "letter": original.title,
        "lead": original.lead_organization.name if original.lead_organization else "",
        "invited_by": str(invited_by) if invited_by else "",
        "path": reverse("organizations:detail", args=[organization.slug]),
    }
    for email in owners:  # queued in this transaction: sent by the worker, retried, never lost
        emails.queue("co-lead-invitation", email, context, language=translation.get_language())
    return invitation


def _answerable(invitation: CoLeadInvitation) -> CoLeadInvitation:
    invitation = CoLeadInvitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    if invitation.status != CoLeadInvitation.Status.PENDING:
        raise StatusError(_("This invitation was already answered."))
    return invitation


@transaction.atomic
def co_lead_invitation_accept(*, invitation: CoLeadInvitation, user) -> CoLeadInvitation:
    """The invited organization (``user`` is one of its owners or editors) co-leads every version of the letter:
    its editors edit it, its letterhead prints, its approval is needed."""
    invitation = _answerable(invitation)
    original = _lock(invitation.letter)
    _refuse_new_co_leads_unless_agreeing(original)
    for version in original.language_versions():
        version.co_leads.add(invitation.organization)
    invitation.status, invitation.answered_by, invitation.answered_at = (
        CoLeadInvitation.Status.ACCEPTED,
        user,
        timezone.now(),
    )
    invitation.save(update_fields=["status", "answered_by", "answered_at"])
    return invitation


@transaction.atomic
def co_lead_invitation_decline(*, invitation: CoLeadInvitation, user) -> CoLeadInvitation:
    """The invited organization (``user`` is one of its owners or editors) does not co-lead the letter."""
    invitation = _answerable(invitation)
    invitation.status, invitation.answered_by, invitation.answered_at = (
        CoLeadInvitation.Status.DECLINED,
        user,
        timezone.now(),
    )
    invitation.save(update_fields=["status", "answered_by", "answered_at"])
    return invitation


class TooManySignatories(ValueError):
    """A letter holds at most ``max_items`` signatories the drafters entered."""


@transaction.atomic
def signatories_add(*, letter: Letter, rows: list[dict], base_edit: int, author) -> Revision:
    """Append signatories (a pasted list, checked: the signatory form's cleaned data) after the letter's own, in
    their order, all or none; one revision of the signatories section records them."""
    items = SECTIONS["signatories"].snapshot(letter)["items"] + [dict(row) for row in rows]
    if len(items) > SECTIONS["signatories"].max_items:
        raise TooManySignatories(SECTIONS["signatories"].max_items)
    return letter_section_save(
        letter=letter, section="signatories", content={"items": items}, base_edit=base_edit, author=author
    )


def instrument_create(*, author, **fields) -> LegalInstrument:
    """Add an instrument missing from the catalogue; it stays unverified until a coordinator checks it."""
    fields["symbol"] = un_symbol_normalize(fields["symbol"])
    slug = unique_slug(LegalInstrument, fields["symbol"].replace("/", "-"), fallback="instrument")
    return LegalInstrument.objects.create(slug=slug, added_by=author, verified=False, **fields)


@transaction.atomic
def letter_instrument_add(*, letter: Letter, author, **fields) -> LegalInstrument:
    """Add to the catalogue an instrument the letter cites (unverified): the letter's note for it prints."""
    instrument = instrument_create(author=author, **fields)
    letter_refresh(letter=letter)
    return instrument


@transaction.atomic
def instrument_update(*, instrument: LegalInstrument) -> LegalInstrument:
    """Save an instrument edited by a coordinator; the letters that cite it print, and are found by, its new
    symbol and title."""
    instrument.save()
    for letter in Letter.objects.filter(legal_bases__instrument=instrument).distinct():
        letter_refresh(letter=letter)
    return instrument


@transaction.atomic
def instruments_verify(*, instruments) -> int:
    """A coordinator has checked these instruments against the official record: they are verified; returns how many
    were not yet. (What letters print does not change: their notes already give the symbol and title.)"""
    return LegalInstrument.objects.filter(pk__in=[i.pk for i in instruments], verified=False).update(verified=True)


def sample_letter() -> Letter | None:
    """The letter a template is tried on before it is saved: the oldest public letter of the library."""
    return Letter.objects.public().with_everything().order_by("date", "pk").first()


def letter_template_check(*, html: str, css: str) -> str:
    """Render the sample letter with the unsaved template ``html`` and ``css`` (only compile it if the library
    has no public letter); raise LetterRenderError naming the line. The sample shows the signatures collected
    online only if its sign-on's list is public: the template's author is not one of its organizations."""
    sample = sample_letter()
    if sample is None:
        compile_template(html)
        return ""
    sign_on = getattr(sample.original_letter, "sign_on", None)
    return render_letter(
        sample, template=LetterTemplate(html=html, css=css), show_online=signatures_public(sign_on)
    ).html


@transaction.atomic
def letter_template_create_for(*, organization, source: LetterTemplate | None, name: str) -> LetterTemplate:
    """A new house style for ``organization``, copied from ``source`` (a built-in template) when given: its HTML,
    CSS and DOCX layout."""
    slug = unique_slug(LetterTemplate, f"{organization.slug}-{name}", fallback="template")
    return LetterTemplate.objects.create(
        organization=organization,
        slug=slug,
        name=name,
        is_builtin=False,
        copied_from=(source if source.is_builtin else source.copied_from) if source else None,
        html=source.html if source else '{% extends "base.j2" %}',
        css=source.css if source else "",
        description=source.description if source else "",
        layout=source.layout if source else Layout.OPEN_LETTER,
    )
