"""In a real browser: a template that tries to send the reader elsewhere, or a letter's text out in the URLs
it requests, gets nowhere, whether its document is opened in the letter page's frame or on its own."""

import pytest

from r2p_letters.letters.models import LetterTemplate
from r2p_letters.letters.services import letter_templates_sync_builtin

from ..factories import LetterFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def hostile_letter(live_server, transactional_db, listener):
    outside, _requests = listener
    letter_templates_sync_builtin()
    template = LetterTemplate.objects.create(
        name="Hostile",
        slug="hostile",
        html=f"""<!DOCTYPE html>
        <html><head><meta http-equiv="refresh" content="0; url={outside}/refreshed">
        <link rel="stylesheet" href="/letters/?css={{{{ letter.title|urlencode }}}}"></head>
        <body><h1>{{{{ letter.title }}}}</h1>
        <img alt="" src="/letters/?img={{{{ letter.title|urlencode }}}}">
        <img alt="" src="{outside}/img?{{{{ letter.title|urlencode }}}}">
        <img alt="mark" src="/static/img/mark.png"></body></html>""",
    )
    return LetterFactory(template=template, title="MYANMAR")


@pytest.mark.parametrize("where", ["on its own", "in the letter page"])
def test_a_hostile_document_requests_nothing_and_stays_where_it_is(page, live_server, listener, hostile_letter, where):
    _outside, outside_requests = listener
    answered = []  # requests that reached a server (those the CSP blocks fail before they leave the browser)
    page.on("response", lambda response: answered.append(response.url))
    path = f"/letters/{hostile_letter.slug}/" + ("document/" if where == "on its own" else "")

    page.goto(live_server.url + path)
    page.wait_for_timeout(1500)  # a refresh after 0 s, and the images, had their time

    assert page.url == live_server.url + path
    assert outside_requests == []
    assert not [url for url in answered if "MYANMAR" in url or "refreshed" in url]
    assert [url for url in answered if url.endswith("/static/img/mark.png")]  # our static files still load
