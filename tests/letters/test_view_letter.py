"""A visitor opens a letter: it shows as it prints, with its legal basis linked to the catalogue."""

import pytest
from django.test import Client
from django.urls import reverse

from r2p_letters.letters.models import Letter, LetterTemplate
from r2p_letters.printing.html import render_letter


def test_the_letter_page_frames_the_printed_letter_with_a_download_button(client, examples):
    response = client.get(reverse("letters:detail", args=["2010-kyrgyzstan-icrtop"]))
    html = response.content.decode()

    assert response.status_code == 200
    assert f'src="{reverse("letters:document", args=["2010-kyrgyzstan-icrtop"])}"' in html
    assert f'href="{reverse("letters:pdf", args=["2010-kyrgyzstan-icrtop"])}"' in html
    assert "Download the PDF" in html
    assert ">20<" in html  # signatories


def test_the_legal_basis_links_to_the_catalogue(client, examples):
    html = client.get(reverse("letters:detail", args=["2010-kyrgyzstan-icrtop"])).content.decode()

    for symbol in ("A/RES/60/1", "S/RES/1674 (2006)", "A/RES/63/308"):
        instrument = examples["2010-kyrgyzstan-icrtop"].legal_bases.get(instrument__symbol=symbol).instrument
        assert f'href="{instrument.get_absolute_url()}">{symbol}</a>' in html


def test_the_document_is_the_html_the_pdf_is_made_from(client, examples):
    letter = examples["2010-kyrgyzstan-gcr2p"]

    response = client.get(reverse("letters:document", args=[letter.slug]))

    assert response.content.decode() == render_letter(letter).html
    assert "Dr. Mónica Serrano" in response.content.decode()


def test_the_document_runs_no_script_and_is_framed_only_by_us(client, examples):
    response = client.get(reverse("letters:document", args=["2010-kyrgyzstan-gcr2p"]))

    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert "frame-ancestors 'self'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_app_pages_have_a_content_security_policy(client, examples):
    response = client.get(reverse("letters:library"))

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_unknown_slug_is_not_found(client, examples):
    for name in ("detail", "document", "pdf"):
        assert client.get(reverse(f"letters:{name}", args=["no-such-letter"])).status_code == 404


def test_a_draft_is_not_found_by_the_public_but_staff_can_read_it(staff, make_letter):
    draft = make_letter(status=Letter.Status.DRAFT)
    visitor, coordinator = Client(), Client()
    coordinator.force_login(staff)

    for name in ("detail", "document", "pdf"):
        url = reverse(f"letters:{name}", args=[draft.slug])
        assert visitor.get(url).status_code == 404
        assert coordinator.get(url).status_code == 200


def test_the_letter_pages_only_answer_reads(client, examples):
    for name in ("detail", "document", "pdf"):
        response = client.post(reverse(f"letters:{name}", args=["2010-kyrgyzstan-gcr2p"]))
        assert response.status_code in (403, 405)


def test_the_ministers_template_puts_the_date_before_the_title(examples):
    html = render_letter(examples["2014-car-unsc-members"]).html

    assert html.index("March 13, 2014") < html.index("<h1") < html.index("Dear Minister,")


def test_a_letter_renders_in_another_template(examples, builtin_templates):
    letter = examples["2014-car-unsc-members"]

    html = render_letter(letter, template=builtin_templates["open-letter-security-council"]).html

    assert html.index("<h1") < html.index("March 13, 2014")


def test_signatories_print_in_the_drafters_order_leads_included(make_letter):
    letter = make_letter()
    letter.signatories.create(organization="Amnesty International", position=0)
    letter.signatories.create(organization="Zentrum Lead", role="lead", position=5)
    letter.signatories.create(organization="Bangui Human Rights League", city="Bangui", country="CF", position=1)

    html = render_letter(letter).html
    body = html[html.index("<body>") :]  # the head names the lead as the letter's author

    assert (
        body.index("Amnesty International")
        < body.index("Bangui Human Rights League (Bangui, Central African Republic)")
        < body.index("Zentrum Lead")
    )


def csp_of(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.fixture
def letter_documents(as_, ngo, make_letter):
    """The three answers that carry a letter's document: the letter page's frame, the composer's preview and
    the template editor's sample."""
    letter = make_letter(lead_organization=ngo, status=Letter.Status.DRAFT)
    template = LetterTemplate.objects.create(name="House", slug="house", organization=ngo, html="<p>x</p>")
    owner = as_("owner")
    return {
        "document": owner.get(reverse("letters:document", args=[letter.slug])),
        "composer preview": owner.post(
            reverse("letters:preview", args=[letter.slug, "asks"]),
            {
                "base_edit": 0,
                "items-TOTAL_FORMS": 1,
                "items-INITIAL_FORMS": 0,
                "items-MIN_NUM_FORMS": 0,
                "items-MAX_NUM_FORMS": 1000,
                "items-0-text": "Renew the mandate.",
                "items-0-ORDER": 1,
            },
        ),
        "template preview": owner.post(
            reverse("letters:template_preview", args=[ngo.slug, template.slug]),
            {"html": "<p>{{ letter.title }}</p>", "css": ""},
        ),
    }


def test_a_letter_document_may_request_nothing_but_our_static_files(letter_documents):
    static = "http://testserver/static/"
    for name, response in letter_documents.items():
        csp = csp_of(response)

        assert response.status_code == 200, name
        assert csp["default-src"] == ["'none'"], name
        # Not 'self': a same-origin URL would carry the text a template puts in it to a page that records it.
        assert sorted(csp["img-src"]) == ["data:", static], name
        assert sorted(csp["style-src"]) == ["'unsafe-inline'", static], name
        assert csp["font-src"] == [static], name
        assert csp["base-uri"] == csp["form-action"] == ["'none'"], name
        assert not {"script-src", "connect-src", "frame-src", "media-src", "object-src"} & csp.keys(), name
        assert response["X-Frame-Options"] == "SAMEORIGIN", name


def test_a_meta_refresh_in_a_template_cannot_send_the_reader_elsewhere(client, make_letter):
    template = LetterTemplate.objects.create(
        name="Redirecting",
        slug="redirecting",
        html='<meta http-equiv="refresh" content="0; url=https://evil.example/">{{ letter.title }}',
    )
    letter = make_letter(template=template)

    response = client.get(reverse("letters:document", args=[letter.slug]))

    # A sandboxed document without allow-scripts runs no automatic feature: no refresh, no navigation.
    sandbox = csp_of(response)["sandbox"]
    assert response.status_code == 200
    assert sorted(sandbox) == ["allow-popups", "allow-popups-to-escape-sandbox", "allow-same-origin"]
