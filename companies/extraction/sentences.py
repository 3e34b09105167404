"""Sentence boundaries that know abbreviations and CJK punctuation. Pure: standard library only."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- sentences

# A full stop after these is not the end of a sentence ("Acme Inc. said", "Dr. Keller").
_ABBREVIATIONS = frozenset(
    """inc corp co ltd llc plc bros mr mrs ms mx dr prof sr jr st mt ft rev gov sen rep gen
    col lt capt sgt hon vs etc approx dept est univ assn ave blvd rd no nos vol fig ph""".split()  # noqa: SIM905
)
# Months only before a day or year ("Dec. 1, 2026"); "in Dec. The rules" does end a sentence.
_MONTH_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()  # noqa: SIM905
)
_SENTENCE_END = re.compile(
    r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])"  # Latin: punctuation, space, capital
    r"|[。！？][\"”’'）」』]*"  # CJK: no space follows
    r"|\n"
)
_LAST_WORD = re.compile(r"(\w+)\.[\"”’')\]]*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences in ``text``, ignoring common abbreviations,
    initials ("J. R. Hartmann", "U.S.") and abbreviated months before a date."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        stop = boundary.end() if text[boundary.start()] in "。！？" else boundary.start() + 1
        if text[boundary.start()] == ".":
            word = _LAST_WORD.search(text, max(start, boundary.start() - 12), boundary.start() + 1)
            if word and _keeps_going(word.group(1), text[boundary.end() : boundary.end() + 1]):
                continue
        if text[start:stop].strip():
            spans.append(_trim(text, start, stop))
        start = boundary.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _keeps_going(word: str, following: str) -> bool:
    """Whether the full stop after ``word``, followed by ``following``, is inside a sentence."""
    lower = word.lower()
    if (len(word) == 1 and word.isalpha()) or (lower in _ABBREVIATIONS and lower != "no"):
        return True  # an initial, "U.S.", "Inc."
    return following.isdigit() and (lower in _MONTH_ABBREVIATIONS or lower == "no")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
