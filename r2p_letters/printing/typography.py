"""The typographic rules of a letter's language, applied to its text as it prints.

French: a narrow no-break space (U+202F) before ; ! ?, a no-break space (U+00A0) before a colon,
and « guillemets » with no-break spaces inside for straight or curly double quotes. Russian and
Spanish: «guillemets» for double quotes, without spaces. Other languages are left as written.

The rules touch text only: never a tag, an attribute or a URL. They run on the letter's context
(plain strings and the sanitized HTML of formatting.py), after sanitizing, so the spaces they add
are characters of the text and need no escaping.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

NBSP = "\u00a0"
NNBSP = "\u202f"

# How each language writes double quotes: (opening, closing) with their inner spaces.
QUOTES = {
    "fr": ("«" + NBSP, NBSP + "»"),
    "ru": ("«", "»"),
    "es": ("«", "»"),
}
_CANDIDATES = re.compile(r"[;:!?\"“”«»]")
# A tag of sanitized HTML: nh3 double-quotes every attribute, so ">" inside quotes is not its end.
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
# What is never retouched inside text: URLs, e-mail addresses, and times or ratios such as 10:30.
_PROTECTED = re.compile(
    r"""((?:[a-z][a-z0-9+.-]*:|www\.)[^\s<>"«»“”]+|[^\s<>"@]+@[^\s<>"@]+\.[a-z]{2,}|\d:\d)""",
    re.IGNORECASE,
)
# A double quote after one of these (or at the start) opens a quotation; anywhere else it closes one.
_OPENS_AFTER = set(" \t\n\u00a0\u202f([{«—–-/'’\u2018")
# Block tags: a quotation never runs across them, so a quote after one of them opens.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|div|h\d|section|article|blockquote)\b", re.IGNORECASE)
_NO_SPACE_AFTER = set("([{«\u00a0\u202f")


def typesets(language: str) -> bool:
    """Whether ``language`` has typographic rules here."""
    return language.split("-")[0] in QUOTES


def typeset_text(text: str, language: str) -> str:
    """Plain ``text`` (not HTML) with the rules of ``language`` applied."""
    if not typesets(language) or not _CANDIDATES.search(text):
        return text
    return _Typesetter(language).text(text)


def typeset_html(markup: str, language: str) -> Markup:
    """Sanitized HTML with the rules of ``language`` applied to its text, its tags left as they are."""
    if not typesets(language) or not _CANDIDATES.search(markup):
        return Markup(markup)
    setter = _Typesetter(language)
    parts = []
    for i, part in enumerate(_TAG.split(str(markup))):
        if i % 2:  # a tag
            if _BLOCK_TAG.match(part):
                setter.previous = ""
            parts.append(part)
        elif part:
            parts.append(html.escape(setter.text(html.unescape(part)), quote=False))
    return Markup("".join(parts))


# Values of the letter context that are codes or addresses, never prose.
_NOT_PROSE = {"url", "language", "direction", "status", "role", "symbol", "href", "logo", "medium", "page_footer"}


def typeset_context(value, language: str):
    """The letter context (dicts, lists, strings, Markup) with the rules of ``language`` applied."""
    if not typesets(language):
        return value
    if isinstance(value, Markup):
        return typeset_html(value, language)
    if isinstance(value, str):
        return typeset_text(value, language)
    if isinstance(value, dict):
        return {key: item if key in _NOT_PROSE else typeset_context(item, language) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(typeset_context(item, language) for item in value)
    return value


class _Typesetter:
    """Applies the rules to successive pieces of one text; remembers the last character across tags."""

    def __init__(self, language: str):
        self.french = language.split("-")[0] == "fr"
        self.opening, self.closing = QUOTES[language.split("-")[0]]
        self.previous = ""  # the last character of the text so far: "" at the start

    def text(self, text: str) -> str:
        out = []
        for i, piece in enumerate(_PROTECTED.split(text)):
            if i % 2 or not piece:  # a URL, an address or a time: as written
                out.append(piece)
            else:
                out.append(self._rules(piece))
            if piece:
                self.previous = out[-1][-1]
        return "".join(out)

    def _rules(self, text: str) -> str:
        out: list[str] = []
        previous = self.previous
        after_opening = False  # spaces typed after an opening guillemet give way to its own
        for index, ch in enumerate(text):
            following = text[index + 1] if index + 1 < len(text) else ""
            if after_opening and ch in " \u00a0\u202f":
                continue
            after_opening = False
            if ch in '"“”':
                if ch == "“" or (ch == '"' and (previous == "" or previous in _OPENS_AFTER)):
                    ch, after_opening = self.opening, self.french
                else:
                    if self.french:
                        _drop_trailing_space(out)
                    ch = self.closing
            elif self.french and ch == "«":
                ch, after_opening = "«" + NBSP, True
            elif self.french and ch == "»":
                _drop_trailing_space(out)
                ch = NBSP + "»"
            elif self.french and ch in ";!?:" and previous and previous not in _NO_SPACE_AFTER:
                if ch == ":" and following and not following.isspace():
                    pass  # 10:30 or a reference such as 1:2: not the punctuation mark
                elif not (previous in "!?" and ch in "!?"):  # "?!" keeps together after one space
                    _drop_trailing_space(out)
                    ch = (NBSP if ch == ":" else NNBSP) + ch
            out.append(ch)
            previous = ch[-1]
        return "".join(out)


def _drop_trailing_space(out: list[str]) -> None:
    """Remove ordinary spaces typed before a mark: the mark brings its own no-break space."""
    while out and out[-1] in (" ", NBSP, NNBSP):
        out.pop()
