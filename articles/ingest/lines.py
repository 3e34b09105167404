"""The debris scrapers leave in a line of partner text, and the caption shape the pattern
registry cannot see alone (a dateline caption above its credit line). What kind a line is
comes from the registry (``patterns``). Pure: standard library only."""

import re

from articles.ingest.decoding import _SPACE_RUN

_EMPTY_BRACKETS = re.compile(r"\( *\)|\[ *\]")
# Only when the punctuation ends a word, so ".NET" or "$ .5" keep their space.
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?%)\]])(?=[\s,.;:!?)\]\"'”’]|$)")
_SPACE_BEFORE_CJK_PUNCT = re.compile(r" +([，。；：！？、）」』])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
_CLOSERS = {")": "(", "]": "["}
_BRACKET = re.compile(r"[()\[\]]")


# Each substitution runs only on a line holding what it removes: most lines hold none, and
# this runs on every line imported.
_BEFORE_PUNCT = re.compile(r" [,.;:!?%)\]]")
_BEFORE_CJK_PUNCT = re.compile(r" [，。；：！？、）」』]")


def clean_debris(line: str) -> str:
    """Tidy scraper debris in one normalised line: doubled or stray brackets, empty brackets
    and spaces before punctuation."""
    if "  " in line:
        line = _SPACE_RUN.sub(" ", line)
    brackets = "(" in line or "[" in line or ")" in line or "]" in line
    if brackets:
        line = _drop_stray_brackets(_EMPTY_BRACKETS.sub("", line))
    if _BEFORE_PUNCT.search(line):
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    if _BEFORE_CJK_PUNCT.search(line):
        line = _SPACE_BEFORE_CJK_PUNCT.sub(r"\1", line)
    if brackets and ("( " in line or "[ " in line):
        line = _SPACE_AFTER_OPEN.sub(r"\1", line)
    if "  " in line:
        line = _SPACE_RUN.sub(" ", line)
    return line.strip(" ")


def _drop_stray_brackets(line: str) -> str:
    """Drop unbalanced closers that are doubled or at either end, and openers never closed at
    either end; a lone ")" mid-line ("1) first") is left alone."""
    body = line.strip(" ")
    if not _BRACKET.search(body):
        return body  # most lines have none: skip the per-character walk
    kept: list[str] = []
    open_at: dict[str, list[int]] = {"(": [], "[": []}
    last = len(body) - 1
    for index, ch in enumerate(body):
        if ch in open_at:
            open_at[ch].append(len(kept))
        elif ch in _CLOSERS:
            stack = open_at[_CLOSERS[ch]]
            if stack:
                stack.pop()
            elif index in (0, last) or (kept and kept[-1] == ch):
                continue
        kept.append(ch)
    edges = {0, len(kept) - 1}
    unclosed = {pos for stack in open_at.values() for pos in stack if pos in edges}
    return "".join(ch for pos, ch in enumerate(kept) if pos not in unclosed)


# --------------------------------------------------------------------------- captions


def _is_dateline_caption(line: str) -> bool:
    """True for captions that open like "SHANGHAI, CHINA - JUNE 18:"."""
    colon = line.find(":", 0, 80)
    head = line[:colon] if colon > 0 else ""
    letters = [ch for ch in head if ch.isalpha()]
    has_date = " - " in head or any(ch.isdigit() for ch in head)
    return len(letters) >= 3 and head == head.upper() and has_date


# --------------------------------------------------------------------------- parsing

_FINAL_PUNCTUATION = tuple('.!?:;,…"”。！？：；，')
