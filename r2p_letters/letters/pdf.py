"""HTML -> PDF with WeasyPrint, fetching nothing but our own static files."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .rendering import letter_authors, render_letter

logger = logging.getLogger(__name__)

# Paper sizes a PDF may be asked for; the template's own (A4 for the built-in ones) unless "letter".
# Stylesheets given to render() have the user origin: the template's rules win over them, unless !important.
PAPER_SIZES = {"a4": None, "letter": "@page { size: letter !important }"}


def paper_size(value: str | None) -> str:
    """``value`` if it names a paper size we print on, else "a4"."""
    return value if value in PAPER_SIZES else "a4"


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
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if not found:
            return None
        return Path(found)


def html_to_pdf(html: str, *, title: str, language: str, authors: list[str] = (), subject: str = "",
                keywords: list[str] = (), created: datetime.datetime | None = None, paper: str = "a4",
                fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Lay out ``html`` and return the PDF bytes, with title, language, authors, subject, keywords and
    creation date (now, unless ``created`` is given) in its metadata.

    ``paper="letter"`` prints on US Letter: a stylesheet appended after the template's sets the page size.
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
    return document.write_pdf()


def letter_keywords(letter) -> list[str]:
    """The PDF's keywords, in the letter's language: the country and region concerned, and the topic."""
    with translation.override(letter.language):
        return [k for k in (str(letter.concerned_country.name) if letter.concerned_country else "",
                            letter.concerned_region, _("responsibility to protect"), _("Security Council")) if k]


def letter_pdf(letter, *, fetcher: StaticOnlyFetcher | None = None, show_online: bool = True,
               paper: str = "a4") -> bytes:
    """The letter as a PDF, from the same HTML the letter page shows, on A4 or US Letter paper."""
    rendered = render_letter(letter, show_online=show_online)
    return html_to_pdf(rendered.html, title=letter.title, language=letter.language,
                       authors=letter_authors(letter), subject=letter.subject,
                       keywords=letter_keywords(letter), paper=paper, fetcher=fetcher)


def letter_pdf_filename(letter) -> str:
    return f"{letter.slug}.pdf"
