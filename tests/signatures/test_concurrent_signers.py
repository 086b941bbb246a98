"""Many partners sign at once, over real HTTP against a live server: no signature lost, none doubled.

PostgreSQL only: SQLite serialises every write, so it cannot show what concurrent requests do.
Each visitor is a `Browser` in its own thread: it opens the page (for the CSRF cookie and token)
and then posts, as a person's browser does.
"""

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Signature, SignOn

from .conftest import SIGNER, link_in

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs PostgreSQL: SQLite serialises all writes, so nothing runs concurrently")

THREADS = 20
SIGNERS = 200
DOUBLE_SUBMITTERS = 50
DELIVER = "r2p_letters.lib.emails.deliver"


@dataclass
class Answer:
    status: int
    headers: dict
    text: str


@dataclass
class Browser:
    """One visitor with its own cookies, over plain HTTP; it does not follow redirects."""

    base_url: str
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        address = urlsplit(self.base_url)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Referer": self.base_url + path}
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            client.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)

    def open_form(self, path: str) -> str:
        """GET the page; the CSRF token of its first form."""
        page = self.request("GET", path)
        assert page.status == 200, (page.status, page.text[:2000])
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post(self, path: str, data: dict, token: str) -> Answer:
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token})


def signer(n: int) -> dict:
    return {**SIGNER, "organization": f"Human Rights League of District {n}", "email": f"signer-{n}@example.org"}


def together(barrier: threading.Barrier, *steps):
    """Run ``steps`` one after the other, ``steps[0]`` before the barrier and the rest after it."""
    first, *rest = steps
    result = first()
    barrier.wait(timeout=60)
    for step in rest:
        result = step(result)
    return result


def run_in_threads(jobs: list) -> list:
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return [future.result() for future in [pool.submit(job) for job in jobs]]


def sign_jobs(base_url: str, sign_path: str, signers: list[tuple[dict, int]]) -> list:
    """For each (signer, times): ``times`` browsers that open the page, wait for each other, and post."""
    jobs = []
    for data, times in signers:
        barrier = threading.Barrier(times)
        for _ in range(times):
            browser = Browser(base_url)
            jobs.append(lambda b=browser, d=data, barrier=barrier: together(
                barrier, lambda: b.open_form(sign_path), lambda token: b.post(sign_path, d, token).status))
    return jobs


def confirm_jobs(base_url: str, paths: list[tuple[str, int]]) -> list:
    """For each (confirmation path, times): ``times`` browsers that open the link, wait, and press the button."""
    jobs = []
    for path, times in paths:
        barrier = threading.Barrier(times)
        for _ in range(times):
            browser = Browser(base_url)
            jobs.append(lambda b=browser, p=path, barrier=barrier: together(
                barrier, lambda: b.open_form(p), lambda token: b.post(p, {}, token)))
    return jobs


@pytest.fixture
def no_rate_limits(settings):
    settings.SIGN_RATE_PER_IP = "100000/h"
    settings.SIGN_RATE_PER_EMAIL = "100000/h"


def queued_emails(name: str) -> list[dict]:
    return [row.args_kwargs["args"] for row in DBTaskResult.objects.filter(task_path=DELIVER)
            if row.args_kwargs["args"][0] == name]


def test_two_hundred_signers_at_once_make_two_hundred_confirmable_signatures(
        live_server, open_sign_on, no_rate_limits, run_worker):
    sign_path = f"/letters/{open_sign_on.letter.slug}/sign/"
    # The first 50 submit twice at the same instant (two browsers, released together).
    signers = [(signer(n), 2 if n < DOUBLE_SUBMITTERS else 1) for n in range(SIGNERS)]

    statuses = run_in_threads(sign_jobs(live_server.url, sign_path, signers))

    assert statuses.count(302) == SIGNERS, sorted(set(statuses))
    assert statuses.count(409) == DOUBLE_SUBMITTERS  # the second of each pair is told it already signed
    assert Signature.objects.count() == SIGNERS
    assert sorted(Signature.objects.values_list("email_key", flat=True)) == sorted(
        data["email"] for data, _times in signers)
    confirmations = queued_emails("signature-confirm")
    assert sorted(args[1] for args in confirmations) == sorted(data["email"] for data, _times in signers)

    sent = run_worker()
    paths = [link_in(message, "/sign/confirm/") for message in sent]
    assert len(paths) == SIGNERS
    answers = run_in_threads(confirm_jobs(live_server.url, [(path, 1) for path in paths]))

    assert [a.status for a in answers] == [200] * SIGNERS
    assert all("is confirmed" in a.text for a in answers)
    assert Signature.objects.filter(status=Signature.Status.CONFIRMED).count() == SIGNERS
    assert SignOn.objects.get().shown_count == SIGNERS
    assert Signatory.objects.filter(source=Signatory.Source.ONLINE).count() == SIGNERS
    assert len(queued_emails("signature-confirmed")) == SIGNERS


def test_the_same_confirmation_link_pressed_twice_at_the_same_instant_confirms_once(
        live_server, open_sign_on, no_rate_limits, run_worker):
    sign_path = f"/letters/{open_sign_on.letter.slug}/sign/"
    run_in_threads(sign_jobs(live_server.url, sign_path, [(signer(n), 1) for n in range(20)]))
    paths = [link_in(message, "/sign/confirm/") for message in run_worker()]
    assert len(paths) == 20
    mail_before = len(paths)

    answers = run_in_threads(confirm_jobs(live_server.url, [(path, 2) for path in paths]))

    assert [a.status for a in answers] == [200] * 40
    assert sum("is confirmed" in a.text for a in answers) == 20
    assert sum("already confirmed" in a.text for a in answers) == 20
    assert SignOn.objects.get().shown_count == 20
    assert Signatory.objects.filter(source=Signatory.Source.ONLINE).count() == 20
    confirmed_mail = [m for m in run_worker()[mail_before:] if "is confirmed" in m.subject]
    assert sorted(m.to[0] for m in confirmed_mail) == sorted(f"signer-{n}@example.org" for n in range(20))
