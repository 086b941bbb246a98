"""On a phone and on a desktop, an editor records what a member did (with the response's file) and the Council's
outcome, and reports back to the signers: every page fits the screen's width."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from r2p_letters.council.models import CouncilMember
from r2p_letters.council.services import delivery_record
from r2p_letters.signatures.models import ReportBack, Signature
from tests.council.conftest import ministers_letter  # noqa: F401 (fixtures)
from tests.signatures.conftest import open_sign_on, ready_letter  # noqa: F401 (fixtures)

from ..helpers.signing import sign

pytestmark = pytest.mark.browser


@pytest.fixture
def letter(transactional_db, ministers_letter):  # noqa: F811
    """The letter, with the Council's members and presidencies as migration 0002 ships them: a test run outside a
    transaction before this one may have emptied the tables."""
    if not CouncilMember.objects.exists():
        importlib.import_module("r2p_letters.council.migrations.0002_load_membership_and_presidencies").load(
            django_apps, None
        )
    return ministers_letter


@pytest.fixture
def sign_on(transactional_db, open_sign_on):  # noqa: F811
    return open_sign_on


SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def log_in_as_editor(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("editor@example.org")
    page.get_by_label("Password").fill("pw-12345!x")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_an_editor_logs_a_response_and_the_outcome_on_any_screen(live_server, new_page, letter, people, tmp_path, size):
    delivery_record(
        letter=letter,
        user=people["editor"],
        delivered_on=datetime.date(2026, 3, 3),
        recipients="members",
        country="",
        means="hand",
    )
    answer = tmp_path / "Réponse.pdf"
    answer.write_bytes(b"%PDF-1.7\n%%EOF\n")
    page = new_page(viewport=SIZES[size])
    log_in_as_editor(page, live_server)
    page.goto(f"{live_server.url}/letters/{letter.slug}/delivery/outcome/?month=2026-03&audience=ministers")

    page.get_by_label("Member state").select_option("FR")
    page.get_by_label("What happened").select_option("response")
    page.get_by_label("Note").fill("France shares the concern.")
    page.get_by_label("The response's file").set_input_files(answer)
    with page.expect_navigation():
        page.get_by_role("button", name="Record", exact=True).click()

    france = page.locator("#member-fr")
    assert "France shares the concern." in france.inner_text()
    with page.expect_download() as download:
        france.get_by_role("link", name="download Réponse.pdf").click()
    assert download.value.suggested_filename == "Réponse.pdf"

    page.get_by_label("Resolution").fill("resolution 2810 (2026)")
    page.get_by_label("Adopted on").fill("2026-03-20")
    page.get_by_label("In favour").fill("13")
    page.get_by_label("Abstentions").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the outcome").click()
    assert page.get_by_text(
        "The Council adopted S/RES/2810 (2026) on 20 March 2026 (13 in favour, 0 against, 2 abstentions)"
    ).is_visible()
    page.screenshot(path=tmp_path / f"outcome-{size}.png", full_page=True)
    assert fits(page)


@pytest.mark.parametrize("size", SIZES)
def test_an_editor_previews_and_sends_the_report_back_on_any_screen(live_server, new_page, sign_on, tmp_path, size):
    signature = sign(sign_on, "Darfur Bar Association", email="dba@example.org")
    Signature.objects.filter(pk=signature.pk).update(may_contact=True)
    page = new_page(viewport=SIZES[size])
    log_in_as_editor(page, live_server)
    page.goto(f"{live_server.url}/letters/{sign_on.letter.slug}/sign-on/report-back/")

    page.get_by_label("What happened").fill("Delivered on 3 March; the Council " + "renewed the mandate " * 20)
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert page.get_by_text("Preview: this goes to 1 signer").is_visible()
    assert fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send to 1 signer").click()

    assert page.get_by_text("The report is on its way to 1 signer.").is_visible()
    page.screenshot(path=tmp_path / f"report-{size}.png", full_page=True)
    assert fits(page)
    assert ReportBack.objects.get().recipients == 1
