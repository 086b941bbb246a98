"""PDFs kept as files named by a hash of everything they print: a second download renders nothing.

The key is cheap: it reads the rows the download loads anyway (the letter with its template, lead
organization, co-leads and sign-on, and for a translation its original with the original's sign-on), never the
signatories. Every concrete field of those rows goes into the hash, so an edit of the template's HTML or
CSS, a new logo or letterhead, a status, the sign-on's order or list rules, or any letter field gives a
new key; the parts of a letter (paragraphs, asks, legal basis, footnotes, signatories) change it through
the letter's row: every write of the letters services ends with ``letter_refresh()``, and signatures collected
online call ``letter_print_changed()``, which both bump ``Letter.print_version``. The options of the download
(who sees online signatures, paper, PDF variant, addressee...) go in too. docs/DECISIONS.md has the reasons.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from django.conf import settings
from django.db import models

from .pdf import PrintJob, letter_pdf_job, print_pdf

logger = logging.getLogger(__name__)

# Bump when the code that makes a PDF changes what it prints in a way print_files() does not see.
FORMAT = "1"


def print_files() -> list[Path]:
    """The files a PDF's look depends on besides the database: the built-in letter templates (base.j2 is read
    from disk), the code that renders and lays out, and the compiled catalogues of the printed words."""
    base = Path(settings.BASE_DIR)
    here = Path(__file__).resolve().parent
    code = (
        *("sandbox.py", "context.py", "html.py", "pdf.py", "formatting.py", "typography.py", "pdf_cache.py"),
        *("lines.py", "layouts.py"),  # the printed lines (a signatory's, an ask's "by when") and the print choices
    )
    return sorted(
        [
            *(base / "templates" / "letter_bodies").glob("*"),
            *base.glob("locale/*/LC_MESSAGES/django.mo"),
            *(here / name for name in code),
        ]
    )


def files_fingerprint(paths: list[Path]) -> str:
    """A hash of the files' names and contents: a deploy that changes one makes every PDF again."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        with contextlib.suppress(FileNotFoundError):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _code_fingerprint() -> str:
    return files_fingerprint(print_files())  # once per process: the files change with a deploy, not while serving


# How many PDFs this process rendered: tests and benchmarks read it to tell a cached answer from a render.
renders = 0


@dataclass(frozen=True)
class CachedPDF:
    content: bytes
    etag: str
    rendered: bool  # made by this request (False: served from the cache)


def _row(instance: models.Model | None) -> tuple:
    if instance is None:
        return ()
    return tuple(
        (f.attname, getattr(instance, f.attname)) for f in instance._meta.concrete_fields if f.attname != "search_text"
    )


def pdf_key(letter, **options) -> str:
    """The hash of what ``letter`` prints with ``options`` (the keyword arguments of its PDF)."""
    original = letter.original if letter.original_id else None
    parts = (
        FORMAT,
        weasyprint.__version__,
        _code_fingerprint(),
        _row(letter),
        _row(letter.template),
        [_row(o) for o in letter.lead_organizations()],  # their letterheads, in the order they print
        _row(getattr(letter, "sign_on", None)),
        _row(original),
        _row(getattr(original, "sign_on", None) if original else None),
        sorted(options.items()),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def key_queryset(letters: models.QuerySet) -> models.QuerySet:
    """``letters`` with just what ``pdf_key()`` reads (one query, whatever the number of signatories)."""
    # search_text holds every signatory's name: it is not printed, and not read.
    return (
        letters.select_related("template", "lead_organization", "sign_on", "original__sign_on")
        .prefetch_related("co_leads")
        .defer("search_text")
    )


def cache_dir() -> Path:
    return Path(settings.PDF_CACHE_DIR)


def _path(letter, key: str) -> Path:
    return cache_dir() / f"{letter.pk}-{key}.pdf"


def letter_pdf_cached(letter, *, reload=None, **options) -> CachedPDF:
    """The letter's PDF file, from the cache, or rendered (in a bounded worker) and stored.

    ``letter`` needs only what ``key_queryset()`` loads; on a miss ``reload()`` (if given) returns it with
    everything a render needs. Raises rendering.LetterRenderError or pdf_worker.PDFRenderLimit.
    """
    global renders
    key = pdf_key(letter, **options)
    path = _path(letter, key)
    content = _read(path)
    if content is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used goes first
        return CachedPDF(content=content, etag=key, rendered=False)
    if reload is not None:
        letter = reload()
        key = pdf_key(letter, **options)
        path = _path(letter, key)
    renders += 1
    pdf = print_pdf(letter_pdf_job(letter, **options))
    _store(path, pdf)
    return CachedPDF(content=pdf, etag=key, rendered=True)


def letter_pdfs_cached(letter, copies: list[dict]) -> list[CachedPDF]:
    """Several PDFs of one letter, one per dict of options in ``copies`` (a delivery pack's members): those not
    in the cache are printed side by side in the bounded workers (each rendered and laid out in one).

    ``letter`` is prefetched with everything a render needs. Raises like ``letter_pdf_cached()``.
    """
    global renders
    results: list[CachedPDF | None] = []
    missing: list[tuple[int, str, Path, PrintJob]] = []
    for index, options in enumerate(copies):
        key = pdf_key(letter, **options)
        path = _path(letter, key)
        content = _read(path)
        if content is not None:
            results.append(CachedPDF(content=content, etag=key, rendered=False))
        else:
            results.append(None)
            missing.append((index, key, path, letter_pdf_job(letter, **options)))
    if missing:
        # One thread per worker only waits on its job: the rendering happens in the worker processes.
        with ThreadPoolExecutor(max_workers=max(1, settings.PDF_RENDER_WORKERS)) as threads:
            pdfs = list(threads.map(lambda job: print_pdf(job[3]), missing))
        for (index, key, path, _job), pdf in zip(missing, pdfs, strict=True):
            renders += 1
            _store(path, pdf)
            results[index] = CachedPDF(content=pdf, etag=key, rendered=True)
    return results


def combined_pdf_cached(letter, parts: list[CachedPDF], combine) -> bytes:
    """One PDF made by ``combine(contents)`` from cached PDFs (a delivery pack's copies), itself cached under a
    key made of theirs: it is made again only when one of them changes."""
    key = hashlib.sha256(("combined:" + ":".join(part.etag for part in parts)).encode()).hexdigest()[:40]
    path = _path(letter, key)
    pdf = _read(path)
    if pdf is None:
        pdf = combine([part.content for part in parts])
        _store(path, pdf)
    return pdf


def _read(path: Path) -> bytes | None:
    """The cached file's bytes, or None when it is not there or cannot be read (then the PDF is made again)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        logger.error("PDF cache: could not read %s (%s); the PDF is made again", path.name, error)
        return None


def _store(path: Path, pdf: bytes) -> None:
    """Write ``pdf`` at ``path`` atomically (readers see the whole file or none), then keep the cache bounded.

    A cache that cannot be written (disk full, read-only, no permission) is logged and costs only the
    caching: the PDF made is served all the same, and no partial file is left behind.
    """
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", suffix=".pdf", delete=False) as out:
            temporary = Path(out.name)
            out.write(pdf)
        os.replace(temporary, path)
        temporary = None
        evict(keep=path)
    except OSError as error:
        logger.error("PDF cache: could not store %s (%s); the PDF is served uncached", path.name, error)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def evict(*, keep: Path | None = None) -> int:
    """Remove the least recently used PDFs until the cache holds at most PDF_CACHE_MAX_MB; how many went."""
    limit = settings.PDF_CACHE_MAX_MB * 1024 * 1024
    entries = []
    with os.scandir(cache_dir()) as found:
        for entry in found:
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue  # removed meanwhile by another process
            if entry.name.startswith(".tmp-"):
                if stat.st_mtime < time.time() - 3600:
                    Path(entry.path).unlink(missing_ok=True)  # left by a process that died while writing
            elif entry.name.endswith(".pdf"):
                entries.append((stat.st_mtime, stat.st_size, Path(entry.path)))
    total = sum(size for _mtime, size, _path in entries)
    removed = 0
    for _mtime, size, path in sorted(entries, key=lambda e: e[0]):
        if total <= limit:
            break
        if path == keep:
            continue
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed
