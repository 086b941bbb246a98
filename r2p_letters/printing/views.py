"""The pages every view of a printed letter shares: its document's CSP and the page for a failed print."""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin

from .pdf_worker import PDFRenderLimit
from .sandbox import LetterRenderError

# A document an organization's template wrote may be opened on its own, outside our sandboxed frames: it is
# sandboxed as they are (no script, no form, no navigation of its own, a meta refresh included; links open
# in a new window), and, whatever it holds, requests nothing but our static files.
DOCUMENT_SANDBOX = ["allow-same-origin", "allow-popups", "allow-popups-to-escape-sandbox"]


def letter_document_csp(request: HttpRequest) -> dict:
    """The CSP of a letter document: no request to any URL but our static files (and data: images).

    Not 'self': a same-origin image or stylesheet request carries what the template puts in its URL (a draft's
    text) to pages that record visits. A CSP source with a path needs a host, so the request's is named.
    """
    static = settings.STATIC_URL
    if "://" not in static:
        static = request.build_absolute_uri(static)
    return {
        "default-src": [CSP.NONE],
        "style-src": [CSP.UNSAFE_INLINE, static],
        "img-src": ["data:", static],
        "font-src": [static],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.NONE],
        "frame-ancestors": [CSP.SELF],
        "sandbox": DOCUMENT_SANDBOX,
    }


def as_letter_document(view):
    """Decorate a view that answers with a letter's document (or a preview of it): its CSP, framed by our
    pages only, and no DNS prefetching of the links it holds."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response._csp_config = letter_document_csp(request)  # read by Django's CSP middleware
        response["X-DNS-Prefetch-Control"] = "off"
        return response

    return xframe_options_sameorigin(wrapped)


def render_failure(request: HttpRequest, letter, error: LetterRenderError) -> HttpResponse:
    """The page for a letter whose template stopped with an error (422), or that the server was too busy to
    render (503)."""
    return render(request, "printing/render_error.html", {"letter": letter, "error": error}, status=error.status)


def document_failure(request: HttpRequest, error: LetterRenderError, *, template_name: str = "") -> HttpResponse:
    """A template's error inside the letter's frame (422, or 503 when the server was too busy): a document of
    its own, not the site's page nested in the frame."""
    context = {"error": error, "template_name": template_name}
    return render(request, "printing/document_error.html", context, status=error.status)


def pdf_failure(request: HttpRequest, letter, error: LetterRenderError | PDFRenderLimit) -> HttpResponse:
    """The page for a PDF that could not be made: the template's error (422), or a limit that stopped its
    layout (503; the letter is untouched)."""
    if isinstance(error, PDFRenderLimit):
        return render(
            request, "printing/pdf_unavailable.html", {"letter": letter, "message": error.message}, status=503
        )
    return render_failure(request, letter, error)
