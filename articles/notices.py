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
