"""Editors record, member by member, what came of the letter (acknowledged, a meeting, a response as a note or a
file) and the Council's outcome, linked to the calendar; only the letter's organizations see it."""

import datetime
import io
import pathlib
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from r2p_letters.council.models import CouncilOutcome, Decision, MemberLogEntry
from r2p_letters.council.services import delivery_record
from r2p_letters.letters.models import Letter
from r2p_letters.organizations.services import organization_create

from ..helpers.images import png_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def decision(db):
    return Decision.objects.create(
        kind=Decision.Kind.MANDATE,
        name="MINUSTEST",
        decides_on=timezone.localdate() + datetime.timedelta(days=20),
        resolution="S/RES/2800 (2025)",
        source="https://press.un.org/en/test",
        checked_on=timezone.localdate(),
    )


def entry(client, pack_url, letter, **data):
    fields = {"country": "FR", "kind": "acknowledged", "happened_on": "2026-03-05", "note": "", **data}
    return client.post(pack_url(letter, "log_entry_add"), fields)


def test_each_member_has_its_own_entries_beside_the_delivery_that_reached_it(ministers_letter, as_, pack_url, people):
    delivery_record(
        letter=ministers_letter,
        user=people["editor"],
        delivered_on=datetime.date(2026, 3, 3),
        recipients="member",
        country="FR",
        means="portal",
    )
    editor = as_("editor")

    assert entry(editor, pack_url, ministers_letter, country="FR").status_code == 302
    assert (
        entry(editor, pack_url, ministers_letter, country="FR", kind="meeting", note="With the deputy").status_code
        == 302
    )
    assert (
        entry(
            editor, pack_url, ministers_letter, country="LV", kind="response", note="We share your concern."
        ).status_code
        == 302
    )

    page = as_("viewer").get(pack_url(ministers_letter, "outcome")).content.decode()
    france = page.split('id="member-fr"')[1].split("</li>\n    \n")[0]
    latvia = page.split('id="member-lv"')[1].split('id="member-')[0]
    china = page.split('id="member-cn"')[1].split('id="member-')[0]
    assert "3 March 2026: to France, by the mission&#x27;s online portal" in france
    assert "5 March 2026: acknowledged receipt" in france and "meeting held" in france and "With the deputy" in france
    assert "We share your concern." in latvia and "not sent" in latvia
    assert "not sent" in china and "acknowledged" not in china
    assert {(e.country.code, e.kind) for e in MemberLogEntry.objects.all()} == {
        ("FR", "acknowledged"),
        ("FR", "meeting"),
        ("LV", "response"),
    }


def test_a_delivery_to_the_15_members_counts_as_sent_to_each(ministers_letter, as_, pack_url, people):
    delivery_record(
        letter=ministers_letter,
        user=people["editor"],
        delivered_on=datetime.date(2026, 3, 3),
        recipients="members",
        country="",
        means="email",
    )

    page = as_("viewer").get(pack_url(ministers_letter, "outcome")).content.decode()

    assert page.count(">sent</span>") == 15 and "not sent" not in page


def test_a_response_file_is_kept_and_served_only_as_an_attachment_to_the_letters_organizations(
    ministers_letter, as_, pack_url
):
    upload = SimpleUploadedFile("../../Réponse de la France.pdf", PDF, content_type="text/html")

    response = entry(as_("editor"), pack_url, ministers_letter, kind="response", file=upload)

    assert response.status_code == 302
    saved = MemberLogEntry.objects.get()
    assert saved.file_type == "application/pdf" and saved.file_name == "Réponse de la France.pdf"
    assert "Réponse" not in saved.file.name and saved.file.name.endswith(".pdf")
    url = reverse("council:response_file", args=[ministers_letter.slug, saved.pk])
    download = as_("viewer").get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "R%C3%A9ponse%20de%20la%20France.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_a_word_document_and_a_png_are_accepted_as_responses(ministers_letter, as_, pack_url):
    editor = as_("editor")
    for name, content in [("answer.docx", docx_bytes()), ("scan.png", png_bytes())]:
        upload = SimpleUploadedFile(name, content)
        assert entry(editor, pack_url, ministers_letter, kind="response", file=upload).status_code == 302

    assert sorted(MemberLogEntry.objects.values_list("file_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    ]


def test_a_file_too_large_is_refused_and_the_note_typed_is_kept(ministers_letter, as_, pack_url, settings):
    settings.COUNCIL_RESPONSE_MAX_BYTES = 10_240
    upload = SimpleUploadedFile("answer.pdf", PDF + b"0" * 20_000)

    response = entry(
        as_("editor"), pack_url, ministers_letter, kind="response", note="Their answer, in short", file=upload
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The file is 19 KB; the limit is 10 KB." in page
    assert "Their answer, in short" in page
    assert not MemberLogEntry.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("answer.pdf", b"<html><script>alert(1)</script></html>\x00"),  # named .pdf, is not
        ("answer.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("answer.docx", b"PK\x03\x04not really a zip"),
        ("empty.pdf", b""),
    ],
)
def test_a_file_that_is_not_an_accepted_kind_is_refused(ministers_letter, as_, pack_url, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = entry(as_("editor"), pack_url, ministers_letter, kind="response", note="kept", file=upload)

    assert response.status_code == 400
    assert "kept" in response.content.decode()
    assert not MemberLogEntry.objects.exists()


def test_a_response_needs_a_note_or_a_file_and_dates_cannot_be_in_the_future(ministers_letter, as_, pack_url):
    editor = as_("editor")
    empty = entry(editor, pack_url, ministers_letter, kind="response")
    future = entry(editor, pack_url, ministers_letter, happened_on="2999-01-01", note="Typed before")
    off = entry(editor, pack_url, ministers_letter, country="DE")

    assert (empty.status_code, future.status_code, off.status_code) == (400, 400, 400)
    assert "Write what the response said, or upload it." in empty.content.decode()
    assert "This date is in the future" in future.content.decode() and "Typed before" in future.content.decode()
    assert not MemberLogEntry.objects.exists()


def outcome(client, pack_url, letter, **data):
    if not letter.deliveries.exists():
        delivery_record(
            letter=letter,
            user=None,
            delivered_on=datetime.date(2026, 3, 3),
            recipients="members",
            country="",
            means="hand",
        )
    fields = {
        "decision": "",
        "symbol": "S/RES/2810(2026)",
        "adopted_on": "2026-03-20",
        "votes_for": "13",
        "votes_against": "0",
        "votes_abstaining": "2",
        "summary": "",
        **data,
    }
    return client.post(pack_url(letter, "outcome_save"), fields)


def test_the_outcome_is_linked_to_the_calendar_and_shown_on_the_letter_page(ministers_letter, as_, pack_url, decision):
    Letter.objects.filter(pk=ministers_letter.pk).update(status=Letter.Status.PUBLISHED)

    response = outcome(as_("editor"), pack_url, ministers_letter, decision=str(decision.pk), summary="Renewed.")

    assert response.status_code == 302
    saved = CouncilOutcome.objects.get()
    assert (saved.symbol, saved.decision, saved.votes_for) == ("S/RES/2810 (2026)", decision, 13)
    line = "The Council adopted S/RES/2810 (2026) on 20 March 2026 (13 in favour, 0 against, 2 abstentions)"
    assert line in as_(None).get(ministers_letter.get_absolute_url()).content.decode()
    calendar = as_(None).get(reverse("calendar:page")).content.decode()
    assert line in calendar.split("MINUSTEST")[1]
    page = as_("viewer").get(pack_url(ministers_letter, "outcome")).content.decode()
    assert "In the calendar: Ahead of the renewal of MINUSTEST" in page and "Renewed." in page


def test_the_outcome_of_a_draft_is_not_on_the_calendar_for_the_public(ministers_letter, as_, pack_url, decision):
    Letter.objects.filter(pk=ministers_letter.pk).update(status=Letter.Status.DRAFT)

    outcome(as_("editor"), pack_url, ministers_letter, decision=str(decision.pk))

    assert "S/RES/2810 (2026)" not in as_(None).get(reverse("calendar:page")).content.decode()
    assert "S/RES/2810 (2026)" in as_("viewer").get(reverse("calendar:page")).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"symbol": "S/2026/123"}, "Write the resolution&#x27;s symbol with its year"),
        ({"symbol": "S/RES/2810"}, "Write the resolution&#x27;s symbol with its year"),
        ({"symbol": "S/RES/2810 (2025)"}, "The year in the symbol is not the year it was adopted."),
        ({"votes_for": "8", "votes_abstaining": "7"}, "A resolution is adopted by at least 9 votes in favour."),
        ({"votes_for": "12", "votes_against": "3", "votes_abstaining": "2"}, "17 votes is too many"),
        ({"votes_for": "nine"}, "Enter a whole number."),
        ({"adopted_on": "2999-01-01", "symbol": "S/RES/2810 (2999)"}, "This date is in the future"),
    ],
)
def test_an_outcome_that_cannot_be_is_refused_with_the_text_kept(ministers_letter, as_, pack_url, data, message):
    response = outcome(as_("editor"), pack_url, ministers_letter, summary="What I typed", **data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "What I typed" in page
    assert not CouncilOutcome.objects.exists()


def test_an_outcome_waits_for_the_delivery_to_be_recorded(ministers_letter, as_, pack_url):
    response = as_("editor").post(
        pack_url(ministers_letter, "outcome_save"),
        {
            "symbol": "S/RES/2810 (2026)",
            "adopted_on": "2026-03-20",
            "votes_for": "15",
            "votes_against": "0",
            "votes_abstaining": "0",
            "summary": "Kept",
        },
    )

    assert response.status_code == 400
    assert "Record the letter&#x27;s delivery first" in response.text and "Kept" in response.text
    assert not CouncilOutcome.objects.exists()


def test_a_second_save_corrects_the_outcome_rather_than_adding_one(ministers_letter, as_, pack_url):
    editor = as_("editor")
    outcome(editor, pack_url, ministers_letter)
    outcome(editor, pack_url, ministers_letter, votes_for="15", votes_abstaining="0")

    saved = CouncilOutcome.objects.get()
    assert saved.vote_line() == "adopted unanimously"


@pytest.fixture
def stranger(django_user_model):
    """An editor of another organization."""
    user = django_user_model.objects.create_user(email="stranger@example.org", password="pw-12345!x")
    organization_create(user=user, name="Another NGO", city="Geneva", country="CH")
    return user


def test_strangers_are_refused_on_every_page_of_what_came_of_it(ministers_letter, as_, pack_url, stranger, client):
    Letter.objects.filter(pk=ministers_letter.pk).update(status=Letter.Status.PUBLISHED)
    upload = SimpleUploadedFile("answer.pdf", PDF)
    entry(as_("editor"), pack_url, ministers_letter, kind="response", file=upload)
    saved = MemberLogEntry.objects.get()
    client.force_login(stranger)
    anonymous = as_(None)
    urls = {
        "page": ("get", pack_url(ministers_letter, "outcome")),
        "file": ("get", reverse("council:response_file", args=[ministers_letter.slug, saved.pk])),
        "add": ("post", pack_url(ministers_letter, "log_entry_add")),
        "delete": ("post", reverse("council:log_entry_delete", args=[ministers_letter.slug, saved.pk])),
        "outcome": ("post", pack_url(ministers_letter, "outcome_save")),
    }
    for name, (method, url) in urls.items():
        assert (
            getattr(client, method)(
                url, {"country": "FR", "kind": "acknowledged"} if method == "post" else None
            ).status_code
            == 404
        ), name
        answer = getattr(anonymous, method)(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], name
    for method, url in [urls["add"], urls["delete"], urls["outcome"]]:
        assert getattr(as_("viewer"), method)(url).status_code == 403
    assert MemberLogEntry.objects.count() == 1 and not CouncilOutcome.objects.exists()


def test_an_entry_is_removed_with_its_file(ministers_letter, as_, pack_url, django_capture_on_commit_callbacks):
    entry(as_("editor"), pack_url, ministers_letter, kind="response", file=SimpleUploadedFile("a.pdf", PDF))
    saved = MemberLogEntry.objects.get()
    path = pathlib.Path(saved.file.path)
    assert path.read_bytes() == PDF

    with django_capture_on_commit_callbacks(execute=True):
        response = as_("editor").post(reverse("council:log_entry_delete", args=[ministers_letter.slug, saved.pk]))

    assert response.status_code == 302
    assert not MemberLogEntry.objects.exists() and not path.exists()


def test_the_page_and_the_outcome_read_in_french(ministers_letter, as_, pack_url):
    editor = as_("editor")
    outcome(editor, pack_url, ministers_letter)

    page = editor.get(pack_url(ministers_letter, "outcome"), headers={"accept-language": "fr"}).content.decode()

    assert "Ce qu’il est advenu de la lettre" in page
    assert (
        "Le Conseil a adopté la résolution S/RES/2810 (2026) le 20 mars 2026 (13 pour, 0 contre, 2 abstentions)" in page
    )
    assert "accusé de réception" in page  # the kinds of entries, in the form
