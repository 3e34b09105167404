"""Highlighted snippets, built in Python from text the caller has already cleared for readers.

Pure functions: give them ``visible_text()`` and the query's words, get safe HTML back.
Words match loosely (models ~ model, funding ~ fund), as the stemming search does.
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_WORD = re.compile(r"\w+")
_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A deliberately small English stemmer, enough to line highlights up with the index."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _candidates(stems: frozenset[str]) -> re.Pattern:
    """Whole words made of a query stem and at most one suffix ``stem`` strips.

    Every word whose stem is in ``stems`` matches this, so only those few words are stemmed,
    not every word of a long text (stemming each word was most of a search page's time).
    """
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    suffixes = "|".join(_SUFFIXES)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:{suffixes})?(?!\w)", re.IGNORECASE)


def _matches(text: str, stems: set[str]) -> list[re.Match]:
    if not stems:
        return []
    # The pattern may also take a word stem() would cut differently ("modes" for "mode"),
    # so stem() has the last word.
    return [m for m in _candidates(frozenset(stems)).finditer(text) if stem(m.group()) in stems]


def stem_matches(text: str, stems: frozenset[str]) -> set[str]:
    """Which of ``stems`` the words of ``text`` stem to."""
    if not stems or not text:
        return set()
    return {s for m in _candidates(stems).finditer(text) if (s := stem(m.group())) in stems}


def has_match(text: str, words: list[str]) -> bool:
    stems = {stem(w) for w in words}
    if not stems:
        return False
    return any(stem(m.group()) in stems for m in _candidates(frozenset(stems)).finditer(text))


def best_text(texts: list[str], words: list[str]) -> str:
    """The first of ``texts`` that contains a match, else the first that is not empty."""
    for text in texts:
        if text and has_match(text, words):
            return text
    return next((text for text in texts if text), "")


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with every word matching ``words`` wrapped in <mark>."""
    stems = {stem(w) for w in words}
    out, position = [], 0
    for match in _matches(text, stems):
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text: str, words: list[str], width: int = 260) -> SafeString:
    """The ``width``-character passage of ``text`` with the most matches, highlighted."""
    text = " ".join(text.split())
    if not text:
        return mark_safe("")
    matches = _matches(text, {stem(w) for w in words})
    start = 0
    if matches:
        # Matches come in order, so the ones that fit in a window opening at matches[i]
        # are matches[i:j]; j only moves forward.
        best, j = 0, 0
        for i, first in enumerate(matches):
            j = max(j, i)
            while j < len(matches) and matches[j].end() - first.start() <= width:
                j += 1
            if j - i > best:
                best, start = j - i, first.start()
        # Open a little before the first match, on a word boundary.
        start = max(0, start - width // 5)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage = highlight(text[start:end], words)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{passage}{suffix}")
