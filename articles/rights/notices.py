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
    # How strict the rule is, compared in order: permission level, then edits (higher is
    # stricter). Other terms never decide between two matching rules.
    rank: tuple[int, ...] = (0,)
    license: str = ""  # the SPDX id of the licence the rule republishes under
    source: object = None  # the partner the rule belongs to, None for a generic rule


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


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def choose_rule(
    notice: str,
    rules: Iterable[RulePatterns],
    *,
    licence: str = "",
    source: object = None,
    fallback_rank: int | None = None,
) -> NoticeMatch | None:
    """The rule that governs a story with this notice: of the rules its lines and sentences
    match (each the first by priority), the licence it states (``licence``, an SPDX id) and,
    with no notice at all, its partner's own rule if that is at least ``fallback_rank``
    strict, the strictest. When two disagree the stricter applies; on a tie, the first.

    A notice that matches nothing gives None: the story is held as unknown."""
    rules = list(rules)
    order = {id(rule): index for index, rule in enumerate(rules)}
    by_key = {rule.key: rule for rule in rules}
    found: list[tuple[RulePatterns, NoticeMatch]] = []
    candidates = rules
    for piece in _pieces(notice):
        match = match_notice(piece, candidates)
        if match is not None:
            rule = by_key[match.key]
            found.append((rule, match))
            # The other pieces can only matter through a rule at least as strict.
            candidates = [r for r in candidates if r.rank >= rule.rank]
    if licence:
        by_licence = [r for r in rules if r.license == licence and r.source in (source, None)]
        by_licence.sort(key=lambda r: (r.source is None, order[id(r)]))
        if by_licence:
            found.append((by_licence[0], NoticeMatch(by_licence[0].key, "", licence)))
    if not found and not notice.strip() and source is not None and fallback_rank is not None:
        own = [r for r in rules if r.source == source and r.rank[0] >= fallback_rank]
        if own:
            found.append((own[0], NoticeMatch(own[0].key, "", "")))
    if not found:
        return None
    rule, match = min(found, key=lambda item: (tuple(-x for x in item[0].rank), order[id(item[0])]))
    groups: dict[str, str] = {}
    for _, other in found:  # credit fields from any matching pattern, the chosen one first
        for name, value in other.groups.items():
            groups.setdefault(name, value)
    groups.update(match.groups)
    return NoticeMatch(
        key=rule.key, pattern=match.pattern, matched_text=match.matched_text, groups=groups
    )


def _pieces(notice: str) -> list[str]:
    """The notice whole, then each line and each sentence on its own, without repeats."""
    pieces = [notice]
    for line in notice.splitlines():
        pieces.append(line)
        pieces.extend(_SENTENCE_END.split(line))
    return list(dict.fromkeys(p for p in (normalise_notice(p) for p in pieces) if p))


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
