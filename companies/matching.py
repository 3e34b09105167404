"""Find company mentions in article text.

Pure Python (stdlib + ``ahocorasick``); nothing here imports Django, so it can be tested and
reused on its own. ``companies.registry`` builds a :class:`Matcher` from the database.

How it works
------------
Every surface (name, alias, brand, product) is normalised and put into one Aho-Corasick
automaton, built once in ``Matcher.__init__``. ``find`` normalises the text the same way, runs
the automaton over it once and then keeps the valid hits (word boundaries, exact case where the
entry asks for it), choosing leftmost-longest among overlapping ones. The cost of ``find`` is
linear in the length of the text plus the number of raw hits; it never loops over companies.

Normalisation (the same for surfaces and text):

* case is folded one character at a time, and a character is only folded if it folds to exactly
  one character (``str.casefold``, else ``str.lower``, else left alone). Offsets therefore stay
  exact; the price is that e.g. "ß" does not match "ss" and "İ" only matches itself;
* every whitespace character (space, NBSP, tab, newline, ...) becomes a space and runs of
  whitespace collapse to one space, so "Alibaba\\u00a0Cloud" and "Alibaba\\n  Cloud" match
  "Alibaba Cloud". Offsets are mapped back to the original text; ``Match.text`` is the original
  slice, whitespace run included;
* typographic apostrophes (’ ‘ ʼ) become ``'`` and Unicode hyphens (U+2010, U+2011) become
  ``-``, so "McDonald’s" matches "McDonald's".

Word boundaries: a hit is rejected if a word character (letter, digit, combining mark or
underscore) of the surface touches a word character of the text just outside it. CJK characters
(Han, kana, Hangul) never take part in that test: CJK surfaces match inside running CJK text and
Latin names match when written directly against CJK text ("使用OpenAI的"). Punctuation, including
hyphens and apostrophes, is a boundary: "Alibaba-backed" and "ShengShu’s" match, "Alibabas"
does not. Scripts written without spaces other than CJK (Thai, Lao, ...) still need boundaries.

Case: entries are case-insensitive unless ``case_sensitive=True``, in which case the text must
have exactly the surface's case (after the whitespace/apostrophe normalisation above). When a
case-sensitive and a case-insensitive entry both fit the same stretch of text, the
case-sensitive (more specific) one wins.

Duplicates: two entries that would match exactly the same texts (same normalised surface and
same case sensitivity) are one surface. With the same key the later one is dropped silently;
with a different key the first wins and ``(kept, dropped)`` is appended to ``Matcher.conflicts``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

__all__ = ["Entry", "Match", "Matcher", "entries_from_registry"]


@dataclass(frozen=True)
class Entry:
    surface: str  # a name, alias, brand or product name as written
    key: object  # what it resolves to (company id/slug), opaque to the matcher
    case_sensitive: bool = False  # for short or common-word names ("Apple", "Wired")


@dataclass(frozen=True)
class Match:
    key: object
    surface: str  # the entry surface that matched, as given in the Entry
    text: str  # the text as it appears in the document
    start: int  # character offsets in the given text
    end: int


# --------------------------------------------------------------------------- normalisation

_APOSTROPHES = "\u2019\u2018\u02bc"
_HYPHENS = "\u2010\u2011"


def _shape_char(ch: str) -> str:
    """Case-preserving normalisation of one character (always one character out)."""
    if ch.isspace():
        return " "
    if ch in _APOSTROPHES:
        return "'"
    if ch in _HYPHENS:
        return "-"
    return ch


def _fold_char(ch: str) -> str:
    """Length-preserving case fold of one (already shaped) character."""
    folded = ch.casefold()
    if len(folded) == 1:
        return folded
    lowered = ch.lower()
    if len(lowered) == 1:
        return lowered
    return ch


class _Table(dict):
    """A ``str.translate`` table that computes and caches entries on first use, so translating
    runs in C except for the first sight of each distinct character."""

    def __init__(self, func):
        super().__init__()
        self._func = func

    def __missing__(self, codepoint: int) -> str:
        value = self[codepoint] = self._func(chr(codepoint))
        return value


_SHAPE = _Table(_shape_char)
_FOLD = _Table(lambda ch: _fold_char(_shape_char(ch)))
_SPACE_RUN = re.compile(r" {2,}")


def _shape(text: str) -> str:
    return _SPACE_RUN.sub(" ", text.translate(_SHAPE)).strip(" ")


def _fold(text: str) -> str:
    return _SPACE_RUN.sub(" ", text.translate(_FOLD)).strip(" ")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1100 <= cp <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= cp <= 0x2FDF  # CJK and Kangxi radicals
        or 0x3040 <= cp <= 0x31FF  # kana, bopomofo, Hangul compatibility jamo, kana ext.
        or 0x3400 <= cp <= 0x4DBF  # CJK extension A
        or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0xA960 <= cp <= 0xA97F  # Hangul Jamo extended A
        or 0xAC00 <= cp <= 0xD7FF  # Hangul syllables and Jamo extended B
        or 0xF900 <= cp <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF66 <= cp <= 0xFFDC  # halfwidth kana and Hangul
        or 0x20000 <= cp <= 0x3134F  # CJK extensions B onwards
    )


def _is_word(ch: str) -> bool:
    """A character that glues to a neighbouring name (CJK characters never do)."""
    if ch == "_":
        return True
    if unicodedata.category(ch)[0] not in "LNM":
        return False
    return not _is_cjk(ch)


# --------------------------------------------------------------------------- matcher


@dataclass(frozen=True)
class _Candidate:
    entry: Entry
    shaped: str  # the surface shaped but not folded, for the case-sensitive comparison
    check_start: bool  # the surface's first character needs a boundary before it
    check_end: bool  # the surface's last character needs a boundary after it


class Matcher:
    """Finds registry entries in text. Build once, call ``find``/``count`` many times.

    ``conflicts`` lists ``(kept, dropped)`` entry pairs: same surface, different keys.
    """

    def __init__(self, entries: Iterable[Entry]):
        self.conflicts: list[tuple[Entry, Entry]] = []
        # folded surface -> candidates, case-sensitive ones first
        by_folded: dict[str, list[_Candidate]] = {}
        # identity of a surface for duplicate detection -> kept entry
        seen: dict[tuple[str, bool], Entry] = {}
        for entry in entries:
            surface = entry.surface if isinstance(entry.surface, str) else ""
            shaped = _shape(surface)
            if not shaped:
                continue
            folded = _fold(surface)
            cs = bool(entry.case_sensitive)
            identity = (shaped if cs else folded, cs)
            kept = seen.get(identity)
            if kept is not None:
                if kept.key != entry.key:
                    self.conflicts.append((kept, entry))
                continue
            seen[identity] = entry
            candidate = _Candidate(
                entry=entry,
                shaped=shaped,
                check_start=_is_word(shaped[0]),
                check_end=_is_word(shaped[-1]),
            )
            by_folded.setdefault(folded, []).append(candidate)

        self._size = len(seen)
        self._automaton = ahocorasick.Automaton()
        for folded, candidates in by_folded.items():
            candidates.sort(key=lambda c: not c.entry.case_sensitive)  # stable
            self._automaton.add_word(folded, (len(folded), tuple(candidates)))
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._size

    def __repr__(self) -> str:
        return f"<Matcher: {self._size} surfaces, {len(self.conflicts)} conflicts>"

    def find(self, text: str) -> list[Match]:
        """Mentions in ``text``: non-overlapping, leftmost-longest, word-bounded, by start."""
        if not self._size or not text:
            return []
        folded = text.translate(_FOLD)
        # Collapse whitespace runs. A run at [a, b) keeps its first space; every collapsed
        # position from ``breaks[i]`` on lies ``shifts[i]`` characters earlier than in ``text``.
        breaks: list[int] = []
        shifts: list[int] = []
        if "  " in folded:
            parts: list[str] = []
            removed = last = 0
            for run in _SPACE_RUN.finditer(folded):
                a, b = run.span()
                parts.append(folded[last : a + 1])
                last = b
                breaks.append(a + 1 - removed)
                removed += b - a - 1
                shifts.append(removed)
            parts.append(folded[last:])
            folded = "".join(parts)

        def original(pos: int) -> int:
            i = bisect_right(breaks, pos)
            return pos + (shifts[i - 1] if i else 0)

        size = len(folded)
        hits: list[tuple[int, int, _Candidate]] = []
        for last_index, (length, candidates) in self._automaton.iter(folded):
            start, end = last_index - length + 1, last_index + 1
            before = folded[start - 1] if start > 0 else ""
            after = folded[end] if end < size else ""
            for cand in candidates:
                if cand.check_start and before and _is_word(before):
                    continue
                if cand.check_end and after and _is_word(after):
                    continue
                if cand.entry.case_sensitive:
                    o_start, o_end = original(start), original(end - 1) + 1
                    if _shape(text[o_start:o_end]) != cand.shaped:
                        continue
                hits.append((start, end, cand))
                break

        hits.sort(key=lambda h: (h[0], -h[1]))
        matches: list[Match] = []
        taken_to = 0
        for start, end, cand in hits:
            if start < taken_to:
                continue
            taken_to = end
            o_start, o_end = original(start), original(end - 1) + 1
            matches.append(
                Match(
                    key=cand.entry.key,
                    surface=cand.entry.surface,
                    text=text[o_start:o_end],
                    start=o_start,
                    end=o_end,
                )
            )
        return matches

    def count(self, text: str) -> dict[object, tuple[int, int]]:
        """``key -> (number of mentions, start of the first)``, in order of first mention."""
        counts: dict[object, tuple[int, int]] = {}
        for match in self.find(text):
            seen = counts.get(match.key)
            counts[match.key] = (1, match.start) if seen is None else (seen[0] + 1, seen[1])
        return counts


def entries_from_registry(companies: Iterable[Mapping]) -> list[Entry]:
    """Entries for registry records shaped like ``data/registry.json``: each company's ``name``
    (case-sensitive if the record has ``"case_sensitive": true``) and each of its ``aliases``,
    all keyed by the company's ``slug``."""
    entries: list[Entry] = []
    for company in companies:
        key = company["slug"]
        entries.append(Entry(company["name"], key, bool(company.get("case_sensitive", False))))
        entries.extend(
            Entry(alias["name"], key, bool(alias.get("case_sensitive", False)))
            for alias in company.get("aliases") or ()
        )
    return entries
