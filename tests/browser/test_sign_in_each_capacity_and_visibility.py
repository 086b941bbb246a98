"""In a real browser: partners sign in each capacity and at each level of visibility, on a phone and on a desktop;
the public page, the public PDF, the exports and the delivery pack name each only where its signer allowed."""

import importlib
import io
import json

import docx
import pytest
from django.apps import apps
from django.urls import reverse

from r2p_letters.signatures.services import sign_on_update
from tests.signatures.conftest import open_sign_on, ready_letter  # noqa: F401 (fixtures)

from ..helpers.pdf import pdf_text
from ..helpers.signing import link_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# (capacity, organization, name, email, who may see the name, screen)
FOR_ORGANIZATION, PERSONAL = "On behalf of an organization", "In a personal capacity"
SIGNERS = [
    (FOR_ORGANIZATION, "Darfur Bar Association", "Amna Ahmed", "amna@dba.example.org", "Everyone", PHONE),
    (FOR_ORGANIZATION, "Sudan Doctors Network", "Khalid Omar", "khalid@sdn.example.org", "Only the Security", DESKTOP),
    (PERSONAL, "Women of El Fasher", "Huda Salih", "huda@example.org", "No one", PHONE),
    (PERSONAL, "University of Khartoum", "Yousif Ali", "yousif@example.org", "Everyone", DESKTOP),
]


def flat(text: str) -> str:
    return " ".join(text.split())


def sign_in_the_browser(page, base, sign_on, run_worker, capacity, organization, name, email, visibility):
    page.goto(f"{base}/s/{sign_on.short_code}/")
    page.get_by_role("radio", name=capacity).check()
    page.get_by_role("radio", name=visibility).check()
    page.get_by_role("textbox", name="Organization").fill(organization)
    if capacity == FOR_ORGANIZATION:
        page.get_by_role("checkbox", name="I am authorized to sign for this organization").check()
        page.get_by_role("radio", name="My name and title, with my organization").check()
    else:  # the boxes for organizations only are hidden
        assert not page.get_by_role("checkbox", name="I am authorized to sign for this organization").is_visible()
    page.get_by_role("textbox", name="City").fill("El Fasher")
    page.get_by_role("combobox", name="Country").select_option("SD")
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Your title").fill("Coordinator")
    page.get_by_role("textbox", name="Your email").first.fill(email)
    page.get_by_role("checkbox", name="I agree").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign the letter").click()
    assert page.get_by_role("heading", name="One more step: confirm by email").is_visible()
    page.goto(base + link_in(run_worker()[-1], "/sign/confirm/"))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my signature").click()


@pytest.fixture
def council_and_notices(transactional_db):
    """The Council's members and the first signing notice: a live-server test empties the tables migrations filled."""
    from r2p_letters.council.models import CouncilMember
    from r2p_letters.signatures.models import SigningNotice

    if not CouncilMember.objects.exists():
        importlib.import_module("r2p_letters.council.migrations.0002_load_membership_and_presidencies").load(apps, None)
    if not SigningNotice.objects.exists():
        notices = importlib.import_module("r2p_letters.signatures.migrations.0008_visibility_of_earlier_signatures")
        for language, text in notices.NOTICE_V1.items():
            SigningNotice.objects.create(version=1, language=language, text=text)


def test_each_capacity_and_level_shows_only_where_its_signer_allowed(
    live_server,
    new_page,
    council_and_notices,
    open_sign_on,  # noqa: F811
    run_worker,
    people,
):
    sign_on_update(sign_on=open_sign_on, signers="both")
    base, slug = live_server.url, open_sign_on.letter.slug
    for capacity, organization, name, email, visibility, screen in SIGNERS:
        page = new_page(**screen)
        sign_in_the_browser(page, base, open_sign_on, run_worker, capacity, organization, name, email, visibility)

    reader = new_page(**PHONE)
    reader.goto(f"{base}/letters/{slug}/")
    assert reader.locator(".signature-count strong").inner_text() == "4"
    letter = flat(reader.frame_locator("iframe.letter-frame").locator("body").inner_text())
    assert "Amna Ahmed, Coordinator, Darfur Bar Association (El Fasher, Sudan)" in letter
    identified = "Yousif Ali, Coordinator, University of Khartoum (El Fasher, Sudan), organization for identification"
    assert identified in letter
    for hidden in ("Sudan Doctors Network", "Khalid Omar", "Women of El Fasher", "Huda Salih"):
        assert hidden not in letter
    assert "and 1 signatory named only in the copy delivered to the Security Council" in letter
    assert "and 1 signatory who cannot be named for their safety" in letter

    public_pdf = flat(pdf_text(reader.request.get(f"{base}/letters/{slug}/pdf/").body()))
    text = flat(reader.request.get(f"{base}/letters/{slug}/export/text/").text())
    data = json.loads(reader.request.get(f"{base}/letters/{slug}/export/json/").text())
    document = docx.Document(io.BytesIO(reader.request.get(f"{base}/letters/{slug}/export/docx/").body()))
    word = flat(" ".join(p.text for p in document.paragraphs))
    for public in (public_pdf, text, word, json.dumps(data, ensure_ascii=False)):
        assert "Darfur Bar Association" in public and "University of Khartoum" in public
        for hidden in ("Sudan Doctors Network", "Khalid Omar", "Women of El Fasher", "Huda Salih"):
            assert hidden not in public
    assert data["letter"]["unnamed_signatories"] == 2

    organizer = new_page(**DESKTOP)
    organizer.goto(base + reverse("accounts:login"))
    organizer.get_by_label("Email address").fill(people["owner"].email)
    organizer.get_by_label("Password").fill("pw-12345!x")
    with organizer.expect_navigation():
        organizer.get_by_role("button", name="Log in").click()
    organizer.goto(f"{base}/letters/{slug}/sign-on/")
    dashboard = organizer.locator("main").inner_text()
    assert "Women of El Fasher" in dashboard and "counted only, never named" in dashboard
    assert "named only in the Council's copy" in dashboard
    pack = organizer.request.get(f"{base}/letters/{slug}/delivery/fr.pdf?month=2026-03&audience=ministers")
    assert pack.status == 200
    copy = flat(pdf_text(pack.body()))
    assert "Sudan Doctors Network" in copy and "Khalid Omar" in copy and "Darfur Bar Association" in copy
    assert "Women of El Fasher" not in copy and "Huda Salih" not in copy
    assert "and 1 signatory who cannot be named for their safety" in copy
    csv_text = organizer.request.get(f"{base}/letters/{slug}/sign-on/export/?format=csv").text()
    assert "Women of El Fasher" in csv_text and "Counted only: never named" in csv_text
