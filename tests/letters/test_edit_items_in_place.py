"""Drafters edit a letter in place, item by item (the composer's htmx endpoints): each change is a save of its
section, checked against the section's edit counter, recorded as a revision; nothing typed is lost."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.models import Letter, Revision
from r2p_letters.letters.services import letter_create_from

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(examples, ngo, people):
    return letter_create_from(source=examples["2010-kyrgyzstan-gcr2p"], organization=ngo, author=people["owner"])


def item_url(letter, section, index, operation):
    return reverse("letters:section_item", args=[letter.slug, section, index, operation])


def edits(letter, section):
    return Letter.objects.get(pk=letter.pk).section_edits.get(section, 0)


def asks_of(letter):
    return list(Letter.objects.get(pk=letter.pk).asks.values_list("text", flat=True))


def post(client, letter, section, index, operation, **data):
    data.setdefault("base_edit", edits(letter, section))
    return client.post(item_url(letter, section, index, operation), data, **HTMX)


def test_an_ask_is_changed_in_place_and_the_section_comes_back_as_it_prints(as_, draft):
    response = post(as_("editor"), draft, "asks", 0, "update", text="Act **now** in Osh.", by_when="Within 30 days")

    assert response.status_code == 200
    assert asks_of(draft)[0] == "Act **now** in Osh."
    body = response.content.decode()
    assert "Act <strong>now</strong> in Osh." in body and "(Within 30 days)" in body
    assert f'name="base_edit" value="{edits(draft, "asks")}"' in body


def test_items_are_inserted_after_any_item_moved_deleted_and_restored(as_, draft):
    client, before = as_("owner"), asks_of(draft)

    post(client, draft, "asks", 1, "insert", text="A new second ask.")
    assert asks_of(draft) == [before[0], "A new second ask.", *before[1:]]

    post(client, draft, "asks", 1, "move", to=0)
    assert asks_of(draft)[:2] == ["A new second ask.", before[0]]

    response = post(client, draft, "asks", 0, "delete")
    assert asks_of(draft) == before
    assert "Undo" in response.content.decode()

    post(client, draft, "asks", 0, "insert", text="A new second ask.", by_when="")
    assert asks_of(draft)[0] == "A new second ask."


def test_a_paragraph_a_footnote_and_a_signatory_are_changed_and_added(as_, draft):
    client = as_("owner")
    response = post(client, draft, "footnotes", 0, "insert", text="See *the report* of 2010.")
    assert "See <em>the report</em> of 2010." in response.content.decode()
    post(client, draft, "opening", 0, "update", text="We write to you today.")
    post(
        client,
        draft,
        "signatories",
        0,
        "insert",
        organization="Asia Pacific Centre",
        country="AU",
        city="Brisbane",
        role="cosigner",
    )

    letter = Letter.objects.get(pk=draft.pk)
    assert letter.paragraphs.filter(section="opening").first().text == "We write to you today."
    assert letter.signatories.get(organization="Asia Pacific Centre").display_line == (
        "Asia Pacific Centre (Brisbane, Australia)"
    )


def test_the_headings_fields_save_in_place(as_, draft):
    data = {
        "base_edit": edits(draft, "header"),
        **{
            f"fields-{k}": v
            for k, v in {"title": "On Kyrgyzstan", "language": "en", "date_style": "day_month_year"}.items()
        },
        "fields-template": draft.template_id,
    }
    response = as_("owner").post(reverse("letters:section_fields", args=[draft.slug, "header"]), data, **HTMX)

    assert response.status_code == 200, response.content.decode()[:2000]
    assert Letter.objects.get(pk=draft.pk).title == "On Kyrgyzstan"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404)])
def test_who_edits_in_place(as_, draft, who, status):
    before = asks_of(draft)

    response = post(as_(who), draft, "asks", 0, "update", text="Changed.")

    assert response.status_code == status
    assert (asks_of(draft) != before) == (status == 200)


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_and_nothing_changes(as_, draft):
    before = asks_of(draft)

    response = post(as_(None), draft, "asks", 0, "update", text="Changed.")

    assert response.status_code == 302 and "login" in response["Location"]
    assert asks_of(draft) == before


def test_a_change_made_since_the_page_loaded_is_told_with_both_texts_and_the_users_text_kept(as_, draft):
    base = edits(draft, "asks")
    post(as_("owner"), draft, "asks", 0, "update", text="The owner's ask.", base_edit=base)

    response = post(as_("editor"), draft, "asks", 0, "update", text="The editor's ask.", base_edit=base)

    body = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "Someone else saved this section" in body
    assert "The owner's ask.</div>" in body  # theirs, as saved
    assert "The editor's ask.</textarea>" in body  # mine, in its box
    assert f'name="base_edit" value="{base + 1}"' in body  # saving again replaces theirs, knowingly
    assert asks_of(draft)[0] == "The owner's ask."


def test_a_change_without_javascript_comes_back_to_the_composer(as_, draft):
    response = as_("owner").post(item_url(draft, "asks", 0, "update"), {"base_edit": edits(draft, "asks"), "text": "X"})

    assert response.status_code == 302 and response["Location"].endswith("#editor-asks")


@pytest.mark.parametrize(
    ("section", "index", "operation", "data"),
    [
        ("asks", 0, "update", {"text": ""}),
        ("asks", 99, "update", {"text": "Nowhere."}),
        ("asks", 99, "delete", {}),
        ("asks", 0, "move", {"to": 99}),
        ("asks", 0, "move", {"to": "up"}),
        ("asks", 0, "update", {"text": "x", "base_edit": "many"}),
        ("asks", 0, "update", {"text": "x" * 10_001}),
        ("signatories", 0, "insert", {"country": "XX"}),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_text_kept(as_, draft, section, index, operation, data):
    before = Letter.objects.get(pk=draft.pk).section_edits

    response = post(as_("owner"), draft, section, index, operation, **data)

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Letter.objects.get(pk=draft.pk).section_edits == before
    if data.get("text") == "Nowhere.":
        assert "Nowhere.</textarea>" in response.content.decode()


@pytest.mark.parametrize(
    ("section", "operation"), [("legal_basis", "update"), ("header", "update"), ("asks", "rename"), ("nope", "update")]
)
def test_sections_and_operations_that_do_not_exist_are_not_found(as_, draft, section, operation):
    assert post(as_("owner"), draft, section, 0, operation, text="x").status_code == 404


def test_typing_in_one_section_makes_one_revision_and_a_move_another(as_, draft, people):
    client = as_("owner")
    count = Revision.objects.filter(letter=draft, section="asks").count()

    for text in ("A", "Act", "Act now"):
        post(client, draft, "asks", 0, "update", text=text)
    assert Revision.objects.filter(letter=draft, section="asks").count() == count + 1
    revision = Revision.objects.filter(letter=draft, section="asks").first()
    assert revision.content["items"][0]["text"] == "Act now" and revision.number == edits(draft, "asks")

    post(client, draft, "asks", 0, "move", to=1)
    assert Revision.objects.filter(letter=draft, section="asks").count() == count + 2


def test_typing_of_another_author_or_minutes_later_is_a_revision_of_its_own(as_, draft):
    post(as_("owner"), draft, "asks", 0, "update", text="Owner's.")
    post(as_("editor"), draft, "asks", 0, "update", text="Editor's.")
    Revision.objects.filter(letter=draft).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    post(as_("editor"), draft, "asks", 0, "update", text="Editor's, later.")

    texts = [r.content["items"][0]["text"] for r in Revision.objects.filter(letter=draft, section="asks")[:3]]
    assert texts == ["Editor's, later.", "Editor's.", "Owner's."]


def queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_the_composer_reads_a_constant_number_of_queries_as_the_letter_grows(as_, draft, django_assert_max_num_queries):
    client = as_("owner")
    client.get(reverse("letters:compose", args=[draft.slug]))
    page = queries(lambda: client.get(reverse("letters:compose", args=[draft.slug])))
    save = queries(lambda: post(client, draft, "asks", 0, "update", text="One."))
    for i in range(12):
        post(client, draft, "asks", 0, "insert", text=f"Ask {i}.")
        post(client, draft, "signatories", 0, "insert", organization=f"NGO {i}")
        post(client, draft, "situation", 0, "insert", text=f"Fact {i}.")
    base = edits(draft, "asks")
    with django_assert_max_num_queries(page):
        response = client.get(reverse("letters:compose", args=[draft.slug]))
    assert "Ask 11." in response.content.decode()
    with django_assert_max_num_queries(save):
        post(client, draft, "asks", 0, "update", text="One more.", base_edit=base)


@pytest.mark.parametrize(("who", "status"), [("editor", 200), ("viewer", 403), ("outsider", 404)])
def test_take_theirs_shows_the_section_as_saved_now_to_its_editors_only(as_, draft, who, status):
    post(as_("owner"), draft, "asks", 0, "update", text="Saved by the owner.")

    response = as_(who).get(reverse("letters:section_editor", args=[draft.slug, "asks"]), **HTMX)

    assert response.status_code == status
    if status == 200:
        assert "Saved by the owner.</textarea>" in response.content.decode()
