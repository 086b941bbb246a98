"""A signer chooses whether the letter's co-leading organizations may see who signed: unticked, their organizers
see that someone signed, never who, in the dashboard, its search, its messages and the export; the lead
organization's organizers always see everyone."""

import pytest

from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER, sign, url

pytestmark = pytest.mark.django_db

QUIET = "Réseau des défenseurs du Darfour"
OPEN = "Darfur Bar Association"


@pytest.fixture
def co_led(open_sign_on, co_lead):
    open_sign_on.letter.co_leads.add(co_lead)
    sign(open_sign_on, QUIET, person_name="Mariam Quiet", email="mariam@quiet.example.org")
    sign(open_sign_on, OPEN, person_name="Amna Open", email="amna@open.example.org", share_with_co_leads=True)
    return open_sign_on


def test_the_sign_form_asks_only_when_the_letter_has_co_leads_and_names_them(as_, open_sign_on, co_lead):
    assert 'name="share_with_co_leads"' not in as_(None).get(url("sign", open_sign_on)).content.decode()

    open_sign_on.letter.co_leads.add(co_lead)
    page = as_(None).get(url("sign", open_sign_on)).content.decode()
    assert 'name="share_with_co_leads"' in page and "Ligue centrafricaine des droits de l&#x27;homme" in page
    assert 'name="share_with_co_leads" checked' not in page


def test_the_choice_is_kept_with_the_signature(as_, open_sign_on, co_lead):
    open_sign_on.letter.co_leads.add(co_lead)
    as_(None).post(url("sign", open_sign_on), {**SIGNER, "share_with_co_leads": "on"})
    signature = Signature.objects.get(email="joseph@lcdh.example.org")
    assert signature.share_with_co_leads is True and signature.choices["share_with_co_leads"] is True


def test_a_co_lead_s_organizer_sees_that_someone_signed_but_not_who(as_, co_led):
    page = as_("co_editor").get(url("dashboard", co_led)).content.decode()
    assert OPEN in page and "amna@open.example.org" in page
    assert QUIET not in page and "Mariam Quiet" not in page and "mariam@quiet.example.org" not in page
    assert "Not shared with the co-leading organizations" in page


def test_the_lead_organization_s_organizers_see_everyone(as_, co_led):
    page = as_("owner").get(url("dashboard", co_led)).content.decode()
    assert QUIET in page and "mariam@quiet.example.org" in page and OPEN in page


def test_a_co_lead_s_search_does_not_tell_who_signed(as_, co_led):
    page = as_("co_editor").get(url("dashboard", co_led), {"q": "Mariam"}).content.decode()
    assert "Not shared with the co-leading organizations" not in page and QUIET not in page


def test_a_co_lead_s_export_leaves_out_who_signed_without_sharing(as_, co_led):
    export = b"".join(as_("co_editor").get(url("export", co_led), {"contacts": "1"}).streaming_content).decode()
    assert "amna@open.example.org" in export and "Not shared with the co-leading organizations" in export
    assert QUIET not in export and "mariam@quiet.example.org" not in export and "Mariam Quiet" not in export
    lead_export = b"".join(as_("owner").get(url("export", co_led), {"contacts": "1"}).streaming_content).decode()
    assert "mariam@quiet.example.org" in lead_export


def test_a_co_lead_s_action_names_the_signature_by_its_number_and_cannot_reword_it(as_, co_led):
    quiet = Signature.objects.get(organization=QUIET)
    client = as_("co_editor")
    page = client.post(url("signature", co_led, quiet.pk), {"action": "lead"}, follow=True).content.decode()
    assert f"signature {quiet.pk}" in page and QUIET not in page
    client.post(url("signature", co_led, quiet.pk), {"action": "display", "display_name": "Renamed"}, follow=True)
    quiet.refresh_from_db()
    assert quiet.display_name == ""
