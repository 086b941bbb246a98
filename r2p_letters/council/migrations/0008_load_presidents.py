"""Names the Permanent Representatives who presided over the Council in the months a UN page confirms
(data/presidents.csv, checked on 2 December 2026). A month whose presidency is another member, or already names
someone (an administrator's edit), is left alone. Reversed, the names this file gave are emptied."""

import csv
from pathlib import Path

from django.db import migrations

PRESIDENTS = Path(__file__).resolve().parents[1] / "data" / "presidents.csv"


def read_presidents() -> list[dict]:
    lines = [line for line in PRESIDENTS.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def forward(apps, schema_editor):
    Presidency = apps.get_model("council", "Presidency")
    for row in read_presidents():
        Presidency.objects.filter(
            year=row["year"], month=row["month"], member__country=row["country"], representative=""
        ).update(representative=row["representative"], representative_source=row["source"])


def backward(apps, schema_editor):
    Presidency = apps.get_model("council", "Presidency")
    for row in read_presidents():
        Presidency.objects.filter(
            year=row["year"], month=row["month"], representative=row["representative"]
        ).update(representative="", representative_source="")


class Migration(migrations.Migration):
    dependencies = [("council", "0007_presidency_representative")]

    operations = [migrations.RunPython(forward, backward)]
