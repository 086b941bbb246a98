"""Letters in the six UN languages: their script's fonts, direction, and the words the letter prints.

Real WeasyPrint, real fonts, read back with poppler (pdftotext, pdffonts) and fontTools.
"""

import datetime
import functools
import io
import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from weasyprint import HTML

from r2p_letters.letters.models import Letter
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf

from ..helpers.letters import cite
from ..helpers.pdf import letters_only, pdf_text

# What each letter says, in its language.
TEXTS = {
    "ar": {
        "title": "رسالة مفتوحة إلى مجلس الأمن بشأن حماية المدنيين",
        "subject": "حماية المدنيين",
        "situation": "نكتب إليكم بشأن الوضع الإنساني المتدهور. لقد قتل أكثر من 200 مدني منذ كانون الثاني/يناير.",
        "ask": "يجب على مجلس الأمن تجديد ولاية البعثة.",
        "organization": "رابطة حقوق الإنسان",
        "footnote": "انظر تقرير الأمين العام.",
    },
    "zh-hans": {
        "title": "致联合国安全理事会关于保护平民的公开信",
        "subject": "平民保护",
        "situation": "我们就日益恶化的人道主义局势致函各位。自一月以来已有200多名平民遇害。",
        "ask": "安全理事会必须延长特派团的任务授权。",
        "organization": "非洲人权联盟",
        "footnote": "见秘书长的报告。",
    },
    "ru": {
        "title": "Открытое письмо Совету Безопасности о защите гражданского населения",
        "subject": "Защита гражданского населения",
        "situation": "Мы обращаемся к вам в связи с ухудшением гуманитарной ситуации.",
        "ask": "Совет Безопасности должен продлить мандат миссии.",
        "organization": "Лига прав человека",
        "footnote": "См. доклад Генерального секретаря.",
    },
    "es": {
        "title": "Carta abierta al Consejo de Seguridad sobre la protección de civiles",
        "subject": "Protección de civiles",
        "situation": "Le escribimos en relación con el deterioro de la situación humanitaria.",
        "ask": "El Consejo de Seguridad debe renovar el mandato de la misión.",
        "organization": "Liga de Derechos Humanos",
        "footnote": "Véase el informe del Secretario General.",
    },
    "fr": {
        "title": "Lettre ouverte au Conseil de sécurité sur la protection des civils",
        "subject": "Protection des civils",
        "situation": "Nous vous écrivons au sujet de la dégradation de la situation humanitaire.",
        "ask": "Le Conseil de sécurité doit renouveler le mandat de la mission.",
        "organization": "Ligue des droits de l'homme",
        "footnote": "Voir le rapport du Secrétaire général.",
    },
    "en": {
        "title": "Open letter to the Security Council on the protection of civilians",
        "subject": "Protection of civilians",
        "situation": "We write to you about the deteriorating humanitarian situation.",
        "ask": "The Security Council must renew the mission's mandate.",
        "organization": "Human Rights League",
        "footnote": "See the report of the Secretary-General.",
    },
}

# The words the letter itself prints: labels, the date, the country names (the UN's short names, else
# django-countries').
PRINTED = {
    "ar": {
        "subject": "الموضوع:",
        "notes": "الحواشي",
        "due": "بحلول 2026",
        "footer": "صفحة 1 من 1",
        "date": "3 مارس، 2026",
        "CF": "جمهورية افريقيا الوسطى",
        "US": "الولايات المتحدة الأمريكية",
    },
    "zh-hans": {
        "subject": "事由：",
        "notes": "注释",
        "due": "不晚于2026",
        "footer": "第 1 页，共 1 页",
        "date": "2026年3月3日",
        "CF": "中非共和国",
        "US": "美利坚合众国",
    },
    "ru": {
        "subject": "Тема:",
        "notes": "Примечания",
        "due": "до 2026",
        "footer": "Страница 1 из 1",
        "date": "3 марта 2026 г.",
        "CF": "Центральноафриканская Республика",
        "US": "Соединенные Штаты Америки",
    },
    "es": {
        "subject": "Asunto:",
        "notes": "Notas",
        "due": "a más tardar 2026",
        "footer": "Página 1 de 1",
        "date": "3 de marzo de 2026",
        "CF": "República de África Central",
        "US": "Estados Unidos de América",
    },
    "fr": {
        "subject": "Objet\u00a0:",
        "notes": "Notes",
        "due": "d’ici 2026",
        "footer": "Page 1 sur 1",
        "date": "3 mars 2026",
        "CF": "République centrafricaine",
        "US": "États-Unis d'Amérique",
    },
    "en": {
        "subject": "Subject:",
        "notes": "Notes",
        "due": "by 2026",
        "footer": "Page 1 of 1",
        "date": "3 March 2026",
        "CF": "Central African Republic",
        "US": "United States of America",
    },
}
# How a signatory's place is punctuated: "(Bangui، ...)" in Arabic, full-width "（Bangui，...）" in Chinese.
PLACE_PUNCTUATION = {"ar": ("، ", ")"), "zh-hans": ("，", "）")}
A4_WIDTH = 595.28
TEXT_LEFT, TEXT_RIGHT = 62.36, A4_WIDTH - 62.36  # the built-in templates' 22 mm side margins


@pytest.fixture
def letter_in(make_letter):
    def make(language):
        text = TEXTS[language]
        letter = make_letter(
            language=language,
            title=text["title"],
            subject=text["subject"],
            date=datetime.date(2026, 3, 3),
            salutation="",
            valediction="",
        )
        letter.paragraphs.create(section="situation", text=text["situation"], position=0)
        letter.asks.create(text=text["ask"], position=0, by_when="2026")
        cite(letter, text=text["situation"], pinpoint="")
        letter.footnotes.create(text=text["footnote"], position=0)
        letter.signatories.create(organization=text["organization"], city="Bangui", country="CF", position=0)
        letter.signatories.create(organization=text["organization"] + " 2", city="New York", country="US", position=1)
        return Letter.objects.with_everything().get(pk=letter.pk)

    return make


@functools.cache
def installed_cmap(family: str, style: str) -> frozenset[int]:
    """The characters the installed font ``family`` (``style``) has glyphs for."""
    found, path, index = subprocess.run(
        ["fc-match", "--format", "%{family}\t%{file}\t%{index}", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\t")
    assert family in found.split(","), f"{family} {style} is embedded but not installed"
    return frozenset(TTFont(path, fontNumber=int(index), lazy=True).getBestCmap())


def characters_without_glyphs(pdf: bytes) -> dict[str, set[str]]:
    """Per embedded font, the characters it draws without having a glyph for them (tofu, .notdef).

    Each font's ToUnicode map says which characters its glyphs stand for; the font's own cmap says which
    characters it really has (the installed font's: the embedded subset keeps no cmap entry for the
    contextual forms of Arabic letters).
    """
    missing = {}
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")).get_object().get_data()
            names = TTFont(io.BytesIO(program))["name"]
            has = installed_cmap(names.getBestFamilyName(), names.getBestSubFamilyName())
            to_unicode = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            assert "beginbfrange" not in to_unicode  # WeasyPrint maps glyph by glyph
            drawn = set()
            for block in re.findall(r"beginbfchar(.*?)endbfchar", to_unicode, re.S):
                for _glyph, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                    drawn.update(bytes.fromhex(text).decode("utf-16-be"))
            if lacking := {ch for ch in drawn if ord(ch) not in has and not ch.isspace()}:
                missing[str(font["/BaseFont"])] = lacking
    return missing


def embedded_fonts(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(["pdffonts", f.name], capture_output=True, text=True, check=True).stdout


def lines_on_first_page(pdf: bytes) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """The first page's lines as (xMin, xMax, words as (xMin, xMax, text)), through pdftotext -bbox-layout."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", "-enc", "UTF-8", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    lines = []
    for line in re.findall(r"<line (.*?)</line>", out, re.S):
        x_min, x_max = (float(v) for v in re.match(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', line).groups())
        words = [
            (float(a), float(b), w)
            for a, b, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', line)
        ]
        lines.append((x_min, x_max, words))
    return lines


def line_with(lines, word: str):
    """The first line (from the top) holding ``word``."""
    return next(line for line in lines if any(w == word for _a, _b, w in line[2]))


@pytest.mark.parametrize("language", ["ar", "zh-hans", "ru", "es", "fr", "en"])
def test_it_prints_the_words_of_the_letter_in_its_language(letter_in, language):
    html = render_letter(letter_in(language)).html
    printed = PRINTED[language]

    assert f"<strong>{printed['subject']}</strong>" in html
    assert f"<h2>{printed['notes']}</h2>" in html
    assert f"({printed['due']})" in html
    assert printed["date"] in html
    comma, close = PLACE_PUNCTUATION.get(language, (", ", ")"))
    assert f"Bangui{comma}{printed['CF']}{close}" in html
    assert f"New York{comma}{printed['US']}{close}" in unescape(html)  # "États-Unis d'Amérique"


@pytest.mark.parametrize("language", ["ar", "zh-hans", "ru", "es", "fr"])
def test_the_page_footer_is_in_the_letter_language(letter_in, language):
    text = pdf_text(letter_pdf(letter_in(language)))

    # Compared letters and digits only: pdftotext moves the spaces around numbers in right-to-left lines.
    assert letters_only(PRINTED[language]["footer"]) in letters_only(text)


@pytest.mark.parametrize("language", ["ar", "zh-hans", "ru", "es"])
def test_the_interface_stays_in_english_or_french_while_a_letter_is_in_another_language(client, letter_in, language):
    letter = letter_in(language)

    page = client.get(letter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    document = client.get(
        reverse("letters:document", args=[letter.slug]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert '<html lang="en"' in page
    assert "The letter as it prints" in page
    assert PRINTED[language]["subject"] in document  # the letter, in its language, framed in the English page


def test_an_arabic_letter_is_a_right_to_left_document(letter_in):
    assert '<html lang="ar" dir="rtl">' in render_letter(letter_in("ar")).html
    assert '<html lang="zh-hans" dir="ltr">' in render_letter(letter_in("zh-hans")).html


def test_an_arabic_pdf_prints_its_words_in_an_arabic_font_with_no_missing_glyph(letter_in):
    pdf = letter_pdf(letter_in("ar"))

    text = letters_only(pdf_text(pdf))
    for key in ("title", "situation", "ask", "organization", "footnote"):
        assert letters_only(TEXTS["ar"][key]) in text, key
    assert "Noto-Naskh-Arabic" in embedded_fonts(pdf)
    assert characters_without_glyphs(pdf) == {}


def test_a_chinese_pdf_prints_its_words_in_a_simplified_chinese_font_with_no_missing_glyph(letter_in):
    pdf = letter_pdf(letter_in("zh-hans"))

    text = letters_only(pdf_text(pdf))
    for key in ("title", "situation", "ask", "organization", "footnote"):
        assert letters_only(TEXTS["zh-hans"][key]) in text, key
    fonts = embedded_fonts(pdf)
    assert "Noto-Serif-CJK-SC" in fonts
    assert "CJK-JP" not in fonts  # the Japanese forms of the characters are not the Chinese ones
    assert characters_without_glyphs(pdf) == {}


@pytest.mark.parametrize("language", ["ru", "es", "fr"])
def test_cyrillic_and_latin_letters_print_in_noto_serif_with_no_missing_glyph(letter_in, language):
    pdf = letter_pdf(letter_in(language))

    assert letters_only(TEXTS[language]["situation"]) in letters_only(pdf_text(pdf))
    assert "Noto-Serif" in embedded_fonts(pdf)
    assert characters_without_glyphs(pdf) == {}


def test_the_glyph_check_sees_characters_no_font_has():
    pdf = HTML(string='<html lang="en"><p>Ready \ue000 or \U000f0001 not</p></html>').write_pdf()

    assert set().union(*characters_without_glyphs(pdf).values()) == {"\ue000", "\U000f0001"}


def test_arabic_lines_start_at_the_right_margin_and_the_ask_numbers_stand_on_the_right(letter_in):
    arabic = lines_on_first_page(letter_pdf(letter_in("ar")))
    english = lines_on_first_page(letter_pdf(letter_in("en")))

    # The signatory line: flush with the right margin in Arabic, with the left margin in English.
    x_min, x_max, _words = line_with(arabic, "2")  # "رابطة حقوق الإنسان 2 (New York, الولايات المتحدة)"
    assert x_max == pytest.approx(TEXT_RIGHT, abs=1.5)
    assert x_min > TEXT_LEFT + 50
    x_min, x_max, _words = line_with(english, "(New")
    assert x_min == pytest.approx(TEXT_LEFT, abs=1.5)
    assert x_max < TEXT_RIGHT - 50
    # The numbered ask: its number to the right of its words in Arabic, to the left in English.
    _x_min, _x_max, words = line_with(arabic, ".1")
    number = next(w for w in words if w[2] == ".1")
    assert all(number[0] > w[1] for w in words if w is not number)
    _x_min, _x_max, words = line_with(english, "1.")
    number = next(w for w in words if w[2] == "1.")
    assert all(number[1] < w[0] for w in words if w is not number)


def test_the_letter_catalogues_hold_only_the_words_letters_print_all_translated():
    entries = {}
    for language in ("ar", "zh_Hans", "ru", "es"):
        po = (Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
        entries[language] = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.*)"$', po, re.M)
        assert all(translated for _context, _msgid, translated in entries[language]), language
        # Compiled and loaded: Django gives the catalogue's words in that language.
        with translation.override(language.lower().replace("_", "-")):
            for context, msgid, translated in entries[language]:
                assert (pgettext(context, msgid) if context else gettext(msgid)) == translated

    assert len({tuple((c, m) for c, m, _t in found) for found in entries.values()}) == 1  # the same strings
    assert len(entries["ar"]) < 20  # the letter's words, not the interface's


def test_a_chinese_subject_follows_its_full_width_colon_without_a_space(letter_in):
    html = render_letter(letter_in("zh-hans")).html

    assert "<strong>事由：</strong>" in html
    assert "<strong>事由：</strong> " not in html


@pytest.mark.parametrize(
    ("language", "colon", "comma"),
    [("fr", "\u00a0: ", ", "), ("zh-hans", "：", "，"), ("ar", ": ", "، "), ("en", ": ", ", ")],
)
def test_the_punctuation_the_template_writes_is_the_letters(letter_in, language, colon, comma):
    letter = letter_in(language)
    letter.place = "Genève"
    html = render_letter(letter).html
    symbol = letter.legal_bases.get().instrument.symbol

    assert f"{symbol}</a>{colon}" in html or f"{symbol}{colon}" in html
    assert f'<p class="date-line">Genève{comma}' in html
