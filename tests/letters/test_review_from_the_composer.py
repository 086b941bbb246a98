"""From the composer (htmx), the review panel's buttons answer with the panel itself: the letter's new status, and its
editors closed once it is ready; a ready letter taken back to draft reloads the composer to open them again."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_create_from

from ..helpers.letters import status

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(examples, ngo, people):
    return letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])


def act(client, letter, action, **extra):
    return client.post(reverse("letters:review", args=[letter.slug]), {"action": action, **extra}, **HTMX)


def test_sending_for_review_answers_with_the_panel_and_the_new_status(as_, draft):
    response = act(as_("editor"), draft, "submit")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="review-panel"' in html
    assert "The letter is in review" in html
    assert '<span id="letter-status" hx-swap-oob="true">' in html
    assert "badge-status-in_review" in html
    assert 'id="composer-editors"' not in html  # still editable in review
    assert status(draft) == Letter.Status.IN_REVIEW


def test_the_last_approval_closes_the_editors_of_the_ready_letter(as_, draft, ngo):
    act(as_("editor"), draft, "submit")
    html = act(as_("owner"), draft, "approve", organization=ngo.pk).content.decode()

    assert "Every organization approved: the letter is ready." in html
    assert '<div id="composer-editors" hx-swap-oob="true">' in html
    assert "its text is frozen as approved" in html
    assert status(draft) == Letter.Status.READY


def test_a_ready_letter_back_to_draft_reloads_the_composer(as_, draft, ngo):
    act(as_("editor"), draft, "submit")
    act(as_("owner"), draft, "approve", organization=ngo.pk)

    response = act(as_("editor"), draft, "return")

    assert response["HX-Refresh"] == "true"
    assert status(draft) == Letter.Status.DRAFT


def test_what_the_panel_says_is_not_said_again_on_the_next_page(as_, draft):
    client = as_("editor")
    act(client, draft, "submit")

    page = client.get(reverse("letters:compose", args=[draft.slug])).content.decode()
    assert "The letter is in review: each lead" not in page


def test_the_panels_buttons_refuse_whoever_may_not_use_them(as_, draft, ngo):
    act(as_("editor"), draft, "submit")

    assert act(as_("viewer"), draft, "approve", organization=ngo.pk).status_code == 403
    assert act(as_("outsider"), draft, "approve", organization=ngo.pk).status_code == 404
    html = act(as_("editor"), draft, "dance").content.decode()
    assert "Unknown action." in html
    assert not Letter.objects.get(pk=draft.pk).approvals.exists()
