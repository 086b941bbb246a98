"""PDF layout processes end with the process that started them: a web worker killed (by gunicorn's timeout,
by the kernel, by an operator's SIGKILL) leaves no orphan holding memory."""

import http.client
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.urls import reverse

from .conftest import HOST, ROOT, command_line, postgresql_only, process_tree, still_running, wait_until_ended

# A layout that takes its worker many seconds (15,000 paragraphs, about 120 pages per 1,000), after a first
# one that starts the pool.
LAYS_OUT_AT_LENGTH = """
import django
django.setup()
from r2p_letters.printing.pdf import render_pdf
render_pdf("<p>Protect civilians</p>", title="warm", language="en")
print("pool started", flush=True)
print("laying out", flush=True)
render_pdf("".join(f"<p>Protect civilians in El Fasher, line {n}</p>" for n in range(15000)), title="long",
           language="en")
"""
# Once its owner is gone a layout process ends at once, not when its layout is done (seconds later).
ENDED_WITHIN_SECONDS = 3


def kill_leftovers(processes: dict[int, str]) -> None:
    """Orphans of a failed test are this test's own: end them rather than leave them on the machine."""
    for pid in still_running(processes):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_process_killed_with_sigkill_takes_its_busy_layout_processes_with_it(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "r2p_letters.settings",
        "DATABASE_URL": "",
        "PDF_CACHE_DIR": str(tmp_path),
    }
    owner = subprocess.Popen(
        [sys.executable, "-c", LAYS_OUT_AT_LENGTH], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    processes = {}
    try:
        assert owner.stdout.readline().strip() == "pool started"
        processes = process_tree(owner.pid)
        assert owner.stdout.readline().strip() == "laying out"
        processes = wait_for_a_busy_layout(owner.pid, before=cpu_seconds(processes))
        assert len(processes) >= 2, processes  # the fork server and the layout process, at least

        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
        left = wait_until_ended(processes, seconds=ENDED_WITHIN_SECONDS)
        assert left == [], [command_line(pid) for pid in left]
    finally:
        owner.kill()
        kill_leftovers(processes)


def cpu_seconds(processes) -> dict[int, float]:
    used = {}
    for pid in processes:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def wait_for_a_busy_layout(
    worker: int, seconds: float = 60, *, before: dict[int, float] | None = None
) -> dict[int, str]:
    """The web worker's processes, once one of them has worked a second more than ``before`` (now, by default):
    on the layout that was asked for."""
    before = cpu_seconds(process_tree(worker)) if before is None else before
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        processes = process_tree(worker)
        if any(used - before.get(pid, 0) > 1.0 for pid, used in cpu_seconds(processes).items()):
            return processes
        time.sleep(0.1)
    raise AssertionError("no layout process got to work")


@postgresql_only
@pytest.mark.slow
def test_a_web_worker_killed_in_the_middle_of_a_layout_leaves_no_orphan(app_servers, long_letter, make_letter, ngo):
    short = make_letter(lead_organization=ngo, title="Protect civilians in Chad")
    another = make_letter(lead_organization=ngo, title="Protect civilians in Mali")
    server = app_servers(workers=1)
    path = reverse("letters:pdf", args=[long_letter.slug])
    answers = []

    def download():
        connection = http.client.HTTPConnection(HOST, server.port, timeout=120)
        try:
            connection.request("GET", path)
            answers.append(connection.getresponse().status)
        except (OSError, http.client.HTTPException) as error:
            answers.append(error)

    # A first PDF starts the pool; the layout of the long letter is then killed with its web worker.
    first = http.client.HTTPConnection(HOST, server.port, timeout=120)
    first.request("GET", reverse("letters:pdf", args=[short.slug]))
    assert first.getresponse().status == 200
    [worker] = server.workers()
    requester = threading.Thread(target=download)
    requester.start()
    processes = process_tree(worker)
    try:
        processes = wait_for_a_busy_layout(worker)
        assert len(processes) >= 3  # the fork server, its layout processes, the resource tracker

        os.kill(worker, signal.SIGKILL)
        left = wait_until_ended(processes, seconds=ENDED_WITHIN_SECONDS)
        requester.join(30)

        assert left == [], [command_line(pid) for pid in left]
        assert answers and answers[0] != 200  # that download was lost with its worker
        # gunicorn starts a new worker, with a new pool: the next PDF prints.
        deadline = time.monotonic() + 60
        while not (workers := server.workers()) or workers == [worker]:
            assert time.monotonic() < deadline, "gunicorn started no new worker"
            time.sleep(0.2)
        connection = http.client.HTTPConnection(HOST, server.port, timeout=120)
        for _attempt in range(50):
            try:
                connection.request("GET", reverse("letters:pdf", args=[another.slug]))
                break
            except ConnectionRefusedError:
                time.sleep(0.2)
        response = connection.getresponse()
        assert response.status == 200 and response.read().startswith(b"%PDF")
    finally:
        requester.join(120)
        kill_leftovers(processes)
