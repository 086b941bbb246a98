"""`manage.py email_worker`: send the queued emails and run the other background tasks (see lib/worker.py)."""

import logging
import signal
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from r2p_letters.lib.worker import Worker

logger = logging.getLogger("r2p_letters.lib.worker")


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Send the queued emails (batches over one SMTP connection, retries with backoff) and run the other "
        "background tasks, until SIGTERM or Ctrl-C. Survives database restarts; any number may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threads",
            type=positive_int,
            default=settings.WORKER_THREADS,
            help="threads, each sending its own batches (default: WORKER_THREADS, %(default)s)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between two looks at an empty queue (default: %(default)s)",
        )
        parser.add_argument("--batch", action="store_true", help="run what is ready, then exit")

    def handle(self, *, threads: int, interval: float, batch: bool, **options):
        if interval < 0:
            raise CommandError("--interval must be zero or more")
        worker = Worker(threads=threads, batch=batch, interval=interval)

        def shutdown(signum, frame):
            if worker.stopping.is_set():
                logger.warning("%s again: stopping now", signal.strsignal(signum))
                sys.exit(1)
            logger.warning("%s: stopping after the email at hand (again to stop now)", signal.strsignal(signum))
            worker.stop()

        handled = (signal.SIGINT, signal.SIGTERM)
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = {number: signal.signal(number, shutdown) for number in handled} if in_main_thread else {}
        try:
            worker.run()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
