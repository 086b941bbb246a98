"""Citations go inline: each legal-basis entry's words join the situation, its note called where it printed.

An entry with words printed them as a paragraph after the situation, its note at the end; one without words
added its note to the paragraph before. They become the situation's last paragraphs, each ending with the call
of its note ("…World Summit in 2005.[^A/RES/60/1, paras 138–139]"): the words and the notes print as before,
in the same order. The entries stay as the letter's legal basis (instrument and pinpoint), now read from the
text. The way back turns the situation's last paragraphs that end with such calls into entries again.

The catalogue's symbols are written one way first ("S/RES/2811(2025)" is "S/RES/2811 (2025)"), so that a symbol
in a sentence finds its entry; that is not undone (both forms name the same document).
"""

from django.db import migrations

from r2p_letters.lib.un_symbols import un_symbol_normalize
from r2p_letters.printing.citations import instrument_key, legal_basis_as_paragraphs, paragraphs_as_legal_basis


def symbols_normalize(apps, schema_editor):
    LegalInstrument = apps.get_model("letters", "LegalInstrument")
    taken = set(LegalInstrument.objects.values_list("symbol", flat=True))
    for instrument in LegalInstrument.objects.all():
        symbol = un_symbol_normalize(instrument.symbol)
        if symbol != instrument.symbol and symbol not in taken:  # two entries for one document: left to a coordinator
            taken.add(symbol)
            instrument.symbol = symbol
            instrument.save(update_fields=["symbol"])


def legal_basis_into_text(apps, schema_editor):
    LegalBasis = apps.get_model("letters", "LegalBasis")
    Paragraph = apps.get_model("letters", "Paragraph")
    for letter_id in set(LegalBasis.objects.values_list("letter_id", flat=True)):
        entries = LegalBasis.objects.filter(letter_id=letter_id).select_related("instrument").order_by("position", "id")
        situation = list(Paragraph.objects.filter(letter_id=letter_id, section="situation").order_by("position", "id"))
        last, new = legal_basis_as_paragraphs(
            [{"symbol": e.instrument.symbol, "pinpoint": e.pinpoint, "text": e.text} for e in entries],
            last_paragraph=situation[-1].text if situation else None,
        )
        if situation and last != situation[-1].text:
            situation[-1].text = last
            situation[-1].save(update_fields=["text"])
        start = (situation[-1].position + 1) if situation else 0
        Paragraph.objects.bulk_create(
            Paragraph(letter_id=letter_id, section="situation", position=start + i, text=text)
            for i, text in enumerate(new)
        )
        entries.update(text="")


def legal_basis_out_of_text(apps, schema_editor):
    LegalBasis = apps.get_model("letters", "LegalBasis")
    LegalInstrument = apps.get_model("letters", "LegalInstrument")
    Paragraph = apps.get_model("letters", "Paragraph")
    catalogue = {instrument_key(i.symbol): i for i in LegalInstrument.objects.all()}
    letter_ids = Paragraph.objects.filter(section="situation", text__contains="[^").values_list("letter_id", flat=True)
    for letter_id in set(letter_ids):
        situation = list(Paragraph.objects.filter(letter_id=letter_id, section="situation").order_by("position", "id"))
        kept, entries = paragraphs_as_legal_basis([p.text for p in situation])
        rows = []
        for position, entry in enumerate(entries):
            found = [(catalogue[instrument_key(s)], pin) for s, pin in entry["readings"] if instrument_key(s) in catalogue]
            if not found:
                break  # a call of an instrument the catalogue lacks: this letter's text stays as it is
            instrument, pinpoint = found[0]
            rows.append(
                LegalBasis(
                    letter_id=letter_id, instrument=instrument, pinpoint=pinpoint, text=entry["text"], position=position
                )
            )
        if not entries or len(rows) != len(entries):
            continue
        Paragraph.objects.filter(pk__in=[p.pk for p in situation[len(kept) :]]).delete()
        LegalBasis.objects.filter(letter_id=letter_id).delete()
        LegalBasis.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("letters", "0010_section_edits")]

    operations = [
        migrations.RunPython(symbols_normalize, migrations.RunPython.noop),
        migrations.RunPython(legal_basis_into_text, legal_basis_out_of_text),
    ]
