"""French (and Russian, Spanish) typography when a letter renders: spaces before ; ! ? :, guillemets."""

import io

import pytest
from pypdf import PdfReader

from r2p_letters.letters.models import Letter
from r2p_letters.printing.formatting import format_block
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf
from r2p_letters.printing.typography import typeset_html, typeset_text

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def letter_with(make_letter):
    def make(language, text, **fields):
        letter = make_letter(language=language, **fields)
        letter.paragraphs.create(section="situation", text=text, position=0)
        return Letter.objects.with_everything().get(pk=letter.pk)

    return make


def test_a_french_letter_gets_narrow_no_break_spaces_before_semicolons_and_question_and_exclamation_marks(letter_with):
    html = render_letter(letter_with("fr", "Assez ; vraiment ? Oui!")).html

    assert f"Assez{NNBSP}; vraiment{NNBSP}? Oui{NNBSP}!" in html


def test_a_french_letter_gets_a_no_break_space_before_a_colon_but_not_inside_a_time(letter_with):
    html = render_letter(letter_with("fr", "Deux choses: la paix et la justice, à 10:30.")).html

    assert f"Deux choses{NBSP}: la paix et la justice, à 10:30." in html


@pytest.mark.parametrize("typed", ['"protéger"', "“protéger”", "« protéger »", "«protéger»"])
def test_a_french_letter_quotes_with_guillemets_and_no_break_spaces_inside(letter_with, typed):
    html = render_letter(letter_with("fr", f"La responsabilité de {typed} les populations.")).html

    assert f"La responsabilité de «{NBSP}protéger{NBSP}» les populations." in html


def test_quotes_around_emphasis_and_a_link_keep_the_tags_and_the_url_as_written(letter_with):
    text = 'Lire "*le rapport*" : [https://www.un.org/fr/?q=a:b;c!](https://www.un.org/fr/?q=a:b;c!) !'

    html = render_letter(letter_with("fr", text)).html

    assert (
        f'Lire «{NBSP}<em>le rapport</em>{NBSP}»{NBSP}: <a href="https://www.un.org/fr/?q=a:b;c!" '
        f'rel="noopener noreferrer">https://www.un.org/fr/?q=a:b;c!</a>{NNBSP}!'
    ) in html


def test_the_french_rules_apply_to_the_title_and_the_labels_too(letter_with):
    html = render_letter(
        letter_with("fr", "Texte.", title="Centrafrique: agir maintenant!", subject="Protéger les civils")
    ).html

    assert f'<h1 class="title">Centrafrique{NBSP}: agir maintenant{NNBSP}!</h1>' in html
    assert f"<strong>Objet{NBSP}:</strong> Protéger les civils" in html


def test_entities_and_escaped_characters_survive(letter_with):
    html = render_letter(letter_with("fr", "Droits & devoirs ; <script> ?")).html

    assert f"Droits &amp; devoirs{NNBSP}; &lt;script&gt;{NNBSP}?" in html


def test_an_english_letter_is_left_as_typed(letter_with):
    html = render_letter(letter_with("en", 'We ask: "protect" them; now!', title="Act now!")).html

    assert 'We ask: "protect" them; now!' in html
    assert "Act now!" in html
    assert NNBSP not in html


@pytest.mark.parametrize("language", ["ru", "es"])
def test_russian_and_spanish_letters_quote_with_guillemets_without_spaces(letter_with, language):
    html = render_letter(letter_with(language, 'Dijo "basta"; «ya» y “nunca”: fin?')).html

    assert "Dijo «basta»; «ya» y «nunca»: fin?" in html


def test_the_spaces_reach_the_pdf(letter_with):
    pdf = letter_pdf(letter_with("fr", 'Il faut agir ; le "temps" presse !'))
    # pypdf reads the characters through the fonts' ToUnicode maps (pdftotext turns these spaces into plain ones).
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert f"Il faut agir{NNBSP}; le «{NBSP}temps{NBSP}» presse{NNBSP}!" in text


def test_typesetting_twice_changes_nothing():
    once = typeset_html(format_block('"Agir" : maintenant ?'), "fr")

    assert typeset_html(once, "fr") == once
    assert typeset_text(typeset_text("Voilà ! « Oui »", "fr"), "fr") == f"Voilà{NNBSP}! «{NBSP}Oui{NBSP}»"


def test_an_email_address_and_a_ratio_are_not_spaced():
    typed = "Écrire à contact@r2p.org; ratio 2:1!"

    assert typeset_text(typed, "fr") == f"Écrire à contact@r2p.org{NNBSP}; ratio 2:1{NNBSP}!"
