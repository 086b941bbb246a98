"""Drafters read the history of a letter, see what changed between two saves, and restore one."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter, Revision
from r2p_letters.letters.revisions import revision_diff, word_diff
from r2p_letters.letters.services import letter_create_from

from ..helpers.letters import formset_data, section_url


@pytest.fixture
def draft(examples, ngo, people):
    letter = letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])
    return Letter.objects.with_everything().get(pk=letter.pk)


@pytest.fixture
def two_saves(as_, draft):
    as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "Deploy 10,000 peacekeepers now."}]))
    as_("owner").post(
        section_url(draft, "asks"),
        formset_data([{"text": "Deploy 12,000 peacekeepers now."}, {"text": "Disarm the militias."}], base_edit=1),
    )
    return list(Revision.objects.filter(letter=draft, section="asks").order_by("number"))


def test_the_history_lists_every_save_with_its_author(as_, two_saves, draft):
    html = as_("viewer").get(reverse("letters:history", args=[draft.slug])).content.decode()

    assert html.count('name="a"') == 2
    assert "editor" in html and "owner" in html


def test_comparing_two_saves_shows_the_words_that_changed(as_, two_saves, draft):
    first, second = two_saves

    html = (
        as_("viewer")
        .get(reverse("letters:history", args=[draft.slug]), {"a": second.pk, "b": first.pk})
        .content.decode()
    )

    assert "<del>10,000</del><ins>12,000</ins>" in html
    assert "<ins>2. Disarm the militias.</ins>" in html


def test_restoring_an_earlier_save_makes_it_current_as_a_new_revision(as_, two_saves, draft):
    first, _second = two_saves

    as_("editor").post(reverse("letters:restore", args=[draft.slug, first.pk]))

    assert list(draft.asks.values_list("text", flat=True)) == ["Deploy 10,000 peacekeepers now."]
    latest = Revision.objects.filter(letter=draft, section="asks").order_by("-number").first()
    assert latest.number == 3


def test_restoring_the_heading_keeps_its_template_and_date(as_, draft, builtin_templates):
    data = {
        "base_edit": 0,
        "fields-title": "First title",
        "fields-language": "en",
        "fields-date": "2014-03-13",
        "fields-template": builtin_templates["letter-foreign-ministers"].pk,
    }
    as_("editor").post(section_url(draft, "header"), data)
    as_("editor").post(section_url(draft, "header"), {**data, "base_edit": 1, "fields-title": "Second title"})
    first = Revision.objects.get(letter=draft, section="header", number=1)

    as_("editor").post(reverse("letters:restore", args=[draft.slug, first.pk]))

    draft.refresh_from_db()
    assert (draft.title, str(draft.date), draft.template.slug) == (
        "First title",
        "2014-03-13",
        "letter-foreign-ministers",
    )


@pytest.mark.parametrize(
    ("who", "history", "restore"), [("viewer", 200, 403), ("outsider", 404, 404), (None, 302, 302)]
)
def test_who_sees_and_restores_history(as_, two_saves, draft, who, history, restore):
    first, _ = two_saves

    assert as_(who).get(reverse("letters:history", args=[draft.slug])).status_code == history
    assert as_(who).post(reverse("letters:restore", args=[draft.slug, first.pk])).status_code == restore
    assert draft.asks.count() == 2


def test_bad_revision_ids_are_ignored(as_, two_saves, draft):
    response = as_("viewer").get(reverse("letters:history", args=[draft.slug]), {"a": "x", "b": "99999"})

    assert response.status_code == 200
    assert as_("editor").post(reverse("letters:restore", args=[draft.slug, 99999])).status_code == 404


def test_word_diff_marks_only_what_changed():
    pieces = word_diff("The Council must act now.", "The Council must act today.")

    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [("removed", "now."), ("added", "today.")]
    assert revision_diff("asks", {"items": [{"text": "a", "by_when": ""}]}, {"items": []})[0][0].kind == "removed"
