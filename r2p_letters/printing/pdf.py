"""HTML -> PDF with WeasyPrint, fetching nothing but our own static files; a letter's PDF made in a bounded
worker (its template rendered and its HTML laid out in one call)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from r2p_letters.lib.static_files import source_name

from . import pdf_worker
from .context import letter_authors
from .html import letter_template_job
from .sandbox import TemplateJob, render_job, run_template_job

logger = logging.getLogger(__name__)

# Paper sizes a PDF may be asked for; the template's own (A4 for the built-in ones) unless "letter".
# Stylesheets given to render() have the user origin: the template's rules win over them, unless !important.
PAPER_SIZES = {"a4": None, "letter": "@page { size: letter !important }"}


def paper_size(value: str | None) -> str:
    """``value`` if it names a paper size we print on, else "a4"."""
    return value if value in PAPER_SIZES else "a4"


# WeasyPrint's own variants. Every PDF is tagged (PDF/UA-1: structure, language, title shown) so screen
# readers can read it; "pdfa" is PDF/A-2a, archival and tagged too (one variant at a time: its XMP
# claims PDF/A, not also PDF/UA). "plain" is the untagged PDF, for comparison and benchmarks.
PDF_VARIANTS = {"ua": "pdf/ua-1", "pdfa": "pdf/a-2a", "plain": None}


def pdf_variant(value: str | None) -> str:
    """``value`` if it names a PDF variant we make, else "ua" (tagged, the default)."""
    return value if value in PDF_VARIANTS else "ua"


# Relative and root-relative URLs resolve against this, so "/static/x.css" becomes a
# file: URL whose path starts with STATIC_URL: the fetcher maps it to the static finders.
PDF_BASE_URL = "file:///"


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files and inline data: URLs; refuses every other URL (http, ftp, file...)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)  # inline data: nothing leaves the process
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise RefusedURL(f"Refused: {url[:200]}")
        return URLFetcherResponse(url, body=path.read_bytes(), headers={})

    @staticmethod
    def _static_path(url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
            return None
        # A template's static() names a collected file by its hashed name; the finders know the source's.
        found = finders.find(source_name(path.removeprefix(settings.STATIC_URL)))
        if not found:
            return None
        return Path(found)


def html_to_pdf(
    html: str,
    *,
    title: str,
    language: str,
    authors: list[str] = (),
    subject: str = "",
    keywords: list[str] = (),
    created: datetime.datetime | None = None,
    paper: str = "a4",
    variant: str = "ua",
    fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """Lay out ``html`` and return the PDF bytes, with title, language, authors, subject, keywords and
    creation date (now, unless ``created`` is given) in its metadata.

    ``paper="letter"`` prints on US Letter: a stylesheet appended after the template's sets the page size.
    ``variant`` is "ua" (tagged PDF/UA-1, the default), "pdfa" (PDF/A-2a) or "plain" (untagged).
    """
    fetcher = fetcher or StaticOnlyFetcher()
    extra = PAPER_SIZES[paper_size(paper)]
    stylesheets = [CSS(string=extra)] if extra else None
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render(stylesheets=stylesheets)
    document.metadata.title = title
    document.metadata.lang = language
    document.metadata.authors = list(authors)
    document.metadata.description = subject or title  # the PDF's /Subject
    document.metadata.keywords = [k for k in keywords if k]
    # WeasyPrint takes W3C (ISO 8601) date strings: seconds, no fraction, an explicit offset.
    created = (created or timezone.now()).replace(microsecond=0)
    document.metadata.created = document.metadata.modified = created.isoformat()
    document.metadata.generator = "R2P Letters"
    return document.write_pdf(pdf_variant=PDF_VARIANTS[pdf_variant(variant)])


def letter_keywords(letter) -> list[str]:
    """The PDF's keywords, in the letter's language: the country and region concerned, and the topic."""
    with translation.override(letter.language):
        return [
            k
            for k in (
                str(letter.concerned_country.name) if letter.concerned_country else "",
                letter.concerned_region,
                _("responsibility to protect"),
                _("Security Council"),
            )
            if k
        ]


def warm_up() -> None:
    """Lay out a page in a new worker, so fontconfig loads once there, not in its first layout."""
    html_to_pdf("<p>warm-up</p>", title="warm-up", language="en")


@dataclass(frozen=True)
class PrintJob:
    """What a worker needs to print a letter: the job that renders its template, the ``html_to_pdf()`` options,
    and the layout's time limit."""

    template: TemplateJob
    layout: dict
    seconds: float


def letter_pdf_job(
    letter,
    *,
    show_online: bool = True,
    audience: str = "public",
    paper: str = "a4",
    variant: str = "ua",
    addressee: str | None = None,
    salutation: str | None = None,
) -> PrintJob:
    """The letter's print job: its template as the letter page renders it (its notes at the foot of their page)
    and the ``html_to_pdf()`` options that lay it out: A4 or US Letter, tagged (PDF/UA) or archival ("pdfa")."""
    template = letter_template_job(
        letter, show_online=show_online, audience=audience, medium="pdf", addressee=addressee, salutation=salutation
    )
    return PrintJob(
        template=template,
        seconds=settings.PDF_RENDER_TIMEOUT,
        layout={
            "title": letter.title,
            "language": letter.language,
            "authors": letter_authors(letter),
            "subject": letter.subject,
            "keywords": letter_keywords(letter),
            "paper": paper,
            "variant": variant,
        },
    )


def print_job(job: PrintJob) -> bytes:
    """(In a bounded worker.) Render the letter's template, then lay the HTML out within the layout's time."""
    html = render_job(job.template)
    with pdf_worker.time_limit(job.seconds):
        return html_to_pdf(html, **job.layout)


def print_pdf(job: PrintJob) -> bytes:
    """The PDF of ``job``, made in a bounded worker; raises LetterRenderError (the template's error) or
    pdf_worker.PDFRenderLimit (a limit stopped it)."""
    return pdf_worker.LAYOUTS.run(print_job, job, seconds=job.template.seconds + job.seconds)


def _layout_job(html: str, options: dict, seconds: float) -> bytes:
    with pdf_worker.time_limit(seconds):
        return html_to_pdf(html, **options)


def render_pdf(html: str, **options) -> bytes:
    """``html_to_pdf(html, **options)`` done in a bounded worker; raises pdf_worker.PDFRenderLimit when stopped."""
    seconds = settings.PDF_RENDER_TIMEOUT
    return pdf_worker.LAYOUTS.run(_layout_job, html, options, seconds, seconds=seconds)


def letter_pdf(letter, *, fetcher: StaticOnlyFetcher | None = None, **options) -> bytes:
    """The letter as a PDF, its template rendered in a bounded worker and laid out in this process (commands,
    tests, which may pass a ``fetcher`` to see what it refused); the web goes through pdf_cache.
    ``options`` are those of ``letter_pdf_job()``."""
    job = letter_pdf_job(letter, **options)
    return html_to_pdf(run_template_job(job.template), fetcher=fetcher, **job.layout)


def letter_pdf_filename(letter, *, paper: str = "a4", variant: str = "ua") -> str:
    """ "<slug>.pdf", with "-us-letter" and "-pdfa" when printed so: two downloads never take one name."""
    suffix = ("-us-letter" if paper == "letter" else "") + ("-pdfa" if variant == "pdfa" else "")
    return f"{letter.slug}{suffix}.pdf"
