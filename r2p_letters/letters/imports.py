"""Reading back a letter exported as JSON (``exports.letter_data``): validated whole, written in one transaction."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from r2p_letters.lib.un_symbols import un_symbol_normalize
from r2p_letters.organizations.models import Organization
from r2p_letters.printing.exports import JSON_FORMAT, JSON_VERSION, LETTER_JSON_FIELDS

from .citations import situation_with_legal_basis
from .models import Ask, Footnote, LegalInstrument, Letter, LetterTemplate, Paragraph, Signatory
from .services import _new_slug, instrument_create, letter_refresh

MAX_IMPORT_BYTES = 20_000_000
# An exported letter nests five levels deep (letter, signatories, a signatory, ...); far more is no letter.
MAX_IMPORT_DEPTH = 20


class LetterImportError(Exception):
    """The file cannot be imported; the message says where and why. Nothing was written."""


@dataclass
class LetterImported:
    letter: Letter
    warnings: list[str] = field(default_factory=list)


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise LetterImportError(_("%(where)s must be an object.") % {"where": where})
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise LetterImportError(_("%(where)s must be a list.") % {"where": where})
    return value


def _text(data: dict, name: str, where: str, *, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise LetterImportError(_("%(where)s.%(name)s must be text.") % {"where": where, "name": name})
    if "\x00" in value:
        raise LetterImportError(_("%(where)s.%(name)s holds a null character.") % {"where": where, "name": name})
    if required and not value.strip():
        raise LetterImportError(_("%(where)s.%(name)s is missing.") % {"where": where, "name": name})
    return value


def _letter_field(data: dict, name: str):
    """One of the letter's LETTER_JSON_FIELDS: text, or true/false; a choice or a switch an older export lacks
    takes its default (the file was made before the field existed)."""
    model_field = Letter._meta.get_field(name)
    is_switch = isinstance(model_field, models.BooleanField)
    if name not in data and (is_switch or model_field.choices):
        return model_field.get_default()
    if not is_switch:
        return _text(data, name, "letter")
    if not isinstance(data[name], bool):
        raise LetterImportError(_("%(where)s.%(name)s must be true or false.") % {"where": "letter", "name": name})
    return data[name]


def _date(data: dict, name: str, where: str) -> datetime.date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LetterImportError(
            _("%(where)s.%(name)s is not a date (YYYY-MM-DD).") % {"where": where, "name": name}
        ) from None


def _checked(instance, where: str, *, exclude: tuple = ()) -> None:
    """Model validation (lengths, choices, countries), its messages prefixed with where they apply."""
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        # full_clean() checks the length of CharFields only; our TextFields have limits too.
        if model_field.max_length and isinstance(value, str) and len(value) > model_field.max_length:
            raise LetterImportError(
                _("%(where)s.%(name)s is longer than %(max)s characters.")
                % {"where": where, "name": model_field.name, "max": model_field.max_length}
            )
    try:
        # Constraints are the database's to enforce (a signatory's name is checked above, in letter_import).
        instance.full_clean(exclude=["letter", *exclude], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"{where}.{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise LetterImportError(problems) from None


def _deeper_than(data, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels in ``data`` (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            pending.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return False


def letter_data_read(raw: str | bytes) -> dict:
    """Parse an exported file, refusing what is not JSON of our format and version."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise LetterImportError(_("The file is larger than %(max)s bytes.") % {"max": MAX_IMPORT_BYTES})
    too_deep = LetterImportError(
        _("The file nests its data too deeply to be a letter (at most %(max)s levels).") % {"max": MAX_IMPORT_DEPTH}
    )
    try:
        data = json.loads(raw)
    except RecursionError:
        raise too_deep from None
    except (ValueError, UnicodeDecodeError) as error:
        raise LetterImportError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    # Deep data parsed would still reach code that recurses on it (repr, messages): refuse it here.
    if _deeper_than(data, MAX_IMPORT_DEPTH):
        raise too_deep
    if not isinstance(data, dict):
        raise LetterImportError(_("The file must hold one JSON object, the letter."))
    if data.get("format") != JSON_FORMAT:
        raise LetterImportError(
            _('The file is not an R2P letter (its "format" is not "%(format)s").') % {"format": JSON_FORMAT}
        )
    if data.get("version") != JSON_VERSION:
        raise LetterImportError(
            _("This version of the format (%(version)s) is not supported; only version %(supported)s is.")
            % {"version": data.get("version"), "supported": JSON_VERSION}
        )
    return data


@transaction.atomic
def letter_import(*, data: dict, status: str = Letter.Status.DRAFT, author=None) -> LetterImported:
    """Create a letter from ``letter_data_read()``'s data: all of it, or nothing (LetterImportError)."""
    source = _object(data.get("letter"), "letter")
    warnings: list[str] = []
    organization = None
    organization_slug = _text(source, "lead_organization", "letter")
    if organization_slug:
        organization = Organization.objects.filter(slug=organization_slug).first()
        if organization is None:
            warnings.append(
                _("There is no organization “%(slug)s”: the letter has no lead organization.")
                % {"slug": organization_slug}
            )
    template_slug = _text(source, "template", "letter", required=True)
    template = LetterTemplate.objects.filter(slug=template_slug).first()
    if template is None:
        raise LetterImportError(_("letter.template: there is no template “%(slug)s”.") % {"slug": template_slug})
    # The rule of the composer: built-in templates and the lead organization's own house styles, no one else's.
    if not LetterTemplate.objects.usable_by(organization).filter(pk=template.pk).exists():
        raise LetterImportError(
            _(
                "letter.template: “%(slug)s” is the house style of another organization; a letter uses a built-in "
                "template or its lead organization's own."
            )
            % {"slug": template_slug}
        )
    title = _text(source, "title", "letter", required=True)
    letter = Letter(
        slug=_new_slug(title[:300]),
        status=status,
        template=template,
        lead_organization=organization,
        created_by=author,
        title=title,
        language=_text(source, "language", "letter", required=True),
        date=_date(source, "date", "letter"),
        concerned_country=_text(source, "concerned_country", "letter"),
        **{
            name: _letter_field(source, name)
            for name in LETTER_JSON_FIELDS
            if name not in ("title", "language")  # read above: the title is required, the language too
        },
    )
    _checked(letter, "letter", exclude=("slug",))
    letter.save()

    paragraphs = _object(source.get("paragraphs", {}), "letter.paragraphs")
    unknown = set(paragraphs) - set(Paragraph.Section.values)
    if unknown:
        raise LetterImportError(_("letter.paragraphs: unknown section %(name)s.") % {"name": sorted(unknown)[0]})
    texts_by_section = {
        section: [
            _text({"text": text}, "text", f"letter.paragraphs.{section}[{i}]", required=True)
            for i, text in enumerate(_list(texts, f"letter.paragraphs.{section}"))
        ]
        for section, texts in paragraphs.items()
    }
    # The instruments the letter cites, added to the catalogue where it lacks them. An export made before
    # citations went inline gives each its words ("text"): they join the situation, printing as they did.
    legacy = []
    for i, basis in enumerate(_list(source.get("legal_bases", []), "letter.legal_bases")):
        where = f"letter.legal_bases[{i}]"
        basis = _object(basis, where)
        instrument = _instrument(
            _object(basis.get("instrument"), f"{where}.instrument"), f"{where}.instrument", author, warnings
        )
        if "text" in basis:
            legacy.append(
                {
                    "instrument": instrument.symbol,
                    "pinpoint": _text(basis, "pinpoint", where),
                    "text": _text(basis, "text", where),
                }
            )
    if legacy:
        texts_by_section["situation"] = situation_with_legal_basis(texts_by_section.get("situation", []), legacy)
    parts = []
    for section, texts in texts_by_section.items():
        for i, text in enumerate(texts):
            where = f"letter.paragraphs.{section}[{i}]"
            parts.append((Paragraph(letter=letter, section=section, position=i, text=text), where))
    for i, ask in enumerate(_list(source.get("asks", []), "letter.asks")):
        where = f"letter.asks[{i}]"
        ask = _object(ask, where)
        parts.append(
            (
                Ask(
                    letter=letter,
                    position=i,
                    text=_text(ask, "text", where, required=True),
                    by_when=_text(ask, "by_when", where),
                ),
                where,
            )
        )
    for i, text in enumerate(_list(source.get("footnotes", []), "letter.footnotes")):
        where = f"letter.footnotes[{i}]"
        parts.append(
            (Footnote(letter=letter, position=i, text=_text({"text": text}, "text", where, required=True)), where)
        )
    for i, row in enumerate(_list(source.get("signatories", []), "letter.signatories")):
        where = f"letter.signatories[{i}]"
        row = _object(row, where)
        position = row.get("position", i)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise LetterImportError(_("%(where)s.position must be a whole number.") % {"where": where})
        signatory = Signatory(
            letter=letter,
            position=position,
            signed_on=_date(row, "signed_on", where),
            role=_text(row, "role", where) or Signatory.Role.COSIGNER,
            source=_text(row, "source", where) or Signatory.Source.IMPORTED,
            **{
                name: _text(row, name, where)
                for name in ("organization", "city", "country", "location", "person_name", "person_title", "capacity")
            },
        )
        if not (signatory.organization.strip() or signatory.person_name.strip()):
            raise LetterImportError(_("%(where)s needs an organization or a person's name.") % {"where": where})
        parts.append((signatory, where))
    for part, where in parts:
        _checked(part, where)
        part.save()
    letter_refresh(letter=letter)
    return LetterImported(letter, warnings)


def _instrument(data: dict, where: str, author, warnings: list[str]) -> LegalInstrument:
    """The catalogue's instrument with this symbol, or a new one, unverified until a coordinator checks it."""
    symbol = un_symbol_normalize(_text(data, "symbol", where, required=True))
    existing = LegalInstrument.objects.filter(symbol=symbol).first()
    if existing:
        return existing
    candidate = LegalInstrument(
        symbol=symbol,
        slug="pending",
        kind=_text(data, "kind", where, required=True),
        title=_text(data, "title", where, required=True),
        adopted_on=_date(data, "adopted_on", where),
        url=_text(data, "url", where),
    )
    _checked(candidate, where, exclude=("slug",))
    warnings.append(_("%(symbol)s was added to the catalogue, unverified.") % {"symbol": symbol})
    return instrument_create(
        author=author,
        symbol=symbol,
        kind=candidate.kind,
        title=candidate.title,
        adopted_on=candidate.adopted_on,
        url=candidate.url,
    )
