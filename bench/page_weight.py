"""Page weight and first render on a slow 3G profile: bytes and requests of the composer, the letter page, the
sign page and the organizers' dashboard, and when Chromium first paints them, with the static files as
WhiteNoise serves them without collectstatic (plain names from the finders, uncompressed, cached 60 s: what every
page got before compressed manifest storage) and after `collectstatic` (hashed names, gzip, cached a year).

Each page is loaded cold (a new browser context) in Debian's Chromium through Playwright, throttled with the
DevTools protocol's Network.emulateNetworkConditions to DevTools' "Slow 3G" preset (2,000 ms round trip,
400 kbit/s each way). Bytes are what crossed the network (Network.loadingFinished's encodedDataLength, headers
included). The server is `manage.py runserver` with DEBUG off (WhiteNoise serves the static files, as gunicorn
without nginx does). Run alone (`python bench/page_weight.py`, writes its section of docs/BENCHMARKS.md) or by
bench/run.py (`--json`).
"""

import datetime
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION_TITLE = "## Page weight and first render on slow 3G"
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pages() -> tuple[dict[str, str], str]:
    """The four pages (a draft, a public letter, its sign page, its dashboard) and the session of their organizer."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.services import letter_create_from
    from r2p_letters.organizations.services import organization_create
    from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

    user = get_user_model().objects.create_user(email="weight@example.org", password="bench-password-42")
    organization = organization_create(user=user, name="Bench NGO", city="Geneva", country="CH")
    source = Letter.objects.get(slug="2010-kyrgyzstan-icrtop")
    draft = letter_create_from(source=source, organization=organization, author=user)
    signed = letter_create_from(source=source, organization=organization, author=user)
    Letter.objects.filter(pk=signed.pk).update(status=Letter.Status.READY)
    signed.refresh_from_db()
    letter_open_for_signatures(
        letter=signed,
        user=user,
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="Europe/Zurich",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )
    client = Client()
    client.force_login(user)
    pages = {
        "composer": reverse("letters:compose", args=[draft.slug]),
        "letter page": reverse("letters:detail", args=[source.slug]),
        "sign page": reverse("signatures:sign", args=[signed.slug]),
        "dashboard": reverse("signatures:dashboard", args=[signed.slug]),
    }
    return pages, client.cookies["sessionid"].value


def _load(browser, url: str, session: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    host = url.split("/")[2].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    transferred, requests, static = [], [], {}
    cdp.on("Network.requestWillBeSent", lambda e: requests.append(e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: transferred.append(e["encodedDataLength"]))

    def response(event):
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        if "/static/" in event["response"]["url"]:
            static[event["response"]["url"]] = headers.get("cache-control", "")

    cdp.on("Network.responseReceived", response)
    page.goto(url, wait_until="load", timeout=120_000)
    paint = page.evaluate("""() => new Promise((resolve) => {
        new PerformanceObserver((list) => {
            const entry = list.getEntriesByName("first-contentful-paint")[0];
            if (entry) { resolve(entry.startTime); }
        }).observe({type: "paint", buffered: true});
        setTimeout(() => resolve(NaN), 30000);
    })""")
    context.close()
    return {"bytes": sum(transferred), "requests": len(requests), "fcp_ms": paint, "static": static}


def _serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def measure() -> dict:
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    pages, session = _pages()
    figures = {"repeat": REPEAT, "pages": list(pages), "modes": {}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        collected = Path(tmp) / "collected"
        from django.test import override_settings

        with override_settings(STATIC_ROOT=collected):
            call_command("collectstatic", interactive=False, verbosity=0)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for mode, static_root in (("before", Path(tmp) / "never-collected"), ("after", collected)):
            port = _free_port()
            env = {**os.environ, "STATIC_ROOT": str(static_root), "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1"}
            server = _serve(env, port)
            try:
                rows = {}
                for name, path in pages.items():
                    runs = [_load(browser, f"http://127.0.0.1:{port}{path}", session) for _ in range(REPEAT)]
                    rows[name] = {
                        "bytes": runs[-1]["bytes"],
                        "requests": runs[-1]["requests"],
                        "fcp_ms": [r["fcp_ms"] for r in runs],
                        "static": runs[-1]["static"],
                    }
                    print(
                        f"  {mode}, {name}: {rows[name]['bytes'] / 1024:.0f} KB, {rows[name]['requests']} requests, "
                        f"first paint {statistics.median(rows[name]['fcp_ms']) / 1000:.1f} s",
                        file=sys.stderr,
                        flush=True,
                    )
                figures["modes"][mode] = rows
            finally:
                server.terminate()
                server.wait()
        browser.close()
    return figures


def report_section(figures: dict) -> list[str]:
    """The "Page weight and first render on slow 3G" section of docs/BENCHMARKS.md."""
    before, after = figures["modes"]["before"], figures["modes"]["after"]
    lines = [
        SECTION_TITLE,
        "",
        "`bench/page_weight.py`: each page loaded cold in Chromium at 390 px, throttled through the DevTools "
        "protocol to DevTools' Slow 3G (2,000 ms round trip, 400 kbit/s), logged in as the letter's organizer. "
        "Bytes crossed the network (headers included); first render is Chromium's first-contentful-paint, median "
        f"of {figures['repeat']} loads. Before: static files as WhiteNoise served them without collectstatic "
        "(uncompressed, `max-age=60`). After: `collectstatic` with compressed manifest storage (hashed names, gzip; "
        "Chromium sends no `br` over plain HTTP; cached a year, `immutable`). Both runs are the same code and pages; "
        "only the static files differ (the HTML itself is compressed by nginx in production, not here).",
        "",
        "| Page | Bytes before | Bytes after | Requests before / after | First render before | First render after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in figures["pages"]:
        b, a = before[name], after[name]
        lines.append(
            f"| {name} | {b['bytes'] / 1024:,.0f} KB | {a['bytes'] / 1024:,.0f} KB | {b['requests']} / {a['requests']} "
            f"| {statistics.median(b['fcp_ms']) / 1000:.1f} s | {statistics.median(a['fcp_ms']) / 1000:.1f} s |"
        )
    sample = next(iter(after[figures["pages"][0]]["static"].items()), ("", ""))
    lines += [
        "",
        f"A static file after: `{sample[0].split('/static/', 1)[-1]}`, `Cache-Control: {sample[1]}`; a repeat "
        "visit fetches none of them again. Behind nginx (deploy/) the hashed names get `max-age=31536000, public, "
        "immutable` and the plain names keep `max-age=3600`.",
        "",
    ]
    return lines


def not_measured(message: str) -> list[str]:
    return [SECTION_TITLE, "", message[0].upper() + message[1:], ""]


def main() -> None:
    import pdf_export
    from standalone import run

    run(
        __doc__.split("\n\n")[0],
        "Page weight and first render on slow 3G",
        measure,
        lambda figures: pdf_export.write_section(report_section(figures), SECTION_TITLE),
    )


if __name__ == "__main__":
    main()
