"""Drafters format paragraphs lightly (bold, italic, links, lists); nothing else reaches the page or the PDF."""

from r2p_letters.letters.models import Letter
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf

from ..helpers.pdf import pdf_text


def rendered(letter) -> str:
    return render_letter(Letter.objects.with_everything().get(pk=letter.pk)).html


def test_bold_italic_links_and_lists_print(make_letter):
    letter = make_letter()
    letter.paragraphs.create(
        section="situation",
        text=(
            "The **Council** must act *now*, as the [Special Adviser](https://www.un.org/en/genocideprevention) "
            "warned:\n\n- protect civilians in Bangui\n- open humanitarian corridors"
        ),
    )
    letter.asks.create(text="Renew the mandate of **MINUSCA**.")

    html = rendered(letter)
    text = pdf_text(letter_pdf(Letter.objects.with_everything().get(pk=letter.pk)))

    assert "<strong>Council</strong>" in html and "<em>now</em>" in html
    assert '<a href="https://www.un.org/en/genocideprevention" rel="noopener noreferrer">Special Adviser</a>' in html
    assert "<li>protect civilians in Bangui</li>" in html
    assert "Renew the mandate of <strong>MINUSCA</strong>." in html
    assert "protect civilians in Bangui" in text and "**" not in text


def test_raw_html_scripts_and_dangerous_links_do_not_pass(make_letter):
    letter = make_letter()
    letter.paragraphs.create(
        section="opening",
        text=(
            "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)> "
            '[data](data:text/html;base64,PHNjcmlwdD4=) <a href="https://evil.example">raw link</a>'
        ),
    )
    letter.asks.create(text="<iframe src=https://evil.example></iframe> **bold**")

    html = rendered(letter)
    body = html[html.index("<body>") :]

    for forbidden in ("<script", "<img", "<iframe", 'href="javascript', 'href="data:', '<a href="https://evil'):
        assert forbidden not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
