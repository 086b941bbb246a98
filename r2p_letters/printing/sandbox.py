"""The sandbox that runs letter templates: organization-written Jinja2 -> HTML.

Letter templates are user-editable Jinja2, so they run in Jinja2's immutable sandbox with
autoescaping and StrictUndefined, see only plain data (never model instances), check the size of
what they build, and run only in the bounded worker processes of pdf_worker.py, where the operating
system bounds their time and memory: the web process sends a ``TemplateJob`` (the template's source
and the letter's context, plain data) and gets HTML back, or a LetterRenderError.
"""

from __future__ import annotations

import functools
import logging
import traceback
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import pdf_worker

logger = logging.getLogger(__name__)

BODIES_DIR = Path(settings.BASE_DIR) / "templates" / "letter_bodies"
TEMPLATE_FILENAME = "<letter template>"
MAX_TEMPLATE_SOURCE = 200_000
MAX_VALUE_SIZE = 2_000_000  # characters or items one expression may build
MAX_INT_BITS = 4096


class LetterRenderError(Exception):
    """A template could not be rendered: the message is for the template's author. ``status`` is the HTTP
    status of the page that says so: 422 (the template's doing), 503 (the server was too busy to try)."""

    def __init__(self, message: str, lineno: int | None = None, status: int = 422):
        self.message = message
        self.lineno = lineno
        self.status = status
        super().__init__(self.describe())

    def __reduce__(self):  # it travels from the worker that rendered to the web process
        return type(self), (self.message, self.lineno, self.status)

    def describe(self) -> str:
        if self.lineno:
            return _("Line %(line)s: %(message)s") % {"line": self.lineno, "message": self.message}
        return self.message


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


def warm_up() -> None:
    """Load the sandbox and the built-in base template in a new worker, not in its first render."""
    get_environment().get_template("base.j2")


# -- in the web process: jobs, sent to the bounded workers ------------------------------------------


@dataclass(frozen=True)
class TemplateJob:
    """What a worker needs to render a template: its source and stylesheet, the context (plain data), the
    language to render in, and the bounds in force."""

    source: str
    css: str
    context: dict
    language: str
    seconds: float
    max_output: int


def _check_length(source: str) -> None:
    if len(source) > MAX_TEMPLATE_SOURCE:
        raise LetterRenderError(_("The template is longer than %(max)s characters.") % {"max": MAX_TEMPLATE_SOURCE})


def template_job(source: str, css: str, context: dict) -> TemplateJob:
    """The job that renders ``source`` with ``context`` in the active language, within the settings' bounds."""
    _check_length(source)
    return TemplateJob(
        source=source,
        css=css,
        context=context,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        seconds=settings.LETTER_RENDER_TIMEOUT,
        max_output=settings.LETTER_RENDER_MAX_OUTPUT,
    )


def _stopped(limit: pdf_worker.PDFRenderLimit, seconds: float) -> LetterRenderError:
    """The author's message for a render a worker's limit stopped (no line: the worker could not say)."""
    if limit.reason == "time":
        return LetterRenderError(_timeout_message(seconds))
    if limit.reason == "memory":
        return LetterRenderError(_("the template needs more memory than the server allows (a huge value?)"))
    return LetterRenderError(limit.message, status=503)


def _timeout_message(seconds: float) -> str:
    return _("the template took longer than %(seconds)s seconds to render (an endless loop?)") % {"seconds": seconds}


def _in_a_worker(function, job: TemplateJob):
    try:
        return pdf_worker.TEMPLATES.run(function, job, seconds=job.seconds)
    except pdf_worker.PDFRenderLimit as limit:
        with translation.override(job.language):
            raise _stopped(limit, job.seconds) from None


def run_template_job(job: TemplateJob) -> str:
    """The HTML of ``job``, rendered in a bounded worker; raises LetterRenderError."""
    return _in_a_worker(render_job, job)


def render_template_source(source: str, css: str, context: dict) -> str:
    """Render a letter template's source with ``context``, in a bounded worker; raises LetterRenderError."""
    return run_template_job(template_job(source, css, context))


def compile_template(source: str) -> None:
    """Check that a template's source compiles (in a bounded worker), else raise LetterRenderError naming
    the line."""
    _in_a_worker(_compile_job, template_job(source, "", {}))


# -- in a bounded worker ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _compiled(source: str):
    """A template's source compiled (kept for the next renders of the same source), or LetterRenderError."""
    _check_length(source)
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
    rewritten = not isinstance(exc, pdf_worker.TimeUp)
    lineno = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILENAME:
            source_template = template
        elif frame.filename.startswith(str(BODIES_DIR)):
            source_template = get_environment().get_template(str(Path(frame.filename).relative_to(BODIES_DIR)))
        else:
            continue
        if rewritten or source_template is None:
            lineno = frame.lineno
        else:
            lineno = source_template.get_corresponding_lineno(frame.lineno)
    return lineno


def _worker_only() -> None:
    if not pdf_worker.in_worker():
        raise RuntimeError("Letter templates render in a bounded worker only: use run_template_job()")


def _compile_job(job: TemplateJob) -> None:
    _worker_only()
    with translation.override(job.language), pdf_worker.time_limit(job.seconds):
        _compiled(job.source)


def render_job(job: TemplateJob) -> str:
    """Render ``job`` in this process, which must be a bounded worker: its time and output bounded here, its
    memory by the worker's limit. Raises LetterRenderError; MemoryError is left to the worker."""
    _worker_only()
    with translation.override(job.language):
        return _render(job)


def _render(job: TemplateJob) -> str:
    if "</style" in job.css.lower():
        raise LetterRenderError(_("The stylesheet may not contain “</style”."))
    context = {**job.context, "stylesheet": Markup(job.css)}
    template = None
    chunks: list[str] = []
    size = 0
    try:
        with pdf_worker.time_limit(job.seconds):
            template = _compiled(job.source)
            for chunk in template.generate(context):
                size += len(chunk)
                if size > job.max_output:
                    raise SecurityError(_("the letter is longer than %(max)s characters") % {"max": job.max_output})
                chunks.append(chunk)
    except pdf_worker.TimeUp as exc:
        raise LetterRenderError(_timeout_message(job.seconds), _template_line(exc, template)) from None
    except TemplateSyntaxError as exc:
        raise LetterRenderError(str(exc.message), exc.lineno) from None
    except (TemplateError, RecursionError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        raise LetterRenderError(str(exc) or exc.__class__.__name__, _template_line(exc)) from None
    return "".join(chunks)
