"""The pages every download of a printed letter shares: its document's CSP and the page for a failed print."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP

from .pdf_worker import PDFRenderLimit
from .sandbox import LetterRenderError

# The letter document is user-templated HTML: no scripts, nothing from elsewhere.
LETTER_DOCUMENT_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
}


def render_failure(request: HttpRequest, letter, error: LetterRenderError) -> HttpResponse:
    """The page for a letter whose template stopped with an error (422), or that the server was too busy to
    render (503)."""
    return render(request, "printing/render_error.html", {"letter": letter, "error": error}, status=error.status)


def pdf_failure(request: HttpRequest, letter, error: LetterRenderError | PDFRenderLimit) -> HttpResponse:
    """The page for a PDF that could not be made: the template's error (422), or a limit that stopped its
    layout (503; the letter is untouched)."""
    if isinstance(error, PDFRenderLimit):
        return render(request, "printing/pdf_unavailable.html", {"letter": letter, "message": error.message},
                      status=503)
    return render_failure(request, letter, error)
