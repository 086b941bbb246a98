"""A draft goes to review; every lead and co-lead organization approves; then it is ready."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_create_from

from ..helpers.letters import formset_data, review, section_url, status


@pytest.fixture
def draft(examples, ngo, co_lead, people):
    letter = letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])
    letter.co_leads.add(co_lead)
    return letter


def test_the_letter_is_ready_once_every_organization_approved(as_, draft, ngo, co_lead):
    review(as_("editor"), draft, "submit")
    assert status(draft) == Letter.Status.IN_REVIEW

    review(as_("owner"), draft, "approve", organization=ngo.pk)
    assert status(draft) == Letter.Status.IN_REVIEW

    response = review(as_("co_editor"), draft, "approve", organization=co_lead.pk)
    assert status(draft) == Letter.Status.READY
    assert "the letter is ready" in response.content.decode()


def test_a_ready_letter_is_frozen_until_it_goes_back_to_draft(as_, draft, ngo, co_lead):
    review(as_("editor"), draft, "submit")
    review(as_("owner"), draft, "approve", organization=ngo.pk)
    review(as_("co_editor"), draft, "approve", organization=co_lead.pk)

    assert as_("editor").get(section_url(draft, "asks")).status_code == 403
    review(as_("editor"), draft, "return")
    assert status(draft) == Letter.Status.DRAFT
    assert as_("editor").get(section_url(draft, "asks")).status_code == 200


def test_editing_during_review_withdraws_the_approvals(as_, draft, ngo):
    review(as_("editor"), draft, "submit")
    review(as_("owner"), draft, "approve", organization=ngo.pk)

    as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "A changed ask."}]))

    assert not Letter.objects.get(pk=draft.pk).approvals.exists()


def test_nobody_approves_for_an_organization_they_do_not_edit_for(as_, draft, ngo, co_lead):
    review(as_("editor"), draft, "submit")

    assert review(as_("co_editor"), draft, "approve", organization=ngo.pk).status_code == 403
    assert review(as_("viewer"), draft, "approve", organization=ngo.pk).status_code == 403
    assert review(as_("outsider"), draft, "approve", organization=ngo.pk).status_code == 404
    assert review(as_("editor"), draft, "approve", organization="not-a-number").status_code == 403
    assert not Letter.objects.get(pk=draft.pk).approvals.exists()


def test_a_status_change_out_of_turn_is_explained(as_, draft):
    response = review(as_("editor"), draft, "return")

    assert "Only a letter in review or ready can go back to draft." in response.content.decode()
    assert status(draft) == Letter.Status.DRAFT


def test_sending_for_review_emails_the_owners_and_editors_of_every_organization(as_, draft, run_worker):
    response = review(as_("editor"), draft, "submit")
    mailoutbox = run_worker()

    assert "Their owners and editors were told by email." in response.content.decode()
    # The viewer is not asked to approve, and the editor who sent it knows.
    assert sorted(m.to[0] for m in mailoutbox) == ["co-editor@example.org", "owner@example.org"]
    message = mailoutbox[0]
    assert message.subject == f"For your approval: “{draft.title}”"
    assert "Global Centre for R2P, Ligue centrafricaine des droits de l'homme" in message.body
    assert draft.get_absolute_url() in message.body and draft.get_absolute_url() in message.alternatives[0][0]


def test_sending_for_review_in_french_emails_in_french(as_, draft, run_worker):
    as_("editor").post(
        reverse("letters:review", args=[draft.slug]), {"action": "submit"}, headers={"accept-language": "fr"}
    )

    (first, _second) = run_worker()

    assert first.subject.startswith("À approuver")


def test_sending_for_review_past_the_email_limit_sends_nothing_and_stays_a_draft(as_, draft, settings, run_worker):
    settings.EMAIL_RATE_PER_USER = "1/d"

    response = review(as_("editor"), draft, "submit")

    assert "Nothing was sent" in response.content.decode()
    assert status(draft) == Letter.Status.DRAFT
    assert run_worker() == []


def test_each_organizations_page_lists_the_letters_waiting_for_its_approval(as_, draft, ngo, co_lead):
    def waiting(name, organization):
        page = as_(name).get(reverse("organizations:detail", args=[organization.slug])).content.decode()
        return "Letters waiting for the approval of" in page and draft.title in page

    assert not waiting("viewer", ngo)  # a draft waits for nobody
    review(as_("editor"), draft, "submit")
    assert waiting("viewer", ngo) and waiting("co_editor", co_lead)

    review(as_("owner"), draft, "approve", organization=ngo.pk)

    assert not waiting("viewer", ngo) and waiting("co_editor", co_lead)
    assert as_("outsider").get(reverse("organizations:detail", args=[ngo.slug])).status_code == 404


def test_the_form_says_whose_approvals_a_save_withdraws_and_the_approvers_are_told(
    as_, draft, ngo, co_lead, run_worker
):
    review(as_("editor"), draft, "submit")
    before = as_("editor").get(section_url(draft, "asks")).content.decode()
    review(as_("owner"), draft, "approve", organization=ngo.pk)
    run_worker().clear()  # the review's own emails

    page = as_("editor").get(section_url(draft, "asks")).content.decode()
    as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "A changed ask."}]))
    mailoutbox = run_worker()

    assert "Saving withdraws" not in before
    assert "Saving withdraws the approvals of Global Centre for R2P: the letter then waits" in page
    assert [m.to for m in mailoutbox] == [["owner@example.org"]]
    assert "Your approval of" in mailoutbox[0].subject and "A changed ask" not in mailoutbox[0].body
    assert "changed the letter" in mailoutbox[0].body and draft.get_absolute_url() in mailoutbox[0].body


def test_the_notice_names_every_organization_that_approved(as_, draft, ngo, co_lead):
    review(as_("editor"), draft, "submit")
    review(as_("owner"), draft, "approve", organization=ngo.pk)
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.IN_REVIEW)
    draft.approvals.create(organization=co_lead, approved_by=None)

    page = as_("co_editor").get(section_url(draft, "asks")).content.decode()

    assert (
        "Saving withdraws the approvals of Global Centre for R2P and Ligue centrafricaine des droits de l&#x27;homme"
        in page
    )
