"""The one renderer of letters: a letter and its template -> an HTML document.

Letter templates are user-editable Jinja2, so they run in Jinja2's immutable sandbox with
autoescaping and StrictUndefined, see only plain data (never model instances), and are
bounded in time and in the size of what they build. The HTML page and the PDF both come
from ``render_letter``: what you see on the page is what prints.
"""

from __future__ import annotations

import base64
import ctypes
import datetime
import logging
import re
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.templatetags.static import static
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment
from markupsafe import Markup

from .formatting import format_block, format_inline, long_date
from .typography import typeset_context

logger = logging.getLogger(__name__)

BODIES_DIR = Path(settings.BASE_DIR) / "templates" / "letter_bodies"
TEMPLATE_FILENAME = "<letter template>"
MAX_TEMPLATE_SOURCE = 200_000
MAX_VALUE_SIZE = 2_000_000  # characters or items one expression may build
MAX_INT_BITS = 4096
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
# Logos print from data: URIs (see _logo_data_uri); the types the logo form accepts, by extension.
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
              "webp": "image/webp"}
# How the letter is laid out: "screen" (the letter page: notes at the end) or "pdf" (notes at the foot of their page).
MEDIA = ("screen", "pdf")
# Co-signers print in two columns when there are more than this many and their lines are short:
TWO_COLUMNS_AFTER = 12
HALF_LINE_CHARACTERS = 40  # what fits half the A4 text width at 10.5 pt without wrapping


class LetterRenderError(Exception):
    """A template could not be rendered: the message is for the template's author."""

    def __init__(self, message: str, lineno: int | None = None):
        self.message = message
        self.lineno = lineno
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.lineno:
            return _("Line %(line)s: %(message)s") % {"line": self.lineno, "message": self.message}
        return self.message


class _RenderTimeout(BaseException):
    """Raised inside the rendering thread when its time is up (BaseException: nothing swallows it)."""


class _Watchdog:
    """Interrupts the current thread with _RenderTimeout after ``seconds``."""

    def __init__(self, seconds: float):
        self._thread_id = threading.get_ident()
        self._lock = threading.Lock()
        self._finished = False
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self):
        with self._lock:
            if self._finished:
                return
            self.fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self._thread_id), ctypes.py_object(_RenderTimeout)
            )

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        with self._lock:
            self._finished = True
        self._timer.cancel()
        if self.fired:
            # Clear an interruption that may still be pending for this thread.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)
        return False


def _check_size(value):
    if isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_VALUE_SIZE:
        raise SecurityError(_("the template builds a value that is too large"))
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise SecurityError(_("the template computes a number that is too large"))
    return value


def _bounded_range(*args):
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(_("range() is limited to %(max)s items") % {"max": MAX_RANGE})
    return rng


class _BoundedCodeGenerator(CodeGenerator):
    """Checks the size of every ``~`` concatenation the template makes."""

    def visit_Concat(self, node, frame):
        self.write("environment.checked_size(")
        super().visit_Concat(node, frame)
        self.write(")")


def css_string(value) -> Markup:
    """``value`` as a quoted CSS string, safe inside ``<style>``: anything but letters, digits and
    spaces is written as a CSS escape (so no quote, backslash, "<" or newline ends it early)."""
    escaped = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


def page_footer_content(words: str) -> Markup:
    """A CSS ``content`` value from a sentence holding "{page}" and "{pages}": quoted words, page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", words)
    values = [("counter(page)" if part == "{page}" else "counter(pages)") if i % 2 else css_string(part)
              for i, part in enumerate(parts) if part]
    return Markup(" ".join(values))


def _sized(length: int) -> int:
    if length > MAX_VALUE_SIZE:
        raise SecurityError(_("the template builds a value that is too large"))
    return length


class LetterSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, minus string formatting, with sizes bounded."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    unsafe_attributes = frozenset({"format", "format_map", "mro", "gi_frame", "gi_code"})

    def __init__(self):
        super().__init__(
            loader=FileSystemLoader(BODIES_DIR),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            auto_reload=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.globals.pop("lipsum", None)
        self.globals["range"] = _bounded_range
        self.globals["static"] = static
        self.filters["css_string"] = css_string
        for name in ("format", "center", "indent", "wordwrap"):
            self.filters.pop(name, None)
        default_replace = self.filters["replace"]
        default_join = self.filters["join"]

        def bounded_replace(eval_ctx, s, old, new, count=None):
            s, old, new = str(s), str(old), str(new)
            _sized(len(s) + (s.count(old) if old else len(s) + 1) * len(new))
            return default_replace(eval_ctx, s, old, new, count)

        def bounded_join(eval_ctx, value, d="", attribute=None):
            items = list(value)
            _sized(sum(len(str(item)) for item in items) + len(str(d)) * len(items))
            return default_join(eval_ctx, items, d, attribute)

        bounded_replace.jinja_pass_arg = default_replace.jinja_pass_arg
        bounded_join.jinja_pass_arg = default_join.jinja_pass_arg
        self.filters["replace"] = bounded_replace
        self.filters["join"] = bounded_join
        self.install_gettext_callables(
            lambda message: translation.gettext(message),
            lambda singular, plural, n: ngettext(singular, plural, n),
            newstyle=True,
        )

    checked_size = staticmethod(_check_size)

    def wrap_str_format(self, value):
        return None  # no str.format / format_map at all: is_safe_attribute refuses them

    def is_safe_attribute(self, obj, attr, value):
        if attr in self.unsafe_attributes:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(right, int) and isinstance(left, int) and abs(left) > 1:
                _sized_bits = abs(left).bit_length() * max(right, 0)
                if _sized_bits > MAX_INT_BITS:
                    raise SecurityError(_("the template computes a number that is too large"))
            return _check_size(left**right)
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    _sized(len(seq) * max(times, 0))
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise SecurityError(_("the template computes a number that is too large"))
            return left * right
        if operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _sized(len(left) + len(right))
            return _check_size(left + right)
        if operator == "%":
            if isinstance(left, str):
                raise SecurityError(_("string formatting with % is not allowed in letter templates"))
            return left % right
        return super().call_binop(context, operator, left, right)


_environment: LetterSandbox | None = None


def get_environment() -> LetterSandbox:
    global _environment
    if _environment is None:
        _environment = LetterSandbox()
    return _environment


def compile_template(source: str):
    """Compile a template's source, refusing syntax errors with their line number."""
    if len(source) > MAX_TEMPLATE_SOURCE:
        raise LetterRenderError(_("The template is longer than %(max)s characters.")
                                % {"max": MAX_TEMPLATE_SOURCE})
    env = get_environment()
    try:
        code = env.compile(source, name="letter", filename=TEMPLATE_FILENAME)
    except TemplateSyntaxError as exc:
        raise LetterRenderError(str(exc.message), exc.lineno) from None
    return env.template_class.from_code(env, code, env.make_globals(None))


def _template_line(exc: BaseException, template=None) -> int | None:
    """The line of the template (or of a built-in body it extends) where ``exc`` arose.

    Jinja2 rewrites the traceback of ordinary exceptions to template lines; an interruption
    (a BaseException) keeps the compiled code's lines, which debug info maps back.
    """
    rewritten = not isinstance(exc, _RenderTimeout)
    lineno = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILENAME:
            source_template = template
        elif frame.filename.startswith(str(BODIES_DIR)):
            source_template = get_environment().get_template(
                str(Path(frame.filename).relative_to(BODIES_DIR)))
        else:
            continue
        if rewritten or source_template is None:
            lineno = frame.lineno
        else:
            lineno = source_template.get_corresponding_lineno(frame.lineno)
    return lineno


def render_template_source(source: str, css: str, context: dict) -> str:
    """Render a letter template's source with ``context``, bounded in time and output."""
    template = compile_template(source)
    if "</style" in css.lower():
        raise LetterRenderError(_("The stylesheet may not contain “</style”."))
    context = {**context, "stylesheet": Markup(css)}
    limit = settings.LETTER_RENDER_MAX_OUTPUT
    chunks: list[str] = []
    size = 0
    watchdog = _Watchdog(settings.LETTER_RENDER_TIMEOUT)
    try:
        with watchdog:
            for chunk in template.generate(context):
                size += len(chunk)
                if size > limit:
                    raise SecurityError(_("the letter is longer than %(max)s characters") % {"max": limit})
                chunks.append(chunk)
    except _RenderTimeout as exc:
        raise LetterRenderError(
            _("the template took longer than %(seconds)s seconds to render (an endless loop?)")
            % {"seconds": settings.LETTER_RENDER_TIMEOUT},
            _template_line(exc, template),
        ) from None
    except TemplateSyntaxError as exc:
        raise LetterRenderError(str(exc.message), exc.lineno) from None
    except (TemplateError, RecursionError, TypeError, ValueError, ArithmeticError, LookupError,
            AttributeError) as exc:
        raise LetterRenderError(str(exc) or exc.__class__.__name__, _template_line(exc)) from None
    return "".join(chunks)


@dataclass(frozen=True)
class RenderedLetter:
    html: str
    language: str


def render_letter(letter, *, template=None, show_online: bool = True, medium: str = "screen",
                  addressee: str | None = None, salutation: str | None = None) -> RenderedLetter:
    """Render ``letter`` (prefetched with ``Letter.objects.with_everything()``) to HTML.

    ``show_online=False`` leaves out the signatures collected online (a sign-on whose list is not public).
    ``medium="pdf"`` prints the legal-basis notes as footnotes at the foot of their page (WeasyPrint);
    the letter page ("screen") keeps them at the end, where a browser can show them.
    """
    template = template or letter.template
    with translation.override(letter.language):
        context = letter_context(letter, show_online=show_online, medium=medium, addressee=addressee,
                                 salutation=salutation)
        context = typeset_context(context, letter.language)  # French spaces and guillemets, « » in ru/es
        html = render_template_source(template.html, template.css, context)
    return RenderedLetter(html=html, language=letter.language)


def _place(signatory, country_name: str) -> str:
    """The signatory's place punctuated as the letter's language writes it ("Bangui, Central African Republic",
    "班吉，中非共和国"), or the printed override."""
    if signatory.location:
        return signatory.location
    if signatory.city and country_name:
        return pgettext("a signatory's place: city, country", "%(city)s, %(country)s") % {
            "city": signatory.city, "country": country_name}
    return signatory.city or country_name


def _signatory_data(signatory, country_names: dict[str, str]) -> dict:
    code = signatory.country.code if signatory.country else ""
    if code not in country_names:
        country_names[code] = str(signatory.country.name) if code else ""
    place = _place(signatory, country_names[code])
    name = signatory.organization or signatory.person_name
    return {
        "line": pgettext("a signatory's line: name (place)", "%(name)s (%(place)s)") % {"name": name, "place": place}
        if place else name,
        "organization": signatory.organization,
        "place": place,
        "person_name": signatory.person_name,
        "person_title": signatory.person_title,
        "role": signatory.role,
        "is_person": bool(signatory.person_name),
        "signed_on": signatory.signed_on,
        # Non-breaking spaces: a date never wraps ("2\u00a0March\u00a02026").
        "date": long_date(signatory.signed_on).replace(" ", "\u00a0") if signatory.signed_on else "",
        "is_late": _is_late(signatory),
    }


def _is_late(signatory) -> bool:
    """Whether an online signatory signed after the sign-on closed (its Signature, prefetched, says so)."""
    if signatory.source != signatory.Source.ONLINE:
        return False
    try:
        return signatory.signature.is_late
    except ObjectDoesNotExist:
        return False


def _instrument_data(instrument) -> dict:
    return {
        "symbol": instrument.symbol,
        "title": instrument.title,
        "kind": instrument.get_kind_display(),
        "date": long_date(instrument.adopted_on) if instrument.adopted_on else "",
        "url": instrument.url,
    }


def _legal_basis_data(letter, notes: _Notes) -> tuple[list[dict], list[dict]]:
    """Group the legal basis into paragraphs carrying note numbers, and the notes themselves.

    An entry with text starts a paragraph; an entry without text is cited by the paragraph before. Its
    notes are numbered in reading order with the footnotes the text calls (``notes``).
    """
    paragraphs: list[dict] = []
    cited: list[dict] = []
    for basis in letter.legal_bases.all():
        if basis.text or not paragraphs:
            paragraphs.append({"text": notes.calls(format_inline(basis.text)), "notes": []})
        number = notes.next_number()
        cited.append({
            "kind": "legal",
            "number": number,
            "citation": basis.citation,
            "pinpoint": basis.pinpoint,
            "instrument": _instrument_data(basis.instrument),
        })
        paragraphs[-1]["notes"].append(number)
    return paragraphs, cited


def _ordered_signatories(letter, *, show_online: bool) -> list:
    """The signatories as they print: lead signatories first, then in the sign-on's chosen order."""
    letter = letter.original_letter  # parallel versions: a translation prints its original's signatories
    rows = [s for s in letter.signatories.all() if show_online or s.source != s.Source.ONLINE]
    sign_on = getattr(letter, "sign_on", None)
    if sign_on is None:
        return rows
    from .services import search_normalize

    def name(s) -> str:
        return search_normalize(s.organization or s.person_name)

    keys = {
        "alphabetical": lambda s: (name(s),),
        "country": lambda s: (search_normalize(str(s.country.name)) if s.country else "\uffff", name(s)),
        "date": lambda s: (s.signed_on or datetime.date.max, s.pk or 0),
    }
    key = keys.get(sign_on.order, keys["alphabetical"])
    return sorted(rows, key=lambda s: (s.role != s.Role.LEAD, *key(s)))


def cosigner_columns(cosigners: list[dict]) -> int:
    """2 for more than TWO_COLUMNS_AFTER co-signers whose lines mostly (3 in 4) fit half a line, else 1.

    Long "Organization (City, Country)" lines would wrap in a half-width column: they keep one column.
    """
    if len(cosigners) <= TWO_COLUMNS_AFTER:
        return 1
    short = sum(1 for s in cosigners if len(s["line"]) <= HALF_LINE_CHARACTERS)
    return 2 if short * 4 >= len(cosigners) * 3 else 1


def _logo_data_uri(organization) -> str:
    """The organization's logo as a data: URI read from storage, or "" (no logo, an unknown type, a lost file).

    Inline, the logo needs no fetch: the PDF fetcher keeps refusing every uploaded file, the letter page
    shows it under its CSP (img-src data:), and any storage backend works.
    """
    logo = organization.logo
    mime = LOGO_TYPES.get(logo.name.rsplit(".", 1)[-1].lower()) if logo and "." in logo.name else None
    if mime is None:
        return ""
    try:
        with logo.open("rb") as f:
            data = f.read(settings.LOGO_MAX_BYTES + 1)
    except OSError:
        logger.warning("The logo %s of %s cannot be read", logo.name, organization.slug)
        return ""
    if len(data) > settings.LOGO_MAX_BYTES:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _letterhead_data(letter) -> list[dict]:
    """The lead organization then the co-leads, as their letterhead prints: logo, name, letterhead text."""
    organizations = [letter.lead_organization] if letter.lead_organization else []
    organizations += [o for o in letter.co_leads.all() if o not in organizations]
    return [{
        "name": o.name,
        "short_name": o.short_name,
        "logo": _logo_data_uri(o),
        "logo_alt": _("Logo of %(organization)s") % {"organization": o.name},
        "lines": [line.strip() for line in o.letterhead.splitlines() if line.strip()],
    } for o in organizations]


# A drafter calls the letter's footnote k in any text with "[^k]" (k as numbered in the composer).
FOOTNOTE_CALL = re.compile(r"\[\^(\d{1,3})\]")
_TAG = re.compile(r"(<[^>]*>)")


class _Notes:
    """The letter's notes, numbered in reading order: the legal-basis notes and the footnotes the text calls
    ("[^k]" calls footnote k as numbered in the composer), then the footnotes nobody calls. The PDF, the letter
    page, the DOCX and the text all number them so, as Word numbers its footnotes."""

    def __init__(self, footnotes: list[Markup], medium: str):
        self.footnotes, self.medium = footnotes, medium
        self.last = 0
        self.called: dict[int, int] = {}  # footnote k -> its number

    def next_number(self) -> int:
        self.last += 1
        return self.last

    def calls(self, markup: Markup) -> Markup:
        """``markup`` with its "[^k]" turned into calls: a link to the note on the letter page, the note itself
        floating to the foot of the page in the PDF (a second call of one note only repeats its number)."""
        if "[^" not in markup:
            return markup
        parts = _TAG.split(str(markup))
        for i in range(0, len(parts), 2):  # text between tags, never inside a tag or an attribute
            parts[i] = FOOTNOTE_CALL.sub(self._call, parts[i])
        return Markup("".join(parts))

    def _call(self, match: re.Match) -> str:
        k = int(match.group(1))
        if not 1 <= k <= len(self.footnotes):
            return match.group(0)  # no such footnote: the text stays as typed
        first = k not in self.called
        if first:
            self.called[k] = self.next_number()
        number = self.called[k]
        if self.medium == "pdf":
            if first:
                return f'<span class="footnote" data-number="{number}">{self.footnotes[k - 1]}</span>'
            return f'<sup class="note-ref">{number}</sup>'
        return f'<sup class="note-ref"><a href="#note-{number}">{number}</a></sup>'

    def footnote_list(self) -> list[dict]:
        """Every footnote with its number, those nobody calls numbered after all the others."""
        listed = []
        for k, text in enumerate(self.footnotes, start=1):
            called = k in self.called
            listed.append({"kind": "footnote", "number": self.called[k] if called else self.next_number(),
                           "text": text, "called": called})
        return listed


def letter_context(letter, *, show_online: bool = True, medium: str = "screen", addressee: str | None = None,
                   salutation: str | None = None) -> dict:
    """Everything a letter template may use, as plain data (dicts, lists and strings).

    ``medium`` is "screen" or "pdf": the template places its notes accordingly.
    """
    medium = medium if medium in MEDIA else "screen"
    numbering = _Notes([format_inline(f.text) for f in letter.footnotes.all()], medium)
    call = numbering.calls
    # The parts in reading order, so that their notes number 1, 2, 3... down the letter.
    opening = [call(format_block(p.text)) for p in letter.paragraphs_of("opening")]
    situation = [call(format_block(p.text)) for p in letter.paragraphs_of("situation")]
    legal_basis, notes = _legal_basis_data(letter, numbering)
    asks = [{"text": call(format_inline(a.text)), "by_when": a.by_when,
             "due": _("by %(when)s") % {"when": a.by_when} if a.by_when else ""} for a in letter.asks.all()]
    closing = [call(format_block(p.text)) for p in letter.paragraphs_of("closing")]
    footnotes = numbering.footnote_list()
    page_footer = pgettext("page footer", "Page {page} of {pages}")
    country_names: dict[str, str] = {}
    signatories = [_signatory_data(s, country_names) for s in _ordered_signatories(letter, show_online=show_online)]
    main = [s for s in signatories if not s["is_late"]]
    cosigners = [s for s in main if s["role"] != "lead"]
    date_line = letter.date_line or (
        formats.date_format(letter.date, "DATE_FORMAT") if letter.date else ""
    )
    return {
        "letter": {
            "title": letter.title,
            "language": letter.language,
            "direction": "rtl" if letter.language.split("-")[0] in RTL_LANGUAGES else "ltr",
            "issued_by": letter.issued_by,
            "place": letter.place,
            "date_line": date_line,
            # A delivery pack addresses each copy to one member state: addressee and salutation override.
            "addressee_lines": [line for line in (letter.addressee if addressee is None else addressee).splitlines()
                                if line.strip()],
            "salutation": letter.salutation if salutation is None else salutation,
            "subject": letter.subject,
            "concerned": str(letter.concerned_country.name) if letter.concerned_country else "",
            "region": letter.concerned_region,
            "opening": opening,
            "situation": situation,
            "legal_basis": legal_basis,
            "asks": asks,
            "closing": closing,
            "valediction": letter.valediction,
            "status": letter.status,
            "authors": letter_authors(letter),
        },
        # The lead organization and its co-leads (empty for letters without one: issued_by speaks for them).
        "letterhead": _letterhead_data(letter),
        "medium": medium,
        "notes": notes,
        # The letter's own footnotes; "called" ones sit at the foot of their page in the PDF (not in the list).
        "footnotes": footnotes,
        # Every note by its number (the template's note calls look them up), and all of them in order.
        "notes_by_number": {note["number"]: note for note in notes + footnotes},
        "all_notes": sorted(notes + footnotes, key=lambda note: note["number"]),
        # Everyone who signed, late ones too (flagged ``is_late``); the main list is lead_signatories
        # then cosigners; late_signatories, by date signed, print in an annex.
        "signatories": signatories,
        "lead_signatories": [s for s in main if s["role"] == "lead"],
        "cosigners": cosigners,
        "cosigner_columns": cosigner_columns(cosigners),
        "late_signatories": sorted((s for s in signatories if s["is_late"]),
                                   key=lambda s: s["signed_on"] or datetime.date.max),
        "labels": {
            "notes": _("Notes"),
            "signatories": _("Signatories"),
            "subject": _("Subject:"),
            "late_signatories": _("Late signatories"),
            # The page footer, "Page 2 of 5" ("第 2 页，共 5 页"): a CSS content value, the numbers counters.
            # Punctuation the template writes between words, as the letter's language writes it (space included).
            "colon": pgettext("punctuation between a citation and its title, space included", ": "),
            "comma": pgettext("punctuation between a place and a date, space included", ", "),
            "page_footer": page_footer_content(page_footer),
            "page_footer_words": page_footer,  # the same with "{page}" and "{pages}" left in (DOCX fields)
        },
    }


def letter_authors(letter) -> list[str]:
    """Who the letter is from: its issuer, else its lead signatories' organizations."""
    if letter.issued_by:
        return [letter.issued_by]
    # Signatures collected online are co-signers, never the authors (and may not be public yet).
    # A translation's signatories are its original's (parallel versions).
    entered = [s for s in letter.original_letter.signatories.all() if s.source != s.Source.ONLINE]
    leads = [s.organization or s.person_name for s in entered if s.role == "lead"]
    return leads or [s.organization or s.person_name for s in entered][:3]


# Referenced so makemessages keeps the lazy form in the catalogue.
_LABELS = (gettext_lazy("Notes"), gettext_lazy("Signatories"))
