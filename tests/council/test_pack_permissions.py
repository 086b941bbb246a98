"""Only the letter's organizations see its delivery pack; only their editors change it."""

import pytest

from r2p_letters.council.models import Delivery, PackAddressee
from r2p_letters.letters.models import Letter
from r2p_letters.organizations.models import Membership, Role

from ..helpers.council import formset_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["pack", "pack_zip", "pack_combined", "president_pdf"])
def test_an_outsider_gets_404_on_a_drafts_pack(ministers_letter, as_, pack_url, name):
    Letter.objects.filter(pk=ministers_letter.pk).update(status=Letter.Status.DRAFT)

    assert as_("outsider").get(pack_url(ministers_letter, name)).status_code == 404


def test_an_outsider_gets_404_on_a_public_letters_pack_too(ministers_letter, as_, pack_url):
    Letter.objects.filter(pk=ministers_letter.pk).update(status=Letter.Status.PUBLISHED)

    assert as_("outsider").get(pack_url(ministers_letter)).status_code == 404
    assert as_("outsider").get(pack_url(ministers_letter, "member_pdf", country="fr")).status_code == 404
    assert as_("outsider").post(pack_url(ministers_letter), formset_data()).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(ministers_letter, as_, pack_url):
    response = as_(None).get(pack_url(ministers_letter))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_viewer_reads_the_pack_but_cannot_edit_it(ministers_letter, as_, pack_url):
    viewer = as_("viewer")
    page = viewer.get(pack_url(ministers_letter))
    assert page.status_code == 200
    assert "Minister for Foreign Affairs of Latvia" in page.content.decode()
    assert "Save the addressees" not in page.content.decode()
    assert "Record the delivery" not in page.content.decode()

    assert viewer.post(pack_url(ministers_letter), formset_data(FR={"name": "X"})).status_code == 403
    assert (
        viewer.post(
            pack_url(ministers_letter, "delivery_add"),
            {"delivered_on": "2026-03-03", "recipients": "members", "means": "email"},
        ).status_code
        == 403
    )
    assert not PackAddressee.objects.exists() and not Delivery.objects.exists()


def test_an_editor_of_a_co_lead_organization_prepares_the_pack(ministers_letter, co_lead, people, as_, pack_url):
    ministers_letter.co_leads.add(co_lead)
    client = as_(None)
    client.force_login(people["co_editor"])

    response = client.post(pack_url(ministers_letter), formset_data(FR={"name": "M. Barrot"}))

    assert response.status_code == 302
    assert PackAddressee.objects.get().name == "M. Barrot"


def test_a_member_of_another_organization_is_an_outsider(ministers_letter, co_lead, people, as_, pack_url):
    Membership.objects.create(organization=co_lead, user=people["outsider"], role=Role.OWNER)

    assert as_("outsider").get(pack_url(ministers_letter)).status_code == 404
