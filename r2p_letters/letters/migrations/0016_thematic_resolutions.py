"""The catalogue knows the thematic resolutions R2P letters cite that it lacked (issue 15): women, peace and security
(1889, 1960, 2106, 2122, 2242, 2467, 2493) and children and armed conflict (2427), each checked (the comment above
them in examples/instruments.toml says against what). An entry a drafter already added, unverified, from a letter's
citation gets the checked title and date and becomes verified. Reversed, the entries no letter cites are deleted."""

import tomllib
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

CATALOGUE = Path(__file__).resolve().parents[1] / "examples" / "instruments.toml"
SYMBOLS = [
    "S/RES/1889 (2009)",
    "S/RES/1960 (2010)",
    "S/RES/2106 (2013)",
    "S/RES/2122 (2013)",
    "S/RES/2242 (2015)",
    "S/RES/2467 (2019)",
    "S/RES/2493 (2019)",
    "S/RES/2427 (2018)",
]


def forward(apps, schema_editor):
    LegalInstrument = apps.get_model("letters", "LegalInstrument")
    entries = {entry["symbol"]: entry for entry in tomllib.loads(CATALOGUE.read_text())["instrument"]}
    for symbol in SYMBOLS:
        entry = entries[symbol]
        fields = {
            "kind": entry["kind"],
            "title": entry["title"],
            "adopted_on": entry["adopted_on"],
            "summary": entry.get("summary", ""),
            "url": entry.get("url", ""),
            "verified": True,
        }
        if not LegalInstrument.objects.filter(symbol=symbol).update(**fields):
            slug = slugify(symbol.replace("/", "-"))
            if LegalInstrument.objects.filter(slug=slug).exists():
                slug = f"{slug}-checked"
            LegalInstrument.objects.create(symbol=symbol, slug=slug, **fields)


def backward(apps, schema_editor):
    LegalInstrument = apps.get_model("letters", "LegalInstrument")
    LegalInstrument.objects.filter(symbol__in=SYMBOLS, citations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0015_letter_print_references")]

    operations = [migrations.RunPython(forward, backward)]
