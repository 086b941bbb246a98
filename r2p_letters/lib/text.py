"""Folding text for comparison: the one definition of "the same words" for search, duplicates and order."""

import unicodedata


def fold(text: str) -> str:
    """Case and accents folded, invisible characters (joiners, direction marks) dropped: "koln" finds "Köln",
    "Côte d'Ivoire" sorts under C, on SQLite and PostgreSQL alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")


def name_key(text: str) -> str:
    """``fold`` with punctuation and runs of spaces folded too: "Ligue  Centrafricaine des Droits de l'Homme." and
    "ligue centrafricaine des droits de l homme" name the same organization."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())
