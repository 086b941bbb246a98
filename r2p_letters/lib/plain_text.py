"""One line of text that prints as typed: names, titles, places. The one rule for every form that takes one.

Refused: characters that change the direction of the text (a right-to-left override makes
"Human Rights Watch" show as something else than what is stored), other control and invisible
characters, and words that mix alphabets whose letters look alike ("Аmnesty" with a Cyrillic "А").
Right-to-left scripts, their direction marks, joiners and emoji are welcome.
"""

import re
import unicodedata

from confusable_homoglyphs.categories import alias
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): no typed name needs them, and they
# reorder what follows them.
DIRECTION_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Left-to-right, right-to-left and Arabic letter marks: text in a right-to-left script needs them to show
# numbers and Latin words in their place; anywhere else they only hide.
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
# Zero-width non-joiner and joiner: Persian, Indic scripts and emoji sequences need them.
JOINERS = frozenset("\u200c\u200d")
INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Co", "Cs", "Cn"))

# Letters of these scripts look alike; a word that mixes them is a homoglyph trick ("Аmnesty" with a Cyrillic
# А), never a real spelling.
LOOKALIKE_SCRIPTS = frozenset(("LATIN", "CYRILLIC", "GREEK"))
WORD = re.compile(r"[^\W_]+")

DIRECTION_MESSAGE = _(
    "This field holds hidden characters that change the direction of the text, so it would "
    "not show as it was typed. Remove them: typing the text again removes them."
)
INVISIBLE_MESSAGE = _("Remove the invisible or control characters from this field.")


def _is_right_to_left_letter(ch: str) -> bool:
    # The right-to-left mark is of the right-to-left class itself: only letters count.
    return ch.isalpha() and unicodedata.bidirectional(ch) in ("R", "AL")


def validate_no_hidden_characters(value: str) -> None:
    """Refuse direction controls (and direction marks in text with no right-to-left letter), control,
    private-use and other invisible characters, and U+FFFD (what undecodable input becomes)."""
    if any(ch in DIRECTION_CONTROLS for ch in value) or (
        any(ch in DIRECTION_MARKS for ch in value) and not any(_is_right_to_left_letter(ch) for ch in value)
    ):
        raise ValidationError(DIRECTION_MESSAGE, code="direction_characters")
    if any(
        ch == "\ufffd"
        or (unicodedata.category(ch) in INVISIBLE_CATEGORIES and ch not in JOINERS and ch not in DIRECTION_MARKS)
        for ch in value
    ):
        raise ValidationError(INVISIBLE_MESSAGE, code="control_characters")


def validate_one_alphabet_per_word(value: str) -> None:
    """Refuse a word that mixes letters of alphabets that look alike (Latin, Cyrillic, Greek)."""
    for word in WORD.findall(value):
        scripts = {alias(ch) for ch in word if ch.isalpha()} & LOOKALIKE_SCRIPTS
        if len(scripts) > 1:
            raise ValidationError(
                _(
                    "“%(word)s” mixes letters of different alphabets that look alike (for example a Cyrillic "
                    "“а” among Latin letters). Please type it again in one alphabet."
                ),
                code="mixed_scripts",
                params={"word": word},
            )


def validate_plain_text(value: str) -> None:
    """The rule of a name, title or place: no hidden characters, one alphabet per word."""
    validate_no_hidden_characters(value)
    validate_one_alphabet_per_word(value)


class PlainCharField(forms.CharField):
    """A one-line text field that takes text as it prints: folded to NFC, then ``validate_plain_text``.

    A refused value stays in the form, as typed, with the message.
    """

    def clean(self, value):
        value = super().clean(value)
        if value:
            value = unicodedata.normalize("NFC", value)
            validate_plain_text(value)
        return value
