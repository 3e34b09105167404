"""Sentence boundaries that know abbreviations. Pure: standard library only."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {"inc", "corp", "co", "ltd", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs"}
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences in ``text``, ignoring common abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)\.\W*$", text[start : boundary.start() + 1])
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue  # "Inc. said", "U.S. firms"
        if text[start : boundary.start() + 1].strip():
            spans.append(_trim(text, start, boundary.start() + 1))
        start = boundary.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
