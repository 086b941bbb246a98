"""Coordinators manage every model in Django's admin, with lists, filters and search."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import LetterTemplate


@pytest.mark.parametrize("model", ["letter", "legalinstrument", "lettertemplate", "signatory", "legalbasis",
                                   "paragraph", "ask", "footnote"])
def test_every_changelist_lists_filters_and_searches(staff_client, examples, model):
    url = reverse(f"admin:letters_{model}_changelist")

    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "Kyrgyzstan"}).status_code == 200


def test_the_letter_form_edits_every_section_inline(staff_client, examples):
    letter = examples["2010-kyrgyzstan-icrtop"]

    html = staff_client.get(reverse("admin:letters_letter_change", args=[letter.pk])).content.decode()

    for prefix in ("paragraphs", "asks", "legal_bases", "footnotes", "signatories"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html


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
    response = staff_client.post(reverse("admin:letters_lettertemplate_add"), {
        "name": "House style", "slug": "house-style", "description": "", "css": "",
        "html": "<h1>{{ letter.title }}</h1>\n{% if %}",
    })

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
        "2010-kyrgyzstan-icrtop", "2014-car-unsc-members"]
