"""HTML -> PDF with WeasyPrint, fetching nothing but our own static files."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .rendering import letter_authors, render_letter

logger = logging.getLogger(__name__)

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


def html_to_pdf(html: str, *, title: str, language: str, authors: list[str] = (),
                fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Lay out ``html`` and return the PDF bytes, with title, language and authors in its metadata."""
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render()
    document.metadata.title = title
    document.metadata.lang = language
    document.metadata.authors = list(authors)
    document.metadata.generator = "R2P Letters"
    return document.write_pdf()


def letter_pdf(letter, *, fetcher: StaticOnlyFetcher | None = None, show_online: bool = True) -> bytes:
    """The letter as a PDF, from the same HTML the letter page shows."""
    rendered = render_letter(letter, show_online=show_online)
    return html_to_pdf(rendered.html, title=letter.title, language=letter.language,
                       authors=letter_authors(letter), fetcher=fetcher)


def letter_pdf_filename(letter) -> str:
    return f"{letter.slug}.pdf"
