"""WeasyPrint's layout in worker processes bounded in time and memory, so a huge or hostile letter cannot
take the server down.

The web process renders the letter's HTML (it needs the database) and sends the HTML and the PDF's
metadata to a persistent pool of PDF_RENDER_WORKERS processes (started by a fork server, so they inherit
no threads, locks or database connections). Each worker limits its address space (RLIMIT_AS) to its size
once loaded plus PDF_RENDER_MEMORY_MB, and stops a layout after PDF_RENDER_TIMEOUT seconds (a timer in the
worker); the web process kills the pool if a worker does not answer in time even so (stuck in C code). A
killed or crashed pool is replaced on the next render. docs/DECISIONS.md compares this with a fork per render.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# A worker is replaced after this many layouts, so memory WeasyPrint and fontconfig keep does not pile up.
LAYOUTS_PER_WORKER = 50
# Beyond the time limit, how long the web process waits for a worker's own timer before killing the pool.
KILL_GRACE_SECONDS = 5.0


class PDFRenderLimit(Exception):
    """A layout stopped by a limit: ``reason`` is "time" or "memory"; ``message`` says it to the user."""

    MESSAGES = {
        "time": _("Making this PDF took longer than the server allows. The letter is unchanged; try again later, "
                  "or shorten it."),
        "memory": _("This PDF needs more memory than the server allows. The letter is unchanged; a shorter "
                    "letter, or one with fewer signatories, will fit."),
    }

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.reason])


class _LayoutTimeout(Exception):
    pass


# -- in the worker ----------------------------------------------------------------------------------

def _address_space() -> int:
    """This process's virtual memory size, in bytes (what RLIMIT_AS bounds)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _start_worker(memory_bytes: int) -> None:
    """Set the worker up (Django, fonts warmed), then let layouts add at most ``memory_bytes`` to its size."""
    # A worker process starts without Django: set it up before importing what reads the settings and apps.
    import django  # noqa: PLC0415

    django.setup()
    from .pdf import html_to_pdf  # noqa: PLC0415

    html_to_pdf("<p>warm-up</p>", title="warm-up", language="en")  # fontconfig loads once, not per layout
    # A limit on what a layout adds, not on the total: the loaded libraries' size varies between machines.
    limit = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _on_alarm(signum, frame):
    raise _LayoutTimeout


def _layout(html: str, options: dict, seconds: float) -> bytes | str:
    """The PDF bytes of ``html``, or "time" / "memory" when a limit stopped the layout."""
    from .pdf import html_to_pdf  # noqa: PLC0415 (imported in the worker, once Django is set up)

    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return html_to_pdf(html, **options)
    except _LayoutTimeout:
        return "time"
    except MemoryError:
        return "memory"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# -- in the web process -----------------------------------------------------------------------------

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_limits: tuple[int, int] | None = None
_in_flight = 0


def _limits() -> tuple[int, int]:
    return max(1, settings.PDF_RENDER_WORKERS), settings.PDF_RENDER_MEMORY_MB * 1024 * 1024


def _get_pool() -> ProcessPoolExecutor:
    global _pool, _pool_limits
    with _lock:
        limits = _limits()
        if _pool is not None and _pool_limits != limits:
            _discard(_pool)
            _pool = None
        if _pool is None:
            workers, memory_bytes = limits
            _pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                initializer=_start_worker, initargs=(memory_bytes,), max_tasks_per_child=LAYOUTS_PER_WORKER,
            )
            _pool_limits = limits
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now (one may be stuck in a layout) and forget the pool."""
    # concurrent.futures has no public way to kill workers before Python 3.14 (kill_workers()).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _replace(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _discard(pool)
            _pool = None


def shutdown() -> None:
    """Stop the pool (tests, and a server process that ends)."""
    global _pool
    with _lock:
        if _pool is not None:
            _discard(_pool)
            _pool = None


def render_pdf(html: str, **options) -> bytes:
    """``pdf.html_to_pdf(html, **options)`` done in a bounded worker; raises PDFRenderLimit when stopped.

    A render that finds its pool broken by another one's crash is tried once more on a new pool.
    """
    global _in_flight
    seconds = settings.PDF_RENDER_TIMEOUT
    for attempt in (1, 2):
        pool = _get_pool()
        with _lock:
            _in_flight += 1
            # Layouts queued ahead of this one wait for a worker: the wait allows for them.
            waiting = seconds * (1 + (_in_flight - 1) // (_pool_limits or _limits())[0]) + KILL_GRACE_SECONDS
        try:
            try:
                future = pool.submit(_layout, html, options, seconds)
            except RuntimeError:  # another request shut this pool down meanwhile
                raise BrokenProcessPool from None
            result = future.result(timeout=waiting)
        except FutureTimeout:
            logger.warning("PDF layout did not stop after %.0f s: its worker pool is killed", waiting)
            _replace(pool)
            raise PDFRenderLimit("time") from None
        except BrokenProcessPool:
            _replace(pool)
            if attempt == 2:
                # Killed by the kernel or crashed in C code: with an address-space limit, out of memory.
                logger.warning("PDF layout crashed its worker twice")
                raise PDFRenderLimit("memory") from None
            continue
        finally:
            with _lock:
                _in_flight -= 1
        if isinstance(result, str):
            if result == "memory":
                _replace(pool)  # a worker that ran out of memory is not trusted with the next layout
            raise PDFRenderLimit(result)
        return result
    raise AssertionError("unreachable")
