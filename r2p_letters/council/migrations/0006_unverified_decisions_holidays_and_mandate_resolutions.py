"""The calendar says which dates its source does not state (``Decision.verified``), knows the UN Headquarters
holidays (``Holiday``, data/un_holidays.csv) and puts the mandates' resolutions in the legal catalogue.

Data (checked on 2 December 2026): three decisions (the 1591 Sudan measures, UNAMA's extension of March 2026, both
with an inferred day and so unverified, and the 1718 Panel of Experts' end in 2024); the holidays of the years whose
circular a page gave; and one ``letters.LegalInstrument`` for each resolution of data/decisions.csv with its adoption
date, titled from the mandates it set. Other rows already there are not rewritten, except an unverified catalogue entry of
the same symbol, which gets the checked title and date. Reversed: the three decisions go (unless a letter aims at
one), the holidays go, and the catalogue entries added here go unless a letter cites them.
"""

import csv
import datetime
import importlib
from pathlib import Path

from django.db import migrations
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import override

read_decisions = importlib.import_module("r2p_letters.council.migrations.0003_decisions_and_letter_aims").read_decisions
HOLIDAYS = Path(__file__).resolve().parents[1] / "data" / "un_holidays.csv"
ADDED = {
    ("sanctions", "1591", "2026-09-12"),
    ("mandate", "UNAMA", "2026-06-17"),
    ("mandate_ends", "1718 Panel", "2024-04-30"),
}
# The catalogue entries this migration created, kept in the entry's summary so a reversal deletes only those.
MARK = "Sets the mandates the Council's calendar lists."


def read_holidays() -> list[dict]:
    lines = [line for line in HOLIDAYS.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def mandate_resolutions() -> dict[str, dict]:
    """Each resolution of the calendar with its adoption date, and a title naming what it set."""
    found: dict[str, dict] = {}
    for row in read_decisions():
        if not (row["resolution"] and row["adopted_on"]):
            continue
        entry = found.setdefault(row["resolution"], {"adopted_on": row["adopted_on"], "parts": []})
        with override("en"):
            until = date_format(datetime.date.fromisoformat(row["decides_on"]), "j F Y")
        entry["parts"].append(f"{row['full_name'] or row['name']}, until {until}")
    return found


def forward(apps, schema_editor):
    Decision = apps.get_model("council", "Decision")
    Holiday = apps.get_model("council", "Holiday")
    LegalInstrument = apps.get_model("letters", "LegalInstrument")
    for row in read_decisions():
        key = (row["kind"], row["name"], row["decides_on"])
        verified = row.get("verified", "True") != "False"
        if key in ADDED:
            fields = {k: v for k, v in row.items() if k not in ("kind", "name", "decides_on", "verified")}
            # 0003 reads today's file: on a new database it loaded these rows already, without "verified".
            Decision.objects.update_or_create(
                kind=key[0],
                name=key[1],
                decides_on=key[2],
                defaults={**fields, "adopted_on": fields["adopted_on"] or None, "verified": verified},
            )
    for row in read_holidays():
        Holiday.objects.get_or_create(day=row["day"], defaults={k: v for k, v in row.items() if k != "day"})
    for symbol, entry in mandate_resolutions().items():
        fields = {
            "kind": "sc_resolution",
            "title": "; ".join(entry["parts"])[:300],
            "adopted_on": entry["adopted_on"],
            "url": "https://undocs.org/" + symbol.replace(" ", ""),
            "verified": True,
        }
        existing = LegalInstrument.objects.filter(symbol=symbol).first()
        if existing is None:
            slug = slugify(symbol.replace("/", "-"))
            if LegalInstrument.objects.filter(slug=slug).exists():
                slug = f"{slug}-checked"
            LegalInstrument.objects.create(symbol=symbol, slug=slug, summary=MARK, **fields)
        elif not existing.verified:
            LegalInstrument.objects.filter(pk=existing.pk).update(**fields)


def backward(apps, schema_editor):
    Decision = apps.get_model("council", "Decision")
    Holiday = apps.get_model("council", "Holiday")
    LegalInstrument = apps.get_model("letters", "LegalInstrument")
    for kind, name, decides_on in ADDED:
        Decision.objects.filter(kind=kind, name=name, decides_on=decides_on, aims__isnull=True).delete()
    Holiday.objects.filter(day__in=[row["day"] for row in read_holidays()]).delete()
    LegalInstrument.objects.filter(symbol__in=list(mandate_resolutions()), summary=MARK, citations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0005_decision_verified_and_holidays"),
        ("letters", "0016_thematic_resolutions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
