"""The calendar's earlier years, as far as a source confirmed them (data/decisions.csv, checked on 2 December 2026):
22 past decisions from 2011 to 2026 of UNMISS, UNDOF, UNAMA, UNSMIL, UNVMC and the 1591, 1970 and 2206 regimes, each
with its source; a resolution's number or adoption date the source did not give is left empty. Only these rows are
written, so a row an administrator edited is left alone; reversed, they go (except one a letter aims at).
"""

import importlib

from django.db import migrations

read_decisions = importlib.import_module("r2p_letters.council.migrations.0003_decisions_and_letter_aims").read_decisions

ADDED = {
    ("mandate", "UNMISS", "2018-03-15"),
    ("mandate", "UNMISS", "2024-04-30"),
    ("mandate", "UNMISS", "2025-04-30"),
    ("mandate", "UNMISS", "2025-05-09"),
    ("mandate", "UNDOF", "2011-12-31"),
    ("mandate", "UNDOF", "2019-12-31"),
    ("mandate", "UNDOF", "2023-12-31"),
    ("mandate", "UNDOF", "2025-06-30"),
    ("mandate", "UNDOF", "2025-12-31"),
    ("mandate", "UNAMA", "2022-03-17"),
    ("mandate", "UNAMA", "2025-03-17"),
    ("panel", "1591", "2019-03-12"),
    ("panel", "1591", "2022-03-12"),
    ("panel", "1591", "2025-03-12"),
    ("panel", "1591", "2026-03-12"),
    ("sanctions", "1591", "2025-09-12"),
    ("mandate", "UNSMIL", "2018-09-15"),
    ("panel", "1970", "2018-11-15"),
    ("mandate", "UNVMC", "2018-09-26"),
    ("sanctions", "2206", "2019-05-31"),
    ("mandate", "UNSMIL", "2019-09-15"),
    ("panel", "1970", "2020-02-15"),
}


def forward(apps, schema_editor):
    Decision = apps.get_model("council", "Decision")
    for row in read_decisions():
        key = (row["kind"], row["name"], row["decides_on"])
        if key in ADDED:
            fields = {k: v for k, v in row.items() if k not in ("kind", "name", "decides_on", "verified")}
            Decision.objects.update_or_create(
                kind=key[0],
                name=key[1],
                decides_on=key[2],
                defaults={**fields, "adopted_on": fields["adopted_on"] or None, "verified": row["verified"] != "False"},
            )


def backward(apps, schema_editor):
    Decision = apps.get_model("council", "Decision")
    for kind, name, decides_on in ADDED:
        Decision.objects.filter(kind=kind, name=name, decides_on=decides_on, aims__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("council", "0008_load_presidents")]

    operations = [migrations.RunPython(forward, backward)]
