"""Matching a story's copyright or reprint notice against the partners' rules.

Pure logic: plain data in, plain data out, nothing from Django.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

GROUPS = ("author", "url", "year", "holder")


@dataclass(frozen=True)
class RulePatterns:
    key: object
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class NoticeMatch:
    key: object
    pattern: str
    matched_text: str
    groups: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        # A broken pattern can only come from outside the admin's validation; it never
        # matches rather than stopping an import.
        return None


def normalise_notice(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) so patterns need not care."""
    return " ".join(text.split())


def match_notice(text: str, rules: Iterable[RulePatterns]) -> NoticeMatch | None:
    """The first rule (in the given order) one of whose patterns matches the notice."""
    notice = normalise_notice(text)
    if not notice:
        return None
    for rule in rules:
        for pattern in rule.patterns:
            compiled = _compile(pattern)
            if compiled is None:
                continue
            found = compiled.search(notice)
            if found:
                groups = {
                    name: (found.groupdict().get(name) or "").strip()
                    for name in GROUPS
                    if found.groupdict().get(name)
                }
                return NoticeMatch(
                    key=rule.key, pattern=pattern, matched_text=found.group(0), groups=groups
                )
    return None


@dataclass(frozen=True)
class PatternTest:
    line: int
    pattern: str
    error: str = ""
    matched_text: str = ""
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def matched(self) -> bool:
        return bool(self.matched_text)


def try_patterns(patterns: str, text: str) -> list[PatternTest]:
    """Each pattern line tried against ``text`` the way the importer tries it."""
    notice = normalise_notice(text)
    results = []
    for number, line in enumerate(patterns.splitlines(), start=1):
        pattern = line.strip()
        if not pattern:
            continue
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            results.append(PatternTest(number, pattern, error=str(exc)))
            continue
        found = compiled.search(notice) if notice else None
        if found is None:
            results.append(PatternTest(number, pattern))
            continue
        groups = {k: v.strip() for k, v in found.groupdict().items() if v and k in GROUPS}
        results.append(PatternTest(number, pattern, matched_text=found.group(0), groups=groups))
    return results


# What a new rule's pattern should leave variable, and the group that captures it.
_VARIABLE_PARTS = (
    ("url", re.compile(r"https?://\S+"), r"(?P<url>https?://\S+)"),
    (
        "author",
        re.compile(r"(?:(?<=Author: )|(?<=Author:)|(?<=By )|(?<=作者：)|(?<=作者:))[^.,;，。:：]+"),
        r"(?P<author>[^.,;，。]+?)",
    ),
    ("year", re.compile(r"\b(?:19|20)\d{2}\b"), r"(?P<year>\d{4})"),
)


def suggest_pattern(notice: str) -> str:
    """A regular expression matching ``notice`` and its variants: its URL, author and year
    become named groups, and any run of whitespace may vary."""
    text = normalise_notice(notice)
    if not text:
        return ""
    spans: list[tuple[int, int, str]] = []
    for _name, finder, replacement in _VARIABLE_PARTS:
        for found in finder.finditer(text):
            start, end = found.span()
            if any(start < e and s < end for s, e, _ in spans):
                continue
            spans.append((start, end, replacement))
            break  # a named group may appear only once
    spans.sort()
    out, pos = [], 0
    for start, end, replacement in spans:
        out.append(_literal(text[pos:start]))
        out.append(replacement)
        pos = end
    out.append(_literal(text[pos:]))
    return "".join(out)


def _literal(segment: str) -> str:
    return re.sub(r"(?:\\ )+", r"\\s*", re.escape(segment))
