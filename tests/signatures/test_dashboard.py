"""The organizers follow the signatures of their letter on one page: counts, filters, search."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import sign_on_update, signature_reject, signature_withdraw

from ..helpers.signing import change_the_text, many, sign, url


def test_it_shows_the_owner_and_an_editor_the_signatures(as_, open_sign_on):
    sign(open_sign_on, "Asia Pacific Centre", city="Brisbane", country="AU", email="director@apc.example.org")

    for who in ("owner", "editor"):
        page = as_(who).get(url("dashboard", open_sign_on))

        assert page.status_code == 200
        assert "Asia Pacific Centre (Brisbane, Australia)" in page.text
        assert "director@apc.example.org" in page.text
        assert "Joseph Bindoumi" in page.text


def test_it_shows_an_editor_of_a_co_lead_organization_the_signatures(as_, open_sign_on, co_lead):
    open_sign_on.letter.co_leads.add(co_lead)
    client = as_(None)
    client.force_login(co_lead.memberships.get().user)

    assert client.get(url("dashboard", open_sign_on)).status_code == 200


def test_it_refuses_a_viewer(as_, open_sign_on):
    assert as_("viewer").get(url("dashboard", open_sign_on)).status_code == 403


def test_it_does_not_reveal_itself_to_an_outsider(as_, open_sign_on):
    assert as_("outsider").get(url("dashboard", open_sign_on)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_log_in(as_, open_sign_on):
    response = as_(None).get(url("dashboard", open_sign_on))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_is_not_found_for_a_letter_that_never_opened(as_, ready_letter):
    assert as_("owner").get(reverse("signatures:dashboard", args=[ready_letter.slug])).status_code == 404


def test_it_counts_the_signatures_by_version_and_status(as_, open_sign_on, people):
    sign(open_sign_on, "Confirmed One")
    sign(open_sign_on, "Pending One", confirm=False)
    signature_reject(signature=sign(open_sign_on, "Rejected One"))
    signature_withdraw(signature=sign(open_sign_on, "Withdrawn One"))
    change_the_text(open_sign_on.letter, people["owner"])
    sign(open_sign_on, "Confirmed Two")

    page = as_("owner").get(url("dashboard", open_sign_on))

    counts = page.context["counts"]
    assert [(row.number, row.by_status) for row in counts.signed_texts] == [
        (1, {"pending": 1, "confirmed": 1, "rejected": 1, "withdrawn": 1, "merged": 0}),
        (2, {"pending": 0, "confirmed": 1, "rejected": 0, "withdrawn": 0, "merged": 0}),
    ]
    assert page.context["sign_on"].shown_count == 2
    assert '<strong class="fs-4">2</strong> signatures show on the letter.' in page.text


def test_it_tells_a_signature_of_an_earlier_version_apart(as_, open_sign_on, people):
    sign(open_sign_on, "Early Signers")
    change_the_text(open_sign_on.letter, people["owner"])

    page = as_("owner").get(url("dashboard", open_sign_on))

    assert "signed version 1" in page.text


def test_it_counts_the_signatures_awaiting_approval_when_moderated(as_, open_sign_on):
    sign_on_update(sign_on=open_sign_on, moderated=True)
    sign(open_sign_on, "Waiting One")
    sign(open_sign_on, "Waiting Two")

    page = as_("owner").get(url("dashboard", open_sign_on))

    assert page.context["counts"].awaiting == 2
    assert "2 await approval" in page.text
    assert page.text.count(">Approve<") == 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"status": "pending"}, ["Pending Partners"]),
        ({"status": "confirmed"}, ["Amnesty Bangui", "Lead Partners", "Late Partners"]),
        ({"version": "2"}, ["Lead Partners"]),
        ({"awaiting": "on"}, ["Amnesty Bangui"]),
        ({"late": "on"}, ["Late Partners"]),
        ({"q": "amnesty"}, ["Amnesty Bangui"]),
        ({"q": "KINSHASA"}, ["Pending Partners"]),
        ({"q": "ngozi"}, ["Lead Partners"]),
        ({"q": "@late.example"}, ["Late Partners"]),
        ({"q": "partners lead"}, ["Lead Partners"]),
    ],
)
def test_it_filters_and_searches_the_list(as_, open_sign_on, people, query, expected):
    sign(open_sign_on, "Amnesty Bangui")
    sign(open_sign_on, "Pending Partners", city="Kinshasa", country="CD", confirm=False)
    late = sign(open_sign_on, "Late Partners", email="desk@late.example.org")
    Signature.objects.filter(pk=late.pk).update(is_late=True, approved_at=timezone.now())
    change_the_text(open_sign_on.letter, people["owner"])
    lead = sign(open_sign_on, "Lead Partners", person_name="Ngozi Okafor")
    Signature.objects.filter(pk=lead.pk).update(approved_at=timezone.now())
    Signature.objects.filter(organization="Amnesty Bangui").update(approved_at=None)

    page = as_("owner").get(url("dashboard", open_sign_on), query)

    assert sorted(s.organization for s in page.context["rows"]) == sorted(expected)


def test_it_ignores_a_tampered_filter_and_keeps_the_others(as_, open_sign_on):
    sign(open_sign_on, "Amnesty Bangui")
    sign(open_sign_on, "Pending Partners", confirm=False)

    page = as_("owner").get(
        url("dashboard", open_sign_on), {"status": "deleted", "version": "99'; --", "q": "amnesty", "page": "-3"}
    )

    assert page.status_code == 200
    assert [s.organization for s in page.context["rows"]] == ["Amnesty Bangui"]
    assert "Some filters were not understood" in page.text


def test_it_lists_twenty_signatures_a_page(as_, open_sign_on):
    many(open_sign_on, 50)

    first = as_("owner").get(url("dashboard", open_sign_on))
    last = as_("owner").get(url("dashboard", open_sign_on), {"page": 3})

    assert len(first.context["rows"]) == 20
    assert len(last.context["rows"]) == 10
    assert "Page 3 of 3" in last.text


def test_its_tables_scroll_in_regions_a_keyboard_can_reach(as_, open_sign_on):
    many(open_sign_on, 3)

    page = as_("owner").get(url("dashboard", open_sign_on)).text

    regions = re.findall(r'<div class="table-responsive"([^>]*)>\s*<table', page)
    assert len(regions) == 2
    for attributes in regions:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        assert re.search(r'aria-label="[^"]+"', attributes)


def test_the_dashboard_costs_the_same_queries_with_10_or_200_signatures(as_, open_sign_on, people):
    sign_on_update(sign_on=open_sign_on, moderated=True)
    change_the_text(open_sign_on.letter, people["owner"])
    client = as_("owner")
    pages = [
        url("dashboard", open_sign_on),
        url("dashboard", open_sign_on) + "?q=organization&late=on",
        url("dashboard", open_sign_on) + "?status=confirmed&version=1&page=2",
    ]
    many(open_sign_on, 10)
    small = [queries_for(client, page) for page in pages]

    many(open_sign_on, 190)
    large = [queries_for(client, page) for page in pages]

    assert small == large
    assert max(large) <= 15  # with the personal-data and report-back cards, and whether the reader is of the lead


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_letter_page_links_organizers_to_the_dashboard_and_no_one_else(as_, open_sign_on):
    letter_url = open_sign_on.letter.get_absolute_url()
    dashboard = url("dashboard", open_sign_on)

    for who in ("owner", "editor"):
        page = as_(who).get(letter_url).text
        assert dashboard in page
        assert url("invitations", open_sign_on) in page
        assert url("signed_texts", open_sign_on) in page
    for who in ("viewer", "outsider", None):
        assert dashboard not in as_(who).get(letter_url).text


def test_a_closed_letter_keeps_its_dashboard(as_, open_sign_on):
    Letter.objects.filter(pk=open_sign_on.letter_id).update(status=Letter.Status.CLOSED)
    open_sign_on.closed_at = timezone.now()
    open_sign_on.save(update_fields=["closed_at"])

    page = as_("owner").get(url("dashboard", open_sign_on))

    assert page.status_code == 200
    assert "Add a late signature" in page.text
