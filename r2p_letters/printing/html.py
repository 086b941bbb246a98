"""The one renderer of letters: a letter and its template -> an HTML document.

The HTML page and the PDF both come from ``render_letter``: what you see on the page is what prints.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from .context import letter_context
from .sandbox import render_template_source
from .typography import typeset_context


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

