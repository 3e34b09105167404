"""Ordering a window of matches, best first: pure functions over the indexed short fields.

Why not bm25 or ts_rank_cd over every match: at 100,000 stories a common word matches
most of the archive, and both score every match (FTS5 also counts each term's documents
first; PostgreSQL reads each match's whole tsvector), 55-570 ms per query. Instead the
index yields the newest matches (cheap on both databases) and they are ordered here by
where the reader's words occur: headline over standfirst over tags over body text.
"""

import re
from collections.abc import Iterable, Sequence

from .snippets import stem

# Per word or phrase of the query, by the best field it occurs in. Every match has all of
# them somewhere (the index said so), so a word not found in these fields is in the body.
FIELD_WEIGHTS = (("headline", 10), ("dek", 4), ("keywords", 3))
BODY_WEIGHT = 1

_WORD = re.compile(r"\w+")


def stems_of(text: str) -> list[str]:
    return [stem(word) for word in _WORD.findall(text)]


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """``needle`` occurs in ``haystack`` as consecutive items."""
    size = len(needle)
    if size == 1:
        return needle[0] in haystack
    return any(haystack[i : i + size] == list(needle) for i in range(len(haystack) - size + 1))


def score(groups: Iterable[Sequence[str]], fields: dict[str, str]) -> int:
    """How well a document's short fields match the query's words and phrases."""
    field_stems = [(stems_of(fields.get(name, "")), weight) for name, weight in FIELD_WEIGHTS]
    total = 0
    for group in groups:
        needle = [stem(word) for word in group]
        total += next(
            (weight for stems, weight in field_stems if _contains(stems, needle)), BODY_WEIGHT
        )
    return total


def rank(
    groups: Sequence[Sequence[str]], documents: Iterable[tuple[int, dict[str, str]]]
) -> list[int]:
    """Ids of ``documents`` (id, fields) best first; newer (higher id) first among equals."""
    scored = [(score(groups, fields), pk) for pk, fields in documents]
    scored.sort(reverse=True)
    return [pk for _, pk in scored]
