"""A letter template names its DOCX layout (where the title and the date stand), and a copy keeps it.

The built-in templates get theirs by slug. A house style does not record which built-in it was copied
from, but its HTML says it: one that extends a built-in's file gets that built-in's layout; a copy
extends base.j2 with the blocks of the built-in it came from, so it gets the layout of the built-in
whose own lines (those the other built-in does not have) it keeps the most of. One that keeps none,
or as many of each, has base.j2's layout, the open letter's: what its DOCX had until now.
"""

import re

from django.db import migrations, models

OPEN_LETTER, FORMAL_LETTER = "open_letter", "formal_letter"
BUILTIN_LAYOUTS = {"open-letter-security-council": OPEN_LETTER, "letter-foreign-ministers": FORMAL_LETTER}
EXTENDS = re.compile(r"""\{%-?\s*extends\s+["']([\w-]+)\.j2["']""")


def _lines(html: str) -> set[str]:
    return {line.strip() for line in html.splitlines() if line.strip()}


def layout_of(html: str, builtins: dict[str, str]) -> str:
    """The layout of a house style whose HTML is ``html``, given the built-ins' HTML by slug."""
    extends = EXTENDS.search(html)
    if extends and extends.group(1) in BUILTIN_LAYOUTS:
        return BUILTIN_LAYOUTS[extends.group(1)]
    lines = _lines(html)
    kept = {}
    for slug, builtin_html in builtins.items():
        others = set().union(*(_lines(other) for other_slug, other in builtins.items() if other_slug != slug))
        kept[slug] = len(lines & (_lines(builtin_html) - others))
    best = max(kept.values(), default=0)
    closest = [slug for slug, count in kept.items() if count == best]
    return BUILTIN_LAYOUTS[closest[0]] if best and len(closest) == 1 else OPEN_LETTER


def set_layouts(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    builtins = dict(LetterTemplate.objects.filter(is_builtin=True, slug__in=BUILTIN_LAYOUTS)
                    .values_list("slug", "html"))
    for slug, layout in BUILTIN_LAYOUTS.items():
        LetterTemplate.objects.filter(is_builtin=True, slug=slug).update(layout=layout)
    for template in LetterTemplate.objects.filter(is_builtin=False).only("pk", "html"):
        layout = layout_of(template.html, builtins)
        if layout != OPEN_LETTER:
            LetterTemplate.objects.filter(pk=template.pk).update(layout=layout)


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0008_co_lead_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="lettertemplate",
            name="layout",
            field=models.CharField(
                choices=[("open_letter", "Open letter: the title and its issuer, then the date"),
                         ("formal_letter", "Formal letter: the date, the addressee, then the title as a subject line")],
                default="open_letter",
                help_text="Where the DOCX puts the title and the date; a copy keeps the layout of its template.",
                max_length=20, verbose_name="Word layout"),
        ),
        migrations.RunPython(set_layouts, migrations.RunPython.noop),
    ]
