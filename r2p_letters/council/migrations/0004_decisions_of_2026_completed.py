"""Completes and corrects the Council's calendar of 2026 (data/decisions.csv, checked on 2 December 2026).

It corrects four rows 0003 shipped (UNFICYP's 2026 renewal gets its number, S/RES/2815 (2026); UNAMA's resolution its
adoption date; UNIFIL, MONUSCO and UNAMA a better source) and adds nine (UNAMI, UNMHA, BINUH, UNSMIL, UNTMIS, the 2206
South Sudan and 1970 Libya measures and panels). Only those rows are written, so a row an administrator edited in the
admin is left as it is. 0003 reads the same file: on a new database it has loaded these rows already, and this
migration finds nothing to change. Reversed, it puts the four rows back as 0003 shipped them and deletes the nine
(except one a letter aims at, which its letter still needs).
"""

import importlib

from django.db import migrations

read_decisions = importlib.import_module("r2p_letters.council.migrations.0003_decisions_and_letter_aims").read_decisions

# The rows 0003 shipped that this migration corrects, by (kind, name, decides_on), as 0003 shipped them.
CORRECTED = {
    ("mandate_ends", "UNIFIL", "2026-12-31"): {"source": "https://tass.com/world/2008699"},
    ("mandate", "MONUSCO", "2026-12-20"): {
        "source": "https://www.capitalfm.co.ke/news/2025/12/"
        "un-security-council-extends-monusco-mandate-in-dr-congo-to-december-2026/"
    },
    ("mandate", "UNAMA", "2026-03-17"): {
        "adopted_on": None,
        "source": "https://www.urdupoint.com/en/middle-east/security-council-extends-mandate-of-united-na-1946546.html",
    },
    ("mandate", "UNFICYP", "2027-01-31"): {
        "full_name": "United Nations Peacekeeping Force in Cyprus (renewed on 30 January 2026; the resolution's number "
        "is not recorded yet)",
        "resolution": "",
        "source": "https://cyprus-mail.com/2026/01/31/un-security-council-renews-unficyps-mandate",
    },
}
ADDED = {
    ("mandate_ends", "UNAMI", "2025-12-31"),
    ("mandate_ends", "UNMHA", "2026-03-31"),
    ("mandate", "BINUH", "2027-01-31"),
    ("mandate", "UNSMIL", "2026-10-31"),
    ("mandate_ends", "UNTMIS", "2026-10-31"),
    ("sanctions", "2206", "2026-05-31"),
    ("panel", "2206", "2026-07-01"),
    ("sanctions", "1970", "2026-05-01"),
    ("panel", "1970", "2026-05-15"),
}


def key_of(row: dict) -> tuple[str, str, str]:
    return (row["kind"], row["name"], row["decides_on"])


def forward(apps, schema_editor):
    Decision = apps.get_model("council", "Decision")
    known = {field.name for field in Decision._meta.fields}  # columns later migrations added are theirs to load
    for row in read_decisions():
        key = key_of(row)
        if key in CORRECTED or key in ADDED:
            kind, name, decides_on = key
            fields = {
                field: value
                for field, value in row.items()
                if field in known and field not in ("kind", "name", "decides_on")
            }
            Decision.objects.update_or_create(
                kind=kind,
                name=name,
                decides_on=decides_on,
                defaults={**fields, "adopted_on": fields["adopted_on"] or None},
            )


def backward(apps, schema_editor):
    Decision = apps.get_model("council", "Decision")
    for (kind, name, decides_on), fields in CORRECTED.items():
        Decision.objects.filter(kind=kind, name=name, decides_on=decides_on).update(**fields)
    for kind, name, decides_on in ADDED:
        Decision.objects.filter(kind=kind, name=name, decides_on=decides_on, aims__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("council", "0003_decisions_and_letter_aims")]

    operations = [migrations.RunPython(forward, backward)]
