"""A real SMTP server on this machine (aiosmtpd) that keeps what it accepts, and the faults a mail server has:
it stops and starts again on the same port, answers slowly, holds its answers, refuses addresses.

A message counts as delivered only once the server answered 250 to it: a client that goes away
before the answer (killed, or the server stopped meanwhile) delivered nothing, as with a real server.
"""

import asyncio
import email
import logging
import socket
import threading
import time
from collections import Counter
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # the server's every command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """Start with ``start()``; ``received`` holds the delivered messages, in order."""

    def __init__(self):
        self.host, self.port = "127.0.0.1", free_port()
        self.received: list[EmailMessage] = []
        self._sessions: dict[int, object] = {}  # the SMTP connections messages came through
        self.refused: set[str] = set()  # addresses answered "550 no such mailbox"
        self.delay = 0.0  # seconds before each answer to a message
        self.hold_from: int | None = None  # once this many are delivered, every answer waits until it is None
        self.waiting = 0  # messages whose answer is being delayed or held now
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    # -- the server's side ---------------------------------------------------------------------------

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.waiting += 1
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            while self.hold_from is not None and len(self.received) >= self.hold_from:
                await asyncio.sleep(0.01)
        finally:  # also when the client went away meanwhile: then this is cancelled, nothing is delivered
            with self._lock:
                self.waiting -= 1
        with self._lock:
            self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
            self._sessions[id(session)] = session  # kept, so no other session gets its id
        return "250 Message accepted for delivery"

    # -- the test's side -----------------------------------------------------------------------------

    def start(self) -> None:
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def mailer(self) -> dict:
        """The MAILERS setting that sends to this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": self.host, "port": self.port, "use_tls": False, "timeout": 10},
            }
        }

    @property
    def sessions(self) -> int:
        """How many SMTP connections the delivered messages came through."""
        return len(self._sessions)

    def message_ids(self) -> Counter:
        """How many times each Message-ID was delivered."""
        with self._lock:
            return Counter(message["Message-ID"] for message in self.received)

    def wait_for(self, count: int, seconds: float = 60) -> None:
        """Until ``count`` messages are delivered (fails after ``seconds``)."""
        wait_until(lambda: len(self.received) >= count, seconds, f"{count} messages delivered")


def wait_until(condition, seconds: float = 60, what: str = "the condition") -> None:
    """Until ``condition()`` is true; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not after {seconds} s: {what}")
        time.sleep(0.02)


def text_of(message: EmailMessage) -> str:
    """The plain-text body of a delivered message."""
    return message.get_body(preferencelist=("plain",)).get_content()
