"""Worker processes bounded in time and memory, where letter templates render and WeasyPrint lays out PDFs:
neither an organization's template nor a huge letter can take the server down or hold up its other requests.

One bounded worker, two pools of it: TEMPLATES renders letter templates (the letter page, the previews, the
template's save check) and LAYOUTS renders a letter's template and lays its HTML out as a PDF, in one call. The
web process builds the plain data a job needs (it needs the database), sends it, and waits on a pipe without
holding the GIL, so its other threads go on serving.

A worker is started by a fork server (it inherits no threads, locks or database connections), sets Django up,
then limits its address space (RLIMIT_AS) to its size once loaded plus the pool's memory setting. In a job,
``time_limit()`` stops Python code between two bytecodes (a template's error then names its line), a CPU-time
limit (RLIMIT_CPU) lets the kernel kill a worker stuck in one C-level call, and the web process kills a worker
that does not answer in time even so. Each worker serves one job at a time through a pipe of its own: killing
it fails that job only. docs/DECISIONS.md has the reasons.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import pickle
import resource
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from r2p_letters.lib.processes import exit_with

logger = logging.getLogger(__name__)

# A worker is replaced after this many jobs, so memory WeasyPrint, fontconfig or Jinja2 keep does not pile up.
LAYOUTS_PER_WORKER = 50
RENDERS_PER_WORKER = 500
# Beyond a job's time limit, how long the web process waits for the worker's own timer before killing it.
KILL_GRACE_SECONDS = 2.0
# How long a new worker may take to set itself up (Django, fonts) before it is given up.
START_SECONDS = 60.0
_READY = "ready"


class PDFRenderLimit(Exception):
    """A job stopped by a limit: ``reason`` is "time", "memory" or "busy"; ``message`` says it to the user."""

    MESSAGES = {
        "time": _(
            "Making this PDF took longer than the server allows. The letter is unchanged; try again later, "
            "or shorten it."
        ),
        "memory": _(
            "This PDF needs more memory than the server allows. The letter is unchanged; a shorter "
            "letter, or one with fewer signatories, will fit."
        ),
        "busy": _("The server is busy printing other letters. Nothing was lost; try again in a minute."),
    }

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.reason])

    def describe(self) -> str:
        return self.message


class TimeUp(BaseException):
    """Raised in a worker when a job's time is up (a BaseException: no ``except Exception`` swallows it)."""


# -- in the worker ----------------------------------------------------------------------------------

_in_worker = False
_conn: Connection | None = None  # the worker's pipe to the web process


def in_worker() -> bool:
    """Whether this process is a bounded worker (the only place organization-written templates run)."""
    return _in_worker


def _on_alarm(signum, frame):
    raise TimeUp


@contextmanager
def time_limit(seconds: float):
    """Bound what runs inside to ``seconds``: TimeUp is raised in this worker after that much wall-clock time
    (between two Python bytecodes), and the kernel ends the worker after that much CPU time and a grace (stuck
    in one C-level call, where no signal handler runs)."""
    if not _in_worker:
        raise RuntimeError("time_limit() works in a bounded worker only")
    if _conn is not None:
        _conn.send(("deadline", seconds))  # the web process waits that long (and a grace) from now
    signal.signal(signal.SIGALRM, _on_alarm)
    _limit_cpu(seconds + KILL_GRACE_SECONDS)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _limit_cpu(math.inf)  # back to the job's own limit


def _address_space() -> int:
    """This process's virtual memory size, in bytes (what RLIMIT_AS bounds)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def start_worker(memory_bytes: int, warm_up: str | None = None) -> None:
    """Set this process up as a worker (Django, then ``warm_up``, a dotted path), then let jobs add at most
    ``memory_bytes`` to its size."""
    global _in_worker
    # A worker process starts without Django: set it up before importing what reads the settings and apps.
    import django  # noqa: PLC0415

    django.setup()
    _in_worker = True
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # killed for its CPU time, a worker leaves no core file
    if warm_up:
        import_string(warm_up)()  # e.g. fontconfig loads once, not per layout
    # A limit on what a job adds, not on the total: the loaded libraries' size varies between machines.
    limit = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# The CPU time used when the job began, and how much it may use.
_job_started_cpu = 0.0
_job_seconds = math.inf


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _start_job(seconds: float) -> None:
    """A job begins: the kernel ends this worker once the job has used ``seconds`` of CPU time."""
    global _job_started_cpu, _job_seconds
    _job_started_cpu, _job_seconds = _cpu_used(), seconds
    _limit_cpu(seconds)


def _limit_cpu(seconds: float) -> None:
    """Let the kernel end this process (SIGXCPU) once it has used ``seconds`` more CPU time, and never later
    than the job's own limit."""
    deadline = min(_cpu_used() + seconds, _job_started_cpu + _job_seconds)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = hard if math.isinf(deadline) else math.ceil(deadline)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _outcome(function, args) -> tuple[str, object]:
    try:
        return "done", function(*args)
    except TimeUp:
        return "limit", "time"
    except MemoryError:
        return "limit", "memory"
    except Exception as exc:  # the job's own error (a template's, or a bug): raised again in the web process
        exc.add_note("In the bounded worker:\n" + traceback.format_exc())
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            exc = RuntimeError(f"{exc!r} (from a bounded worker)\n{traceback.format_exc()}")
        return "error", exc


def _serve(conn: Connection, memory_bytes: int, warm_up: str | None, owner_pid: int) -> None:
    """A worker's life: set up, say so, then run the jobs the web process sends until it closes the pipe."""
    global _conn
    # A web process killed (by gunicorn's timeout, or SIGKILL) takes its workers with it, busy ones included.
    exit_with(owner_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then closes the pipe
    try:
        start_worker(memory_bytes, warm_up)
    except Exception:
        logger.exception("A bounded worker could not start")
        return
    _conn = conn
    conn.send(_READY)
    while True:
        try:
            function, args, seconds = conn.recv()
        except EOFError:
            return
        _start_job(seconds + KILL_GRACE_SECONDS)
        outcome = _outcome(function, args)
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(("limit", "memory"))


# -- in the web process -----------------------------------------------------------------------------


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    generation: int
    jobs: int = 0


class BoundedPool:
    """Up to ``workers`` (the name of a setting) worker processes, each limited to ``memory_mb`` (a setting)
    megabytes more than its loaded size, started on demand and replaced after ``jobs_per_worker`` jobs."""

    def __init__(self, name: str, *, workers: str, memory_mb: str, jobs_per_worker: int, warm_up: str | None = None):
        self.name = name
        self._settings = (workers, memory_mb)
        self._jobs_per_worker = jobs_per_worker
        self._warm_up = warm_up
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._generation = 0
        self._limits: tuple[int, int] | None = None
        self._slots = threading.BoundedSemaphore(1)
        self._in_flight = 0

    def _current(self) -> tuple[int, threading.BoundedSemaphore, tuple[int, int]]:
        """The generation, slots and limits for the settings in force; a change of settings starts afresh."""
        workers, memory_mb = self._settings
        limits = (max(1, getattr(settings, workers)), getattr(settings, memory_mb) * 1024 * 1024)
        with self._lock:
            if limits != self._limits:
                self._retire_idle()
                self._limits = limits
                self._slots = threading.BoundedSemaphore(limits[0])
            return self._generation, self._slots, limits

    def run(self, function, *args, seconds: float):
        """``function(*args)`` in a worker, bounded by ``seconds`` (the job's own timers) plus a grace.

        Returns what it returned or raises what it raised; raises PDFRenderLimit("time") when the worker had to
        be killed, "memory" when it ran out of memory or crashed, "busy" when no worker came free in time.
        """
        generation, slots, (size, memory_bytes) = self._current()
        with self._lock:
            self._in_flight += 1
            # Jobs ahead of this one hold the workers for at most their own bound each.
            waiting = (seconds + KILL_GRACE_SECONDS) * (1 + (self._in_flight - 1) // size)
        try:
            got_one = slots.acquire(timeout=waiting)
        finally:
            with self._lock:
                self._in_flight -= 1
        if not got_one:
            logger.warning("No %s worker came free in %.0f s", self.name, waiting)
            raise PDFRenderLimit("busy")
        try:
            return self._run_in(self._checkout(generation, memory_bytes), function, args, seconds)
        finally:
            slots.release()

    def _checkout(self, generation: int, memory_bytes: int) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.conn.close()
        return self._start(generation, memory_bytes)

    def _start(self, generation: int, memory_bytes: int) -> _Worker:
        context = multiprocessing.get_context("forkserver")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(theirs, memory_bytes, self._warm_up, os.getpid()),
            daemon=True,
            name=f"bounded-{self.name}",
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours, generation)
        try:
            ready = ours.poll(START_SECONDS) and ours.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            logger.error("A %s worker did not start in %.0f s", self.name, START_SECONDS)
            self._kill(worker)
            raise PDFRenderLimit("busy")
        return worker

    def _run_in(self, worker: _Worker, function, args, seconds: float):
        try:
            worker.conn.send((function, args, seconds))
            kind, value = self._wait(worker, seconds)
        except (EOFError, OSError):
            self._kill(worker)
            # Ended by the kernel: for its CPU time (SIGXCPU), or, under its address-space limit, out of memory.
            reason = "time" if worker.process.exitcode == -signal.SIGXCPU else "memory"
            logger.warning("A %s worker ended during a job (exit code %s)", self.name, worker.process.exitcode)
            raise PDFRenderLimit(reason) from None
        except PDFRenderLimit:
            raise
        except BaseException:
            self._kill(worker)  # interrupted while a job runs: the worker's state is unknown
            raise
        worker.jobs += 1
        # A worker that ran out of memory is not trusted with the next job.
        if (kind, value) == ("limit", "memory") or worker.jobs >= self._jobs_per_worker:
            self._retire(worker)
        else:
            self._give_back(worker)
        if kind == "done":
            return value
        if kind == "limit":
            raise PDFRenderLimit(value)
        raise value

    def _wait(self, worker: _Worker, seconds: float) -> tuple[str, object]:
        """The job's outcome; the worker is killed if it does not come in time. Each stage of the job announces
        its own time limit ("deadline"): the wait is that limit and a grace, never beyond the job's own."""
        started = time.monotonic()
        latest = started + seconds + KILL_GRACE_SECONDS
        until = latest
        while True:
            if not worker.conn.poll(max(0.0, min(until, latest) - time.monotonic())):
                logger.warning(
                    "A %s job did not stop after %.1f s: its worker is killed", self.name, time.monotonic() - started
                )
                self._kill(worker)
                raise PDFRenderLimit("time")
            kind, value = worker.conn.recv()
            if kind != "deadline":
                return kind, value
            until = time.monotonic() + value + KILL_GRACE_SECONDS

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if worker.generation == self._generation:
                self._idle.append(worker)
                return
        self._retire(worker)

    @staticmethod
    def _retire(worker: _Worker) -> None:
        worker.conn.close()  # the worker reads the end of its pipe and exits

    @staticmethod
    def _kill(worker: _Worker) -> None:
        try:
            worker.process.kill()
            worker.process.join(5)
        except (OSError, ValueError):
            pass
        worker.conn.close()

    def _retire_idle(self) -> None:
        """(With the lock held.) Retire the idle workers; those at work are retired when they come back."""
        self._generation += 1
        for worker in self._idle:
            self._retire(worker)
        self._idle.clear()

    def shutdown(self) -> None:
        with self._lock:
            self._retire_idle()
            self._limits = None


TEMPLATES = BoundedPool(
    "template",
    workers="LETTER_RENDER_WORKERS",
    memory_mb="LETTER_RENDER_MEMORY_MB",
    jobs_per_worker=RENDERS_PER_WORKER,
    warm_up="r2p_letters.printing.sandbox.warm_up",
)
LAYOUTS = BoundedPool(
    "layout",
    workers="PDF_RENDER_WORKERS",
    memory_mb="PDF_RENDER_MEMORY_MB",
    jobs_per_worker=LAYOUTS_PER_WORKER,
    warm_up="r2p_letters.printing.pdf.warm_up",
)


def shutdown() -> None:
    """Stop the pools' idle workers, and the others once their job is done (tests, a server process that ends)."""
    TEMPLATES.shutdown()
    LAYOUTS.shutdown()
