"""Another site embeds a letter's sign form and counter; a partner signs through the frame."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from r2p_letters.signatures.models import Signature

from ..helpers.signing import sign
from ..signatures.conftest import open_sign_on, ready_letter  # noqa: F401


@pytest.fixture
def other_site(live_server):
    """A page on another port and host name (another site) with our iframe and our counter script."""
    ours = live_server.url
    html = (
        f'<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"></head><body>'
        f"<h1>Our campaign</h1>"
        f'<script src="{ours}/static/embed/counter.js" data-letter="el-fasher" data-lang="fr" async></script>'
        f'<iframe id="r2p" src="{ours}/letters/el-fasher/embed/" width="360" height="900"></iframe>'
        f"</body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = "127.0.0.1" if "localhost" in ours else "localhost"
    yield f"http://{host}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_partner_signs_through_the_form_embedded_on_another_site(open_sign_on, other_site, new_page):  # noqa: F811
    sign(open_sign_on, "Amnesty International")
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(other_site)

    page.get_by_text("1 organisation a signé").wait_for()  # the counter script, in French
    frame = page.frame_locator("#r2p")
    frame.get_by_text("1 organization has signed").wait_for()
    frame.locator("[name=visibility][value=public]").check()
    frame.locator("[name=authorized]").check()
    frame.locator("[name=organization]").fill("Ligue centrafricaine des droits de l'homme")
    frame.locator("[name=city]").fill("Bangui")
    frame.locator("[name=country]").select_option("CF")
    frame.locator("[name=person_name]").fill("Joseph Bindoumi")
    frame.locator("[name=email]").fill("joseph@lcdh.example.org")
    frame.locator("[name=consent]").check()
    frame.get_by_role("button", name="Sign the letter").click()

    frame.get_by_text("We sent a confirmation link to joseph@lcdh.example.org").wait_for()
    signature = Signature.objects.get(email="joseph@lcdh.example.org")
    assert signature.status == Signature.Status.PENDING
    page.screenshot(path="/tmp/hooks-embed-390.png", full_page=True)
