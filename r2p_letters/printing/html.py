"""The one renderer of letters: a letter and its template -> an HTML document.

The HTML page and the PDF both come from ``letter_template_job``: what you see on the page is what prints.
The template renders in a bounded worker process (sandbox.py, pdf_worker.py); this module builds the plain
data it renders, here in the web process, which has the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from .context import letter_context
from .sandbox import LetterRenderError, TemplateJob, run_template_job, template_job
from .typography import typeset_context


@dataclass(frozen=True)
class RenderedLetter:
    html: str
    language: str


def letter_template_job(
    letter,
    *,
    template=None,
    show_online: bool = True,
    audience: str = "public",
    medium: str = "screen",
    addressee: str | None = None,
    salutation: str | None = None,
) -> TemplateJob:
    """The job that renders ``letter`` (prefetched with ``Letter.objects.with_everything()``) with ``template``,
    or else the template the letter may print with (``letter.printed_template()``: its own, or the default
    built-in one when its template belongs to an organization that does not lead it).

    ``show_online=False`` leaves out the signatures collected online (a sign-on whose list is not public);
    ``audience="council"`` (the delivery pack) names the signatories named only in the Council's copy.
    ``medium="pdf"`` prints the notes the text calls as footnotes at the foot of their page (WeasyPrint);
    the letter page ("screen") keeps them at the end, where a browser can show them.
    """
    template = template or letter.printed_template()
    with translation.override(letter.language):
        if template is None:
            raise LetterRenderError(
                _(
                    "This letter's template belongs to another organization, and no built-in "
                    "template is installed to print it with."
                )
            )
        context = letter_context(
            letter,
            show_online=show_online,
            audience=audience,
            medium=medium,
            addressee=addressee,
            salutation=salutation,
        )
        context = typeset_context(context, letter.language)  # French spaces and guillemets, « » in ru/es
        return template_job(template.html, template.css, context)


def render_letter(letter, **options) -> RenderedLetter:
    """``letter`` as HTML, rendered in a bounded worker; ``options`` are those of ``letter_template_job()``.
    Raises LetterRenderError."""
    return RenderedLetter(html=run_template_job(letter_template_job(letter, **options)), language=letter.language)
