"""Visitors over real HTTP against a live server, each with its own cookies, run side by side in threads."""

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .signing import SIGNER

THREADS = 20


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
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": self.base_url + path}
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


def form_jobs(base_url: str, forms: list[tuple[str, dict, int]], answer=lambda response: response) -> list:
    """For each (path, data, times): ``times`` browsers that open the form, wait for each other, and post it."""
    jobs = []
    for path, data, times in forms:
        barrier = threading.Barrier(times)
        for _ in range(times):
            browser = Browser(base_url)
            jobs.append(
                lambda b=browser, p=path, d=data, barrier=barrier: together(
                    barrier, lambda: b.open_form(p), lambda token: answer(b.post(p, d, token))
                )
            )
    return jobs


def sign_jobs(base_url: str, sign_path: str, signers: list[tuple[dict, int]]) -> list:
    """For each (signer, times): ``times`` browsers that open the sign page together and post; their statuses."""
    return form_jobs(base_url, [(sign_path, data, times) for data, times in signers], lambda r: r.status)


def confirm_jobs(base_url: str, paths: list[tuple[str, int]]) -> list:
    """For each (confirmation path, times): ``times`` browsers that open the link, wait, and press the button."""
    return form_jobs(base_url, [(path, {}, times) for path, times in paths])
