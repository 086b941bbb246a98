"""A real HTTP receiver on a local port, endpoints of the letter's organization that point at it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from r2p_letters.letters import hooks
from r2p_letters.webhooks.services import endpoint_create

from ..signatures.conftest import open_sign_on, ready_letter  # noqa: F401


class Receiver:
    """Answers each POST with the next of ``answers`` (then 200), records what it got; can be stopped and started
    again on the same port (a refused connection meanwhile)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[int] = []
        self.server = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                if 300 <= code < 400:
                    self.send_header("Location", f"http://127.0.0.1:{receiver.port}/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[str]:
        return [json.loads(r["body"])["event"] for r in self.requests]


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.down()


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True


@pytest.fixture
def endpoint(ngo, people, receiver, loopback_allowed):
    """The lead organization's endpoint, following every event, at the local receiver."""
    return endpoint_create(organization=ngo, user=people["owner"], url=receiver.url, events=hooks.EVENTS)
