"""Coordinators manage every model in Django's admin, with lists, filters and search; the text of a letter
changes there only as it would in the composer (a revision, approvals withdrawn), and frozen text not at all."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Approval, LegalBasis, Letter, LetterTemplate, Revision
from r2p_letters.letters.services import letter_create_from, letter_edit
from r2p_letters.lib.errors import StatusError

from ..helpers.admin import change_form_data, field_holding
from ..helpers.letters import formset_data, section_url


@pytest.fixture
def draft(examples, ngo, people):
    """A draft of the lead NGO made from the 2010 Kyrgyzstan letter."""
    letter = letter_create_from(source=examples["2010-kyrgyzstan-gcr2p"], organization=ngo, author=people["owner"])
    return Letter.objects.get(pk=letter.pk)


def change_url(letter) -> str:
    return reverse("admin:letters_letter_change", args=[letter.pk])


def edit_in_admin(staff_client, letter, old: str, new: str):
    """Replace the text ``old`` of one field of the letter's admin page (its own or an inline's) by ``new``."""
    data = change_form_data(staff_client.get(change_url(letter)))
    data[field_holding(data, old)] = new
    return staff_client.post(change_url(letter), data)


@pytest.mark.parametrize(
    "model", ["letter", "legalinstrument", "lettertemplate", "signatory", "legalbasis", "paragraph", "ask", "footnote"]
)
def test_every_changelist_lists_filters_and_searches(staff_client, examples, model):
    url = reverse(f"admin:letters_{model}_changelist")

    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "Kyrgyzstan"}).status_code == 200


def test_the_letter_form_edits_every_section_of_a_draft_inline(staff_client, draft):
    html = staff_client.get(change_url(draft)).content.decode()

    for prefix in ("paragraphs", "asks", "footnotes", "signatories"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert 'name="paragraphs-0-text"' in html and 'name="title"' in html


def test_a_drafts_text_changed_in_the_admin_is_a_revision_as_in_the_composer(staff_client, staff, draft):
    ask = draft.asks.first()

    response = edit_in_admin(staff_client, draft, ask.text, "Deploy the Zanzibar gendarmerie now.")

    assert response.status_code == 302
    revision = Revision.objects.get(letter=draft)
    assert (revision.section, revision.number, revision.author) == ("asks", 1, staff)
    assert revision.content["items"][0]["text"] == "Deploy the Zanzibar gendarmerie now."
    # The admin's search reads the new words (the letter's search text follows).
    found = staff_client.get(reverse("admin:letters_letter_changelist"), {"q": "zanzibar"})
    assert list(found.context["cl"].result_list) == [draft]


def test_a_composer_save_started_before_an_admin_change_is_told_instead_of_overwriting_it(as_, staff_client, draft):
    first, *others = draft.asks.values_list("text", flat=True)
    edit_in_admin(staff_client, draft, first, "Deploy the Zanzibar gendarmerie now.")

    response = as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "An older text."}], base_edit=0))

    assert response.status_code == 409
    assert list(Letter.objects.get(pk=draft.pk).asks.values_list("text", flat=True)) == [
        "Deploy the Zanzibar gendarmerie now.",
        *others,
    ]


def test_approvals_of_a_letter_in_review_are_withdrawn_when_the_admin_changes_its_text(staff_client, draft, ngo):
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.IN_REVIEW)
    Approval.objects.create(letter=draft, organization=ngo)

    response = edit_in_admin(staff_client, draft, draft.title, "Open letter on Osh")

    assert response.status_code == 302
    assert not Approval.objects.filter(letter=draft).exists()
    assert Revision.objects.get(letter=draft).section == "header"
    assert Letter.objects.get(pk=draft.pk).title == "Open letter on Osh"


@pytest.mark.parametrize("status", [Letter.Status.READY, Letter.Status.CLOSED, Letter.Status.PUBLISHED])
def test_the_text_of_a_frozen_letter_is_read_only_in_the_admin(staff_client, draft, status):
    Letter.objects.filter(pk=draft.pk).update(status=status)
    paragraph = draft.paragraphs.order_by("section", "position", "id").first()
    page = staff_client.get(change_url(draft))
    data = change_form_data(page)

    # What the admin's form posted before: the letter's title and its first paragraph, changed.
    data.update(
        {
            "title": "Changed behind the signatories' backs",
            "paragraphs-0-id": paragraph.pk,
            "paragraphs-0-letter": draft.pk,
            "paragraphs-0-section": paragraph.section,
            "paragraphs-0-position": paragraph.position,
            "paragraphs-0-text": "Silently changed.",
        }
    )
    staff_client.post(change_url(draft), data)

    assert "The text of a ready, closed or published letter is frozen" in page.text
    letter = Letter.objects.get(pk=draft.pk)
    assert letter.title == draft.title
    assert letter.paragraphs.get(pk=paragraph.pk).text == paragraph.text
    assert not Revision.objects.filter(letter=draft).exists()


def test_the_status_of_an_organizations_letter_moves_only_through_review_and_sign_on(staff_client, draft):
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.READY)
    data = change_form_data(staff_client.get(change_url(draft)))

    staff_client.post(change_url(draft), {**data, "status": Letter.Status.DRAFT})

    assert "status" not in data
    assert Letter.objects.get(pk=draft.pk).status == Letter.Status.READY


def test_a_library_letter_is_not_opened_for_signatures_from_the_admin(staff_client, examples):
    letter = examples["2010-kyrgyzstan-icrtop"]
    data = change_form_data(staff_client.get(change_url(letter)))

    response = staff_client.post(change_url(letter), {**data, "status": Letter.Status.OPEN})

    assert response.status_code == 200
    assert "A letter is opened for signatures from its page" in response.text
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.PUBLISHED


@pytest.mark.parametrize("model", ["signatory", "legalbasis", "paragraph", "ask"])
def test_parts_listed_across_letters_are_read_only_there(staff_client, draft, examples, model):
    letter = examples["2010-kyrgyzstan-icrtop"] if model == "signatory" else draft
    part = getattr(
        letter,
        {"signatory": "signatories", "legalbasis": "legal_bases", "paragraph": "paragraphs", "ask": "asks"}[model],
    ).first()
    url = reverse(f"admin:letters_{model}_change", args=[part.pk])
    before = change_form_data(staff_client.get(change_url(letter)))

    page = staff_client.get(url)
    changed = staff_client.post(
        url,
        {
            "letter": letter.pk,
            "text": "Changed on its own.",
            "position": 0,
            "organization": "Changed on its own.",
            "role": "cosigner",
        },
    )
    deleted = staff_client.post(reverse(f"admin:letters_{model}_delete", args=[part.pk]), {"post": "yes"})

    assert page.status_code == 200 and "Read-only here: it is changed in its letter." in page.text
    assert changed.status_code == deleted.status_code == 403
    assert change_form_data(staff_client.get(change_url(letter))) | {"csrfmiddlewaretoken": ""} == before | {
        "csrfmiddlewaretoken": ""
    }


def test_an_instrument_renamed_in_the_admin_renames_it_in_the_letters_that_cite_it(staff_client, client, examples):
    instrument = (
        LegalBasis.objects.filter(letter=examples["2010-kyrgyzstan-icrtop"], instrument__symbol="A/RES/63/308")
        .get()
        .instrument
    )
    url = reverse("admin:letters_legalinstrument_change", args=[instrument.pk])
    data = change_form_data(staff_client.get(url))

    staff_client.post(url, {**data, "title": "The responsibility to protect, Zanzibar edition"})

    found = client.get(reverse("letters:library"), {"q": "zanzibar"})
    assert [letter.slug for letter in found.context["page"]] == ["2010-kyrgyzstan-icrtop"]


def test_the_letter_search_finds_text_inside_sections(staff_client, examples):
    response = staff_client.get(reverse("admin:letters_letter_changelist"), {"q": "anti-balaka"})

    assert list(response.context["cl"].result_list) == [examples["2014-car-unsc-members"]]


def test_built_in_templates_cannot_be_changed_only_viewed(staff_client, builtin_templates):
    template = builtin_templates["open-letter-security-council"]
    url = reverse("admin:letters_lettertemplate_change", args=[template.pk])

    staff_client.post(url, {"name": "Changed", "slug": template.slug, "html": "x"})

    template.refresh_from_db()
    assert template.name == "Open letter to the Security Council"


def test_a_template_with_a_syntax_error_is_refused_with_its_line(staff_client, db):
    response = staff_client.post(
        reverse("admin:letters_lettertemplate_add"),
        {
            "name": "House style",
            "slug": "house-style",
            "description": "",
            "css": "",
            "html": "<h1>{{ letter.title }}</h1>\n{% if %}",
        },
    )

    assert response.status_code == 200
    assert "Line 2:" in response.content.decode()
    assert "{% if %}" in response.content.decode()  # the author's text is kept
    assert not LetterTemplate.objects.filter(slug="house-style").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("admin:letters_letter_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_signatory_list_finds_an_organization_across_letters(staff_client, examples):
    response = staff_client.get(reverse("admin:letters_signatory_changelist"), {"q": "Human Rights Watch"})

    assert sorted(s.letter.slug for s in response.context["cl"].result_list) == [
        "2010-kyrgyzstan-icrtop",
        "2014-car-unsc-members",
    ]


def test_a_write_to_frozen_text_is_refused_and_undone_whoever_writes_it(staff, draft):
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.CLOSED)
    before = list(draft.paragraphs.values_list("text", flat=True))

    with pytest.raises(StatusError):
        letter_edit(
            letter=draft,
            author=staff,
            write=lambda: draft.paragraphs.update(text="Changed behind the signatories' backs."),
        )

    assert list(draft.paragraphs.values_list("text", flat=True)) == before
    assert not Revision.objects.filter(letter=draft).exists()
