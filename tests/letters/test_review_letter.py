"""A draft goes to review; every lead and co-lead organization approves; then it is ready."""

import pytest

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
