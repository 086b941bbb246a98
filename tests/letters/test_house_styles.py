"""Owners make their organization's own letter template from a built-in one, edit it safely, and use it."""

import io

import docx
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH

from r2p_letters.letters.models import Letter, LetterTemplate
from r2p_letters.letters.services import letter_create_from
from r2p_letters.organizations.services import organization_create
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.sandbox import BODIES_DIR

from ..factories import LetterFactory


@pytest.fixture
def house_style(as_, ngo, examples):
    as_("owner").post(reverse("letters:template_copy", args=[ngo.slug]), {"source": "open-letter-security-council"})
    return ngo.letter_templates.get()


def edit(client, ngo, template, html, css=""):
    return client.post(
        reverse("letters:template_edit", args=[ngo.slug, template.slug]),
        {"name": template.name, "description": "", "html": html, "css": css},
    )


def test_copying_a_built_in_template_makes_an_editable_house_style(house_style, builtin_templates):
    builtin = builtin_templates["open-letter-security-council"]

    assert house_style.html == builtin.html and house_style.css == builtin.css
    assert not house_style.is_builtin


def test_an_edited_house_style_prints_the_letters_of_its_organization(as_, house_style, ngo, examples, people):
    html = (
        '{% extends "base.j2" %}'
        '{% block letterhead %}<header class="letterhead">GCR2P · New York</header>{% endblock %}'
    )
    assert edit(as_("owner"), ngo, house_style, html, house_style.css).status_code == 302

    letter = letter_create_from(source=examples["2010-kyrgyzstan-gcr2p"], organization=ngo, author=people["owner"])
    as_("editor").post(
        reverse("letters:compose_section", args=[letter.slug, "header"]),
        {"base_edit": 0, "fields-title": letter.title, "fields-language": "en", "fields-template": house_style.pk},
    )

    document = as_("editor").get(reverse("letters:document", args=[letter.slug])).content.decode()
    assert "GCR2P · New York" in document


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<h1>{{ letter.title }}</h1>\n{% for x in %}", "Line 2:"),
        ("<h1>{{ letter.title }}</h1>\n\n{{ letter.__class__.__mro__ }}", "Line 3:"),
        ("{{ letter.title.format(1) }}", "Line 1:"),
        ("{{ no_such_variable }}", "no_such_variable"),
    ],
)
def test_errors_and_sandbox_violations_are_refused_with_their_line_and_the_text_kept(
    as_, house_style, ngo, html, message
):
    response = edit(as_("owner"), ngo, house_style, html)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Not saved" in page
    house_style.refresh_from_db()
    assert house_style.html != html


def test_the_preview_tries_the_unsaved_template_on_a_sample_letter(as_, house_style, ngo):
    url = reverse("letters:template_preview", args=[ngo.slug, house_style.slug])

    good = as_("owner").post(url, {"html": "<p>Sample: {{ letter.title }}</p>", "css": ""})
    bad = as_("owner").post(url, {"html": "<p>\n{{ ''.__class__ }}</p>", "css": ""})

    assert "Sample: Open Letter to the United Nations Security Council" in good.content.decode()
    assert "default-src 'none'" in good["Content-Security-Policy"]
    assert "Line 2:" in bad.content.decode()


def test_another_organizations_house_style_cannot_be_chosen(as_, house_style, co_lead, people, examples):
    letter = letter_create_from(
        source=examples["2014-car-unsc-members"], organization=co_lead, author=people["co_editor"]
    )

    response = as_("co_editor").post(
        reverse("letters:compose_section", args=[letter.slug, "header"]),
        {"base_edit": 0, "fields-title": "T", "fields-language": "en", "fields-template": house_style.pk},
    )

    assert response.status_code == 200
    assert Letter.objects.get(pk=letter.pk).template.slug == "letter-foreign-ministers"


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404), (None, 302)])
def test_only_owners_copy_and_edit_templates(as_, house_style, ngo, who, status):
    assert edit(as_(who), ngo, house_style, "changed").status_code == status
    assert (
        as_(who)
        .post(reverse("letters:template_copy", args=[ngo.slug]), {"source": "letter-foreign-ministers"})
        .status_code
        == status
    )
    assert ngo.letter_templates.count() == 1


def test_built_in_templates_cannot_be_edited_through_an_organization(as_, ngo, examples):
    response = as_("owner").get(reverse("letters:template_edit", args=[ngo.slug, "open-letter-security-council"]))

    assert response.status_code == 404
    assert LetterTemplate.objects.get(slug="open-letter-security-council").is_builtin


# An attacker's house style that turns whatever letter it prints into same-origin image requests.
LEAKY = (
    '{% extends "base.j2" %}{% block letterhead %}'
    '<img class="leak" src="/letters/?q={{ letter.situation|join(" ")|striptags|urlencode }}" alt="">'
    "{% endblock %}"
)


@pytest.fixture
def attacker(people):
    """Bob signed up and made his own organization, with a house style that leaks, and a public letter in it."""
    organization = organization_create(user=people["outsider"], name="Bob's Watch", city="Geneva", country="CH")
    template = LetterTemplate.objects.create(
        name="Bob's style", slug="bobs-style", organization=organization, html=LEAKY
    )
    letter = LetterFactory(lead_organization=organization, template=template, title="Protect civilians in Rakhine")
    return organization, template, letter


def test_a_draft_made_from_another_organizations_letter_does_not_print_with_its_house_style(
    as_, ngo, attacker, builtin_templates
):
    _organization, leaky, source = attacker
    assert "leak" in as_(None).get(reverse("letters:document", args=[source.slug])).text  # his own letter: his style

    response = as_("owner").post(
        reverse("letters:reuse", args=[source.slug]), {"organization": ngo.pk, "title": "On Rakhine"}
    )
    draft = Letter.objects.get(derived_from=source)
    draft.paragraphs.create(section="situation", text="MYANMAR: what our sources in Sittwe told us.")
    document = as_("owner").get(reverse("letters:document", args=[draft.slug])).text

    assert response.status_code == 302
    assert draft.template == builtin_templates["open-letter-security-council"]
    assert "MYANMAR" in document
    assert 'class="leak"' not in document
    assert as_("outsider").get(reverse("letters:document", args=[draft.slug])).status_code == 404


def test_a_letter_whose_template_belongs_to_an_organization_no_longer_leading_it_prints_with_the_default(
    as_, ngo, co_lead, attacker, make_letter, builtin_templates
):
    co_leads_style = LetterTemplate.objects.create(
        name="League style", slug="league-style", organization=co_lead, html=LEAKY
    )
    letter = make_letter(lead_organization=ngo, template=co_leads_style, status=Letter.Status.DRAFT)
    letter.co_leads.add(co_lead)
    letter.paragraphs.create(section="situation", text="MYANMAR")
    assert 'class="leak"' in as_("owner").get(reverse("letters:document", args=[letter.slug])).text  # a co-lead's

    letter.co_leads.remove(co_lead)
    document = as_("owner").get(reverse("letters:document", args=[letter.slug])).text
    page = as_("owner").get(reverse("letters:detail", args=[letter.slug])).text
    pdf = as_("owner").get(reverse("letters:pdf", args=[letter.slug]))

    assert "MYANMAR" in document and 'class="leak"' not in document
    assert "League style" in page and "Open letter to the Security Council" in page
    assert "belongs to an organization that does not lead this letter" in page
    assert pdf.status_code == 200
    assert 'class="leak"' not in render_letter(Letter.objects.with_everything().get(pk=letter.pk)).html


def use_template(client, letter, template):
    """Choose ``template`` in the letter's heading, keeping the rest of it."""
    response = client.post(
        reverse("letters:compose_section", args=[letter.slug, "header"]),
        {
            "base_edit": 0,
            "fields-title": letter.title,
            "fields-language": letter.language,
            "fields-template": template.pk,
            "fields-date": letter.date.isoformat(),
            "fields-date_line": letter.date_line,
            "fields-salutation": letter.salutation,
        },
    )
    assert response.status_code in (200, 302)
    assert Letter.objects.get(pk=letter.pk).template == template


def docx_parts(client, letter) -> list:
    """The heading paragraphs of the letter's DOCX download, in their order."""
    document = docx.Document(io.BytesIO(client.get(reverse("letters:export", args=[letter.slug, "docx"])).content))
    return [p for p in document.paragraphs if p.style.name in ("Title", "Date Line", "Addressee", "Salutation")]


def test_a_house_style_copied_from_the_foreign_ministers_template_gets_the_foreign_ministers_docx(
    as_, ngo, examples, people
):
    as_("owner").post(reverse("letters:template_copy", args=[ngo.slug]), {"source": "letter-foreign-ministers"})
    house_style = ngo.letter_templates.get()
    letter = letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])
    use_template(as_("editor"), letter, house_style)

    parts = docx_parts(as_("editor"), letter)

    order = [p.style.name for p in parts]
    assert order.index("Date Line") < order.index("Title") < order.index("Salutation")
    assert next(p for p in parts if p.style.name == "Date Line").alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_a_house_style_copied_from_the_open_letter_keeps_the_open_letters_docx(as_, ngo, examples, people, house_style):
    letter = letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])
    use_template(as_("editor"), letter, house_style)

    order = [p.style.name for p in docx_parts(as_("editor"), letter)]

    assert order.index("Title") < order.index("Date Line") < order.index("Salutation")


@pytest.mark.django_db(transaction=True)
def test_house_styles_made_before_layouts_get_the_layout_of_the_built_in_they_came_from():
    before, after = [("letters", "0008_co_lead_invitations")], [("letters", "0009_lettertemplate_layout")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        OldTemplate = executor.loader.project_state(before).apps.get_model("letters", "LetterTemplate")
        builtin = {
            slug: (BODIES_DIR / f"{slug}.j2").read_text()
            for slug in ("open-letter-security-council", "letter-foreign-ministers")
        }
        for slug, html in builtin.items():
            OldTemplate.objects.create(slug=slug, name=slug, html=html, is_builtin=True)
        house = {
            "edited-ministers-copy": builtin["letter-foreign-ministers"].replace(
                "{{ super() }}", "{{ super() }}<p>Our reference: R2P/2026</p>"
            ),
            "open-letter-copy": builtin["open-letter-security-council"],
            "extends-ministers": '{% extends "letter-foreign-ministers.j2" %}{% block valediction %}{% endblock %}',
            "bare": '{% extends "base.j2" %}',
        }
        for slug, html in house.items():
            OldTemplate.objects.create(slug=slug, name=slug, html=html)

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        NewTemplate = executor.loader.project_state(after).apps.get_model("letters", "LetterTemplate")
        assert dict(NewTemplate.objects.values_list("slug", "layout")) == {
            "open-letter-security-council": "open_letter",
            "letter-foreign-ministers": "formal_letter",
            "edited-ministers-copy": "formal_letter",
            "open-letter-copy": "open_letter",
            "extends-ministers": "formal_letter",
            "bare": "open_letter",
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
