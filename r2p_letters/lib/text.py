"""Folding text for comparison: the one definition of "the same words" for search, duplicates and order."""

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data


def fold(text: str) -> str:
    """Case and accents folded, invisible characters (joiners, direction marks) dropped: "koln" finds "Köln",
    "Côte d'Ivoire" sorts under C, on SQLite and PostgreSQL alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")


@cache
def _prototypes() -> dict[str, str]:
    """Each character of Unicode's confusables table (UTS #39) mapped to the prototype it looks like.

    confusable_homoglyphs keeps the table both ways (source to prototype and back). Each source maps to
    one prototype and no prototype is a source, so each group is a star: the prototype is the member
    with several neighbours, or the one written with several characters. In the few groups of two single
    characters either may stand for both: the smaller one does, and prototypes inside longer ones follow.
    """
    neighbours: dict[str, set[str]] = {}
    for key, entries in confusables_data.items():
        # The table's comments wrap right-to-left characters in direction marks; they are not part of them.
        key = key.replace("\u200e", "") if len(key) > 1 else key
        neighbours.setdefault(key, set()).update(
            entry["c"].replace("\u200e", "") if len(entry["c"]) > 1 else entry["c"] for entry in entries
        )
    prototypes = {}
    for character, others in neighbours.items():
        if len(character) != 1 or len(others) != 1:
            continue
        (other,) = others
        if len(neighbours.get(other, ())) > 1 or len(other) != 1 or other < character:
            prototypes[character] = other
    return prototypes


def _skeleton(text: str) -> str:
    prototypes = _prototypes()
    text = unicodedata.normalize("NFD", text)
    # Twice: a prototype written with several characters may hold a character of a group of two.
    for _ in range(2):
        text = unicodedata.normalize("NFD", "".join(prototypes.get(ch, ch) for ch in text))
    return text


def skeleton(text: str) -> str:
    """The UTS #39 skeleton, whatever the case: "ВВС" (Cyrillic), "BBC" and "bbc" have one skeleton, so do
    "Amnesty lnternational" (a small L), "Amnesty International" and "AMNESTY INTERNATIONAL"."""
    # The table maps capitals and small letters apart (Cyrillic "В" looks like "B", "в" like no Latin letter;
    # Greek "Η" looks like "H", "η" like "n"). Read in capitals first, so that a name and the same name in
    # another case have one skeleton, then in small letters ("m" looks like "rn").
    return _skeleton(_skeleton(text.casefold().upper()).casefold())


def name_key(text: str) -> str:
    """``fold`` of the ``skeleton`` with punctuation and runs of spaces folded too: "Ligue  Centrafricaine des
    Droits de l'Homme." and "ligue centrafricaine des droits de l homme" name the same organization, and so do
    "BBC Media Action" and "ВВС Media Action" written with Cyrillic letters."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(skeleton(text))).split())
