"""In a real browser: a signer downloads what we hold about them, then erases it, from the link in the email that
confirmed the signature."""

import json

import pytest

from r2p_letters.signatures.models import Signature
from tests.signatures.conftest import open_sign_on, ready_letter  # noqa: F401 (fixtures)

from ..helpers.signing import SIGNER, link_in

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_on(transactional_db, open_sign_on):  # noqa: F811
    return open_sign_on


@pytest.mark.parametrize("width", [390, 1280])
def test_a_signer_downloads_then_erases_their_data_from_the_emailed_link(
    live_server, new_page, sign_on, run_worker, client, tmp_path, width
):
    client.post(f"/letters/{sign_on.letter.slug}/sign/", SIGNER)
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))
    manage = link_in(run_worker()[-1], "/sign/manage/")
    page = new_page(viewport={"width": width, "height": 900}, accept_downloads=True)

    page.goto(f"{live_server.url}{manage}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data (JSON)").click()
    held = json.loads(download.value.path().read_text())
    assert held["signature"]["email"] == SIGNER["email"]

    page.get_by_role("link", name="Erase my signature and data…").click()
    page.screenshot(path=tmp_path / f"erase-{width}.png", full_page=True)
    assert Signature.objects.exists()  # opening the page erased nothing
    with page.expect_navigation():
        page.get_by_role("button", name="Erase my signature and data").click()

    assert page.get_by_role("heading", name="Your data is erased").is_visible()
    assert not Signature.objects.exists()
    page.goto(f"{live_server.url}{manage}")
    assert page.get_by_role("heading", name="This link is no longer valid").is_visible()
