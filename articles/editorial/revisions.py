"""Comparing revisions and stale saves: word-level differences editors can read."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.markup.text import html_to_text

# The fields an editor compares, in the order the change form shows them.
COMPARED_FIELDS = [
    ("headline", "Headline"),
    ("headline_is_provisional", "Provisional headline"),
    ("slug", "Slug"),
    ("dek", "Standfirst"),
    ("body", "Body"),
    ("publish_at", "Publish time"),
    ("status", "Status"),
    ("lead_image", "Lead image"),
    ("original_author", "Original author"),
]

_WORD = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as HTML, removed words in <del>, added words in <ins>."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out = []
    for op, i1, i2, j1, j2 in _coalesce(
        difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes(), a
    ):
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def _coalesce(opcodes, a):
    """Merge changes separated only by a space, so a rewritten sentence reads as one
    deletion and one insertion rather than alternating words."""
    merged = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal" and merged:
            last = merged[-1]
            if last[0] != "equal":
                merged[-1] = ("replace", last[1], i2, last[3], j2)
                continue
            only_space = not "".join(a[last[1] : last[2]]).strip()
            if only_space and len(merged) >= 2 and merged[-2][0] != "equal":
                merged.pop()
                before = merged.pop()
                merged.append(("replace", before[1], i2, before[3], j2))
                continue
        merged.append((tag, i1, i2, j1, j2))
    return merged


def _as_text(field: str, value) -> str:
    if value is None:
        return ""
    if field == "body":
        return html_to_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def field_changes(old: dict, new: dict) -> list[dict]:
    """The compared fields that differ between two sets of values, with a word diff each."""
    changes = []
    for field, label in COMPARED_FIELDS:
        if field not in old or field not in new:
            continue
        before, after = _as_text(field, old.get(field)), _as_text(field, new.get(field))
        if before != after:
            changes.append(
                {
                    "field": field,
                    "label": label,
                    "before": before,
                    "after": after,
                    "diff": word_diff(before, after),
                }
            )
    return changes


def version_values(version) -> dict:
    """A reversion ``Version``'s stored article fields, keyed by field name."""
    data = dict(version.field_dict)
    if "lead_image" in data or "lead_image_id" in data:
        data["lead_image"] = data.get("lead_image_id", data.get("lead_image"))
    return data
