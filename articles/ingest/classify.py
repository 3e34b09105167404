"""Giving every line of a text its kind through the pattern registry, by where it stands: the
head (before the first paragraph), the lede, the tail (after the last paragraph) and closing
sections ("About X", "Media contact", "###"). Pure: standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from articles.ingest.lines import _FINAL_PUNCTUATION
from articles.ingest.names import split_affiliated, split_names
from articles.ingest.parsed import (
    _NOTICE_TAIL_LINES,
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    HEADLINE_LINE_MAX_CHARS,
    HEADLINE_LINE_MAX_WORDS,
)
from articles.ingest.pattern_markers import CC_MARKERS, PRESS_RELEASE_MARKERS, PRESS_WIRES
from articles.ingest.patterns import LinePattern, PatternSet
from articles.ingest.profiles import Profiles

BODY = "body"
_QUOTES = "\"“‘'«「『"
# A closing section starts no earlier than this share of the way through the text.
_SECTION_FROM = 0.4
# Lines that say outright that they name an author may name one word ("Author: Tobias").
_LABELLED = re.compile(r"[:：／/]|written|story|words|text|posted|reported|作者|记者|文", re.I)
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Verdict:
    kind: str  # one of patterns.KINDS, or "body"
    pattern: LinePattern | None = None
    groups: dict[str, str] = field(default_factory=dict)
    rest: str = ""  # a dateline's line after the dateline: the lede's first words
    authors: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # agencies a byline or dateline names


@dataclass(frozen=True)
class Flags:
    cc: bool
    press_release: bool


def classify(lines: list[str], patterns: PatternSet, profiles: Profiles) -> list[Verdict]:
    """One verdict per line."""
    candidates = _candidates(lines, patterns, profiles)
    text = "\n".join(lines)
    lowered = text.lower()
    press = _marked(
        text, lowered, _PRESS_HINTS, PRESS_RELEASE_MARKERS, _PRESS_HINTS_AS_WRITTEN
    ) or any(
        verdict.kind == "dateline" and set(verdict.credits) & PRESS_WIRES
        for found in candidates[:12]
        for verdict in found
    )
    flags = Flags(cc=_marked(text, lowered, _CC_HINTS, CC_MARKERS), press_release=press)
    # Where the paragraphs are depends on which lines are not plain text, and that on where
    # the paragraphs are; a second pass from the first pass's body lines settles it.
    plain = [all(v.kind == "dateline" for v in found) for found in candidates]
    verdicts = _resolve(lines, candidates, plain, flags)
    settled = [v.kind in (BODY, "dateline") for v in verdicts]
    return verdicts if settled == plain else _resolve(lines, candidates, settled, flags)


def _candidates(lines: list[str], patterns: PatternSet, profiles: Profiles) -> list[list[Verdict]]:
    """Every line's possible verdicts, trying only the patterns that can count where the line
    stands: the paragraph nearest the end (above the last few lines) ends the tail, the first
    one from the top ends the head, and between them only patterns that count anywhere are
    tried, except inside a closing section. Notices scan whole lines; most lines are the
    story's middle, where no notice counts."""

    def found(i: int, pattern_set: PatternSet) -> list[Verdict]:
        line = lines[i]
        return [
            v
            for p, m in pattern_set.candidates(line)
            if (v := _candidate(p, m, line, profiles)) is not None
        ]

    def paragraph(i: int) -> bool:
        return any(ch.isalnum() for ch in lines[i]) and not could_be_headline(lines[i])

    n = len(lines)
    candidates: list[list[Verdict]] = [[] for _ in lines]
    bottom = -1  # the paragraph that ends the tail
    for i in range(n - 1, -1, -1):
        candidates[i] = found(i, patterns)
        if i < n - _NOTICE_TAIL_LINES and not candidates[i] and paragraph(i):
            bottom = i
            break
    if bottom < 0:
        return candidates
    top = bottom  # the paragraph that ends the head
    for i in range(bottom):
        candidates[i] = found(i, patterns.outside_tail())
        if not candidates[i] and paragraph(i):
            top = i
            break
    for i in range(top + 1, bottom):
        candidates[i] = found(i, patterns.anywhere())
    sections = [i for i in range(bottom) if any(_starts_section(v) for v in candidates[i])]
    for i in range(max(sections[0] + 1, top + 1) if sections else bottom, bottom):
        candidates[i] = found(i, patterns)
    return candidates


def _starts_section(verdict: Verdict) -> bool:
    return verdict.pattern is not None and verdict.pattern.where == "section"


# Literal hints, one of which every match of the marker patterns contains: a text without any
# skips the regular expression (it scans the whole text, twice per file).
_PRESS_HINTS = ("prnewswire", "美通社", "(business wire)", "(globe newswire)", "accesswire",
                "einpresswire", "news provided by")  # fmt: skip
_PRESS_HINTS_AS_WRITTEN = ("###", "SOURCE ")
_CC_HINTS = ("creative commons", "creativecommons", "cc by", "cc-by", "republished from",
             "the conversation", "global voices")  # fmt: skip


def _marked(
    text: str,
    lowered: str,
    hints: tuple[str, ...],
    marker: re.Pattern,
    as_written: tuple[str, ...] = (),
) -> bool:
    hinted = any(hint in lowered for hint in hints) or any(hint in text for hint in as_written)
    return hinted and marker.search(text) is not None


def _candidate(pattern: LinePattern, match: re.Match, line: str, profiles: Profiles):
    """The verdict ``pattern`` would give ``line``, or None if its groups do not hold up
    (a "byline" that names no one, a "dateline" that credits no agency)."""
    groups = {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}
    authors: list[str] = []
    credits: list[str] = []
    if "author" in groups:
        single = bool(_LABELLED.search(line[: match.start("author")]))
        authors, others = split_names(groups["author"], single=single)
        agencies = [profiles.credit_name(o) for o in others if profiles.is_agency(o)]
        credits.extend(agencies)
        if pattern.kind == "byline" and not authors and not agencies:
            return None
    if "names" in groups:
        people, others = split_names(groups["names"])
        if others or not people:
            return None
        authors.extend(people)
    if "affiliated" in groups:
        people = split_affiliated(groups["affiliated"])
        if not people:
            return None
        authors.extend(people)
    if pattern.kind == "dateline":
        agency = groups.get("agency", "")
        place = groups.get("place", "")
        if agency and _HAN.search(agency):
            if profiles.is_agency(agency) or agency.endswith("社"):
                credits.append(profiles.credit_name(agency))  # 新华社, not 本报 ("this paper")
        elif agency:
            if not (profiles.is_agency(agency) or _capitals(place)):
                return None
            credits.append(profiles.credit_name(agency))
        elif not _capitals(place) or sum(ch.isalpha() for ch in place) < 3:
            return None
        rest = line[match.end() :].strip()
        return Verdict("dateline", pattern, groups, rest, tuple(authors), tuple(credits))
    if "upstream" in groups and profiles.is_agency(groups["upstream"]):
        credits.append(profiles.credit_name(groups["upstream"]))
    if pattern.kind == "notice" and line[:1] in _QUOTES:
        return None  # a notice quoted in the story is not the story's notice
    rest = groups.get("keep", "")
    return Verdict(pattern.kind, pattern, groups, rest, tuple(authors), tuple(credits))


def _capitals(place: str) -> bool:
    """ "SAN FRANCISCO", "SHENZHEN, China": the first part of the place is in capitals."""
    first = place.split(",")[0]
    letters = [ch for ch in first if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def is_heading_like(
    line: str, max_words: int = HEADING_MAX_WORDS, max_chars: int = HEADING_MAX_CHARS
) -> bool:
    """Short, with a letter, and no sentence-final punctuation."""
    return (
        len(line) <= max_chars
        and line.count(" ") + 1 <= max_words
        and not line.endswith(_FINAL_PUNCTUATION)
        and any(ch.isalpha() for ch in line)
    )


_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def could_be_headline(line: str) -> bool:
    """A line that may be a headline: short, with a letter, and not ending like a sentence;
    a question or an exclamation may, and so may a title-cased line with a full stop
    ("Police Used Facial Recognition to Make Arrests. The Software Got It Wrong.")."""
    if len(line) > HEADLINE_LINE_MAX_CHARS or line.count(" ") + 1 > HEADLINE_LINE_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    end = line.rstrip("\"'”’)")[-1:]
    if end in "?!？！":
        return True
    if end == ".":
        words = _TITLE_WORD.findall(line)
        capitals = sum(1 for word in words if word[0].isupper())
        return len(words) >= 4 and capitals >= 0.75 * len(words)
    return not line.endswith(_FINAL_PUNCTUATION)


def _resolve(
    lines: list[str], candidates: list[list[Verdict]], plain: list[bool], flags: Flags
) -> list[Verdict]:
    n = len(lines)
    verdicts: list[Verdict | None] = [None] * n
    # A paragraph is a plain line that could not be a headline, subtitle or heading.
    # A line that opens with a dateline is the lede, whatever it looks like.
    paragraph = [
        plain[i]
        and any(ch.isalnum() for ch in lines[i])
        and (_dateline_with_lede(candidates[i]) or not could_be_headline(lines[i]))
        for i in range(n)
    ]
    first = next((i for i in range(n) if paragraph[i]), n)
    section = _section_start(lines, candidates, first, flags)
    if section is not None:
        paragraph = [p and i < section for i, p in enumerate(paragraph)]
    last = max((i for i in range(n) if paragraph[i]), default=-1)
    for i in range(n):
        if not candidates[i]:
            verdicts[i] = _BODY_VERDICT if section is None or i < section else _SECTION_LINE
            continue
        here = _Position(
            head=i < first,
            tail=i > last or i >= n - _NOTICE_TAIL_LINES,
            lede=i == first or (i < first and _dateline_alone(candidates[i])),
            index=i,
        )
        verdicts[i] = _pick(lines, candidates, i, here, flags, section)
    for i in range(n):
        pattern = verdicts[i].pattern
        takes_next = pattern is not None and pattern.also_next and i + 1 < n
        if takes_next and verdicts[i + 1].kind != "notice" and is_heading_like(lines[i + 1]):
            verdicts[i + 1] = Verdict(verdicts[i].kind, pattern)
    return verdicts  # type: ignore[return-value]


class _Position(NamedTuple):
    head: bool
    tail: bool
    lede: bool
    index: int


_BODY_VERDICT = Verdict(BODY)
_SECTION_LINE = Verdict("boilerplate")  # a plain line inside a closing section


def _dateline_with_lede(found: list[Verdict]) -> bool:
    return any(v.kind == "dateline" and v.rest for v in found)


def _dateline_alone(found: list[Verdict]) -> bool:
    return any(v.kind == "dateline" and not v.rest for v in found)


def _section_start(
    lines: list[str], candidates: list[list[Verdict]], first: int, flags: Flags
) -> int | None:
    """The line where a closing section ("About X", "Media contact", "###") begins, if any."""
    # Past the lede; a section with no condition of its own also well into the text.
    late = int(len(lines) * _SECTION_FROM)
    for i in range(first + 1, len(lines)):
        for verdict in candidates[i]:
            pattern = verdict.pattern
            if pattern.where != "section" or (not pattern.when and i < late):
                continue
            if _condition(verdict, lines, i, flags, candidates):
                return i
    return None


def _pick(
    lines: list[str],
    candidates: list[list[Verdict]],
    i: int,
    here: _Position,
    flags: Flags,
    section: int | None,
) -> Verdict:
    in_section = section is not None and i >= section
    for verdict in candidates[i]:
        where = verdict.pattern.where
        if where == "section":
            if in_section:
                return verdict
            continue
        if where == "head" and not here.head:
            continue
        if where == "tail" and not (here.tail or in_section):
            continue
        if where == "edge" and not (here.head or here.tail or in_section):
            continue
        if where == "lede" and not (here.lede and not in_section):
            continue
        if not _condition(verdict, lines, i, flags, candidates):
            continue
        return verdict
    if in_section:
        return _SECTION_LINE
    return _BODY_VERDICT


def _condition(
    verdict: Verdict, lines: list[str], i: int, flags: Flags, candidates: list[list[Verdict]]
) -> bool:
    when = verdict.pattern.when
    if not when:
        return True
    if when == "cc":
        return flags.cc
    if when == "press_release":
        return flags.press_release
    if when == "not_first":
        return i > 0
    if when == "names_next":
        name = verdict.groups.get("name", "")
        following = lines[i + 1] if i + 1 < len(lines) else ""
        first_word = name.split(" ")[0] if name else ""
        return bool(first_word) and following.removeprefix("The ").startswith(first_word)
    if when == "before_meta":
        if i == 0 or i + 1 >= len(lines):
            return False
        below = {v.kind for v in candidates[i + 1]}
        return _is_meta(lines[i + 1]) or bool(below & {"boilerplate", "image_credit", "byline"})
    return False


_META = re.compile(
    r"^(?:(?i:image credits?|photo|credit|updated|published|posted)\b|\d{1,2}:\d{2}|"
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{4}[-/年])"
)


def _is_meta(line: str) -> bool:
    """A timestamp or credit line, as a byline above it would be followed by."""
    return bool(_META.match(line)) and len(line) <= 120
