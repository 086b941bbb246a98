"""Public pages: the library, a letter as it prints, its PDF, and the legal catalogue."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from r2p_letters.printing import exports, exports_docx, pdf_cache
from r2p_letters.printing.citations import official_text_url
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf_filename, paper_size, pdf_variant
from r2p_letters.printing.pdf_worker import PDFRenderLimit
from r2p_letters.printing.sandbox import LetterRenderError
from r2p_letters.printing.views import as_letter_document, document_failure, pdf_failure

from .language_versions import language_versions_context
from .library import library_search
from .models import LegalInstrument, Letter
from .permissions import (
    can_edit,
    get_letter_for_user,
    is_editor,
    organizations_user_drafts_for,
    signatures_public,
)
from .review import review_context


def _letter_to_print(request: HttpRequest, slug: str, letters=None) -> tuple[Letter, bool]:
    """The letter to print for this visitor, if they may read it (404 otherwise: drafts do not reveal themselves),
    and whether its signatures collected online print for them (members always; others when the list is public)."""
    letter, role = get_letter_for_user(request.user, slug, letters=letters)
    # A translation prints its original's signatories, under its original's sign-on rules.
    sign_on = getattr(letter.original_letter, "sign_on", None)
    return letter, role is not None or request.user.is_staff or signatures_public(sign_on)


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    form, filters, letters = library_search(request.user, request.GET)
    page = Paginator(letters, settings.LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "letters/library.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters),
        },
    )


@require_safe
def letter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    letter, role = get_letter_for_user(request.user, slug)
    signatories = letter.original_letter.signatories.all()  # a translation's are its original's
    sign_on = getattr(letter, "sign_on", None)
    return render(
        request,
        "letters/detail.html",
        {
            "sign_on": sign_on,
            "signatures_listed": role is not None or signatures_public(sign_on),
            # Translations are signed through their original's sign-on.
            "can_open_sign_on": is_editor(role) and letter.status == Letter.Status.READY and not letter.original_id,
            **language_versions_context(request.user, letter, role),
            **(review_context(request.user, letter, role) if role else {}),
            "letter": letter,
            "role": role,
            "can_edit": can_edit(role, letter),
            "can_reuse": organizations_user_drafts_for(request.user).exists(),
            "legal_bases": letter.legal_bases.all(),
            # A template of an organization that no longer leads the letter is not used: the page says so.
            "printed_template": letter.printed_template(),
            "signatory_count": len(signatories),
            "lead_count": sum(1 for s in signatories if s.role == s.Role.LEAD),
        },
    )


@require_safe
@as_letter_document
def letter_document(request: HttpRequest, slug: str) -> HttpResponse:
    """The letter as it prints, rendered by its template (shown in the letter page's frame)."""
    letter, show_online = _letter_to_print(request, slug)
    try:
        rendered = render_letter(letter, show_online=show_online)
    except LetterRenderError as error:
        return document_failure(request, error, template_name=getattr(letter.template, "name", ""))
    return HttpResponse(rendered.html, content_type="text/html; charset=utf-8")


@require_safe
def letter_pdf_download(request: HttpRequest, slug: str) -> HttpResponse:
    # Only what the cache key reads; the letter with everything only when its PDF must be made.
    letter, show_online = _letter_to_print(request, slug, letters=pdf_cache.key_queryset(Letter.objects.all()))
    # ?paper=letter prints on US Letter, anything else A4; ?variant=pdfa makes a PDF/A, else a tagged PDF/UA.
    # (An untagged PDF is not offered: every PDF the site gives is tagged for screen readers.)
    options = {
        "show_online": show_online,
        "paper": paper_size(request.GET.get("paper")),
        "variant": "pdfa" if pdf_variant(request.GET.get("variant")) == "pdfa" else "ua",
    }
    etag = quote_etag(pdf_cache.pdf_key(letter, **options))
    response = get_conditional_response(request, etag=etag)  # 304 when the browser has this very PDF
    if response is None:
        try:
            pdf = pdf_cache.letter_pdf_cached(
                letter, reload=lambda: Letter.objects.with_everything().get(pk=letter.pk), **options
            )
        except (LetterRenderError, PDFRenderLimit) as error:
            return pdf_failure(request, letter, error)
        response = HttpResponse(pdf.content, content_type="application/pdf")
        filename = letter_pdf_filename(letter, paper=options["paper"], variant=options["variant"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-PDF-Cache"] = "miss" if pdf.rendered else "hit"
        etag = quote_etag(pdf.etag)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"  # drafts and private lists: never in a shared cache
    return response


# The other downloads: the export, its file name, its content type.
EXPORTS = {
    "docx": (exports_docx.letter_docx, exports_docx.letter_docx_filename, exports_docx.DOCX_CONTENT_TYPE),
    "text": (exports.letter_text, exports.letter_text_filename, "text/plain; charset=utf-8"),
    "json": (exports.letter_json, exports.letter_json_filename, "application/json; charset=utf-8"),
}


@require_safe
def letter_export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The letter as DOCX, plain text or JSON, to whoever may read its PDF, with the same signatures."""
    if kind not in EXPORTS:
        raise Http404
    export, filename, content_type = EXPORTS[kind]
    letter, show_online = _letter_to_print(request, slug)
    response = HttpResponse(export(letter, show_online=show_online), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(letter)}"'
    return response


@require_safe
def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = LegalInstrument.objects.annotate(
        # The letters the instrument's page lists for this visitor: the count never tells of one it does not show.
        letter_count=Count(
            "citations__letter", distinct=True, filter=Q(citations__letter__in=Letter.objects.listed_for(request.user))
        )
    ).order_by(LegalInstrument.kind_order(), "adopted_on", "symbol")  # GROUP BY ignores Meta.ordering
    return render(request, "letters/instrument_list.html", {"instruments": instruments})


@require_safe
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(LegalInstrument, slug=slug)
    letters = (
        Letter.objects.listed_for(request.user).filter(legal_bases__instrument=instrument).distinct().order_by("-date")
    )
    official_url = official_text_url(instrument.symbol, instrument.url, get_language())
    return render(
        request,
        "letters/instrument_detail.html",
        {"instrument": instrument, "letters": letters, "official_url": official_url},
    )
