"""Reading revisions: a section's content as lines of text, and a word-level diff between two."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .sections import SECTIONS

TOKEN = re.compile(r"\s+|[^\s]+")


def revision_lines(section: str, content: dict) -> list[str]:
    """A section's content as the lines a reader compares: "Field: value", then numbered items."""
    spec = SECTIONS[section]
    lines = []
    if spec.fields_form:
        form_fields = spec.fields_form.base_fields
        values = content.get("fields", {})
        # The form's order, not the stored dict's: PostgreSQL's jsonb gives keys back in its own order.
        for name in [n for n in form_fields if n in values] + [n for n in values if n not in form_fields]:
            label = form_fields[name].label if name in form_fields else name
            lines.append(f"{label}: {'' if values[name] is None else values[name]}")
    item_fields = list(spec.item_form.base_fields) if spec.item_form else []
    for number, item in enumerate(content.get("items", []), start=1):
        names = [n for n in item_fields if n in item] + [n for n in item if n not in item_fields]
        values = [str(item[n]) for n in names if item[n] not in ("", None)]
        lines.append(f"{number}. " + " · ".join(values))
    return lines


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """What changed from ``old`` to ``new``, word by word."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def revision_diff(section: str, old: dict, new: dict) -> list[list[Piece]]:
    """Line-aligned word diffs between two contents of the same section."""
    old_lines, new_lines = revision_lines(section, old), revision_lines(section, new)
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [[Piece("same", line)] for line in old_lines[i1:i2]]
        else:
            # Lines replaced one for one are compared word by word; the surplus is removed or added.
            paired = min(i2 - i1, j2 - j1)
            rows += [word_diff(old_lines[i1 + k], new_lines[j1 + k]) for k in range(paired)]
            rows += [[Piece("removed", line)] for line in old_lines[i1 + paired : i2]]
            rows += [[Piece("added", line)] for line in new_lines[j1 + paired : j2]]
    return rows
