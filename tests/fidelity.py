"""The partner fidelity corpus (``tests/fixtures/partners/``): its cases, and how one import
report is scored against a case's expected fields.

Shared by ``tests/test_fidelity_corpus.py`` (pass or fail per text) and
``bench/bench_fidelity.py`` (accuracy per field). Pure Python: it reads files and compares
dictionaries; the callers run the importer. The expected-field contract is described in
``tests/fixtures/partners/README.md``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "fixtures" / "partners"

# The keys every ``<name>.expected.json`` holds, as agreed with the parser's maintainers.
EXPECTED_KEYS = frozenset(
    {
        "headline",
        "headline_provisional",
        "headline_must_not_contain",
        "original_author",
        "original_url",
        "source",
        "license",
        "status",
        "tags",
        "image_credits",
        "upstream_credits",
        "body_must_contain",
        "body_must_not_contain",
    }
)

# The scored fields, in the order the bench prints them (issue 14's targets: 95 % each).
FIELDS = (
    "headline",
    "author",
    "url",
    "source",
    "license",
    "status",
    "tags",
    "image_credits",
    "upstream_credits",
    "body",
)

_MISSING = object()
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Case:
    """One partner text and what its import must give."""

    name: str  # "<format>/<stem>", the test id
    format: str
    path: Path
    expected: dict


def load_cases(root: Path = CORPUS) -> list[Case]:
    """Every ``<format>/<name>.txt`` under ``root`` with its ``<name>.expected.json``."""
    cases = []
    for path in sorted(root.glob("*/*.txt")):
        expected_path = path.with_name(path.stem + ".expected.json")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        fmt = path.parent.name
        cases.append(Case(name=f"{fmt}/{path.stem}", format=fmt, path=path, expected=expected))
    return cases


def norm(text) -> str:
    """Whitespace-insensitive form: any run of spaces (non-breaking ones too) is one space."""
    return _SPACES.sub(" ", str(text or "")).strip()


def _get(article: dict, key: str):
    return article.get(key, _MISSING)


def _missing(key: str) -> str:
    return f"the report has no {key!r} key"


def _fold_set(values) -> set[str]:
    return {norm(v).casefold() for v in values or ()}


def _check_headline(exp: dict, art: dict) -> str | None:
    headline = _get(art, "headline")
    provisional = _get(art, "headline_is_provisional")
    if headline is _MISSING:
        return _missing("headline")
    if provisional is _MISSING:
        return _missing("headline_is_provisional")
    if exp["headline"] is not None and norm(headline) != norm(exp["headline"]):
        return f"headline {headline!r}, expected {exp['headline']!r}"
    if not norm(headline):
        return "empty headline"
    junk = [
        j for j in exp.get("headline_must_not_contain", ()) if j.casefold() in headline.casefold()
    ]
    if junk:
        return f"headline {headline!r} contains {junk!r}"
    if bool(provisional) != bool(exp["headline_provisional"]):
        return f"headline_is_provisional {provisional!r}, expected {exp['headline_provisional']!r}"
    return None


def _check_equal(exp_value, art: dict, key: str, *, fold: bool = False) -> str | None:
    value = _get(art, key)
    if value is _MISSING:
        return _missing(key)
    got, want = norm(value), norm(exp_value)
    if fold:
        got, want = got.casefold(), want.casefold()
    if got != want:
        return f"{key} {value!r}, expected {exp_value!r}"
    return None


def _check_set(exp_values, art: dict, key: str) -> str | None:
    values = _get(art, key)
    if values is _MISSING:
        return _missing(key)
    if _fold_set(values) != _fold_set(exp_values):
        return f"{key} {sorted(values)!r}, expected {sorted(exp_values)!r}"
    return None


def _check_body(exp: dict, art: dict) -> str | None:
    body = _get(art, "body_text")
    if body is _MISSING:
        return _missing("body_text")
    body = norm(body)
    lost = [s for s in exp.get("body_must_contain", ()) if norm(s) not in body]
    kept = [s for s in exp.get("body_must_not_contain", ()) if norm(s) in body]
    problems = []
    if lost:
        problems.append(f"body lacks {lost!r}")
    if kept:
        problems.append(f"body still has {kept!r}")
    return "; ".join(problems) or None


def score(expected: dict, article: dict | None, *, file_status: str = "", error=None) -> dict:
    """Each scored field of ``FIELDS`` mapped to ``None`` (as expected) or why it is not.

    ``article`` is the report's per-file ``article`` object (``articles.ingest.report``);
    ``None`` (a rejected file) misses every field. A key the report lacks is a miss."""
    if article is None:
        why = f"no article: the file was {file_status or 'not imported'} ({error})"
        return dict.fromkeys(FIELDS, why)
    return {
        "headline": _check_headline(expected, article),
        "author": _check_equal(expected["original_author"], article, "original_author"),
        "url": _check_equal(expected["original_url"], article, "original_url"),
        "source": _check_equal(expected["source"], article, "source", fold=True),
        "license": _check_equal(expected["license"], article, "license", fold=True),
        "status": _check_equal(expected["status"], article, "status"),
        "tags": _check_set(expected["tags"], article, "tags"),
        "image_credits": _check_set(expected["image_credits"], article, "image_credits"),
        "upstream_credits": _check_set(expected["upstream_credits"], article, "upstream_credits"),
        "body": _check_body(expected, article),
    }


def misses(checks: dict) -> dict:
    """Only the fields that came out wrong."""
    return {field: why for field, why in checks.items() if why is not None}
