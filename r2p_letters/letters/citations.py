"""The instruments a letter's text cites, found in its words (printing/citations.py) and kept as its legal basis.

The legal basis is no longer typed apart: it is what the paragraphs and asks cite, read again from them on
every write (``letter_citations_sync``, called by ``Section.apply`` and ``letter_refresh``). It tells the
printing which catalogue entry each citation names, the library which letters cite an instrument, and the
composer which symbols the catalogue lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from r2p_letters.printing.citations import (
    Citation,
    citations_find,
    instrument_key,
    legal_basis_as_paragraphs,
    makes_a_note,
)

from .models import LegalBasis, LegalInstrument, Letter


def letter_texts(letter: Letter) -> list[str]:
    """The letter's texts that may cite, in reading order (as the letter prints them)."""
    paragraphs = {section: [] for section in ("opening", "situation", "closing")}
    for paragraph in letter.paragraphs.all():
        paragraphs.setdefault(paragraph.section, []).append(paragraph.text)
    return [
        *paragraphs["opening"],
        *paragraphs["situation"],
        *(ask.text for ask in letter.asks.all()),
        *paragraphs["closing"],
    ]


def letter_citations(letter: Letter) -> list[Citation]:
    return [citation for text in letter_texts(letter) for citation in citations_find(text)]


def instruments_by_key(symbols: list[str]) -> dict[str, LegalInstrument]:
    """The catalogue entries these symbols name, by instrument_key: "S/RES/1674" finds "S/RES/1674 (2006)"."""
    keys = {instrument_key(symbol) for symbol in symbols}
    if not keys:
        return {}
    query = Q(symbol__in=keys)
    for key in keys:
        if key.startswith("S/RES/") and "(" not in key:
            query |= Q(symbol__startswith=f"{key} (")
    return {instrument_key(instrument.symbol): instrument for instrument in LegalInstrument.objects.filter(query)}


@dataclass(frozen=True)
class CitedSymbol:
    """A symbol the letter's text cites, as written first, and its catalogue entry (None: not in the catalogue)."""

    symbol: str
    written: str
    instrument: LegalInstrument | None


def letter_cited_symbols(letter: Letter) -> list[CitedSymbol]:
    """Every instrument the letter cites, once each, in reading order, with its catalogue entry if it has one."""
    citations = letter_citations(letter)
    catalogue = instruments_by_key([symbol for c in citations for symbol, _pinpoint in c.readings])
    cited: dict[str, CitedSymbol] = {}
    for citation in citations:
        instrument = next(
            (catalogue[instrument_key(s)] for s, _pin in citation.readings if instrument_key(s) in catalogue), None
        )
        key = instrument_key(instrument.symbol) if instrument else instrument_key(citation.symbol)
        if key not in cited:
            cited[key] = CitedSymbol(instrument.symbol if instrument else citation.symbol, citation.symbol, instrument)
    return list(cited.values())


def letter_citations_sync(*, letter: Letter) -> None:
    """Keep the letter's legal basis to what its text cites, one entry per instrument and pinpoint in the order
    their notes print (printing/citations.py, makes_a_note)."""
    texts = [citations_find(text) for text in letter_texts(letter)]
    catalogue = instruments_by_key([symbol for found in texts for c in found for symbol, _pinpoint in c.readings])

    def resolve(citation: Citation) -> tuple[LegalInstrument, str] | None:
        return next(
            ((catalogue[instrument_key(s)], pin) for s, pin in citation.readings if instrument_key(s) in catalogue),
            None,
        )

    wanted: list[tuple[int, str]] = []
    cited: set[str] = set()
    for found in texts:
        resolved = [(citation, resolve(citation)) for citation in found]
        called_here = {r[0].symbol for c, r in resolved if c.is_call and r}
        for citation, instrument_pinpoint in resolved:
            if instrument_pinpoint is None:
                continue
            instrument, pinpoint = instrument_pinpoint
            if makes_a_note(citation, instrument.symbol, called_here=called_here, cited=cited):
                cited.add(instrument.symbol)
                if (instrument.pk, pinpoint) not in wanted:
                    wanted.append((instrument.pk, pinpoint))
    current = list(LegalBasis.objects.filter(letter=letter).values_list("instrument_id", "pinpoint"))
    if current == wanted:
        return
    LegalBasis.objects.filter(letter=letter).delete()
    LegalBasis.objects.bulk_create(
        LegalBasis(letter=letter, instrument_id=instrument_id, pinpoint=pinpoint, position=i)
        for i, (instrument_id, pinpoint) in enumerate(wanted)
    )
    # The letter's prefetched parts are stale now: the next read of its legal basis asks the database.
    getattr(letter, "_prefetched_objects_cache", {}).pop("legal_bases", None)


def situation_with_legal_basis(situation: list[str], legal_basis: list[dict]) -> list[str]:
    """The situation's paragraphs with legal-basis entries written the old way (each {"instrument": symbol,
    "pinpoint", "text"}, as example files and JSON exports before inline citations have them) joined to
    them, printing as the entries did (printing/citations.py, legal_basis_as_paragraphs)."""
    entries = [
        {"symbol": entry["instrument"], "pinpoint": entry.get("pinpoint", ""), "text": entry.get("text", "")}
        for entry in legal_basis
    ]
    last, new = legal_basis_as_paragraphs(entries, last_paragraph=situation[-1] if situation else None)
    return [*situation[:-1], last, *new] if situation else new


def instrument_kind_of(symbol: str) -> str:
    """The catalogue kind a UN symbol's series tells: S/RES/ a Council resolution, A/RES/ an Assembly one,
    any other a report or statement."""
    if symbol.startswith("S/RES/"):
        return LegalInstrument.Kind.SC_RESOLUTION
    if symbol.startswith("A/RES/"):
        return LegalInstrument.Kind.GA_RESOLUTION
    return LegalInstrument.Kind.REPORT
