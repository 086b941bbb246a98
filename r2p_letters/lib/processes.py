"""Helper processes that end with the process they work for, however it ends (SIGKILL included)."""

import os
import select
import threading
import time


def exit_with(owner_pid: int) -> None:
    """End this process as soon as process ``owner_pid`` ends (at once if it already has).

    For a child started through a fork server, whose parent is the server and not its owner: the kernel's
    parent-death signal (PR_SET_PDEATHSIG) would fire only when the fork server ends, and the fork server
    lives as long as any child it started. A thread waits on the owner instead (a pidfd on Linux, else a
    check every second).
    """
    try:
        watched = os.pidfd_open(owner_pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd (not Linux, or a kernel before 5.3)
        watched = None
    if watched is None and not _alive(owner_pid):
        os._exit(1)
    threading.Thread(
        target=_exit_when_ended, args=(owner_pid, watched), name=f"exit-with-{owner_pid}", daemon=True
    ).start()


def _exit_when_ended(owner_pid: int, watched: int | None) -> None:
    if watched is not None:
        poller = select.poll()
        poller.register(watched, select.POLLIN)  # a pidfd is readable once its process has ended
        while not poller.poll():
            pass
    else:
        while _alive(owner_pid):
            time.sleep(1)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended, not yet reaped
    except OSError:
        return True
