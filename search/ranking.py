"""Ordering a window of matches, best first: pure functions over the indexed short fields.

Why not bm25 or ts_rank_cd over every match: at 100,000 stories a common word matches
most of the archive, and both score every match (FTS5 also counts each term's documents
first; PostgreSQL reads each match's whole tsvector), 55-570 ms per query. Instead the
index yields the newest matches (cheap on both databases) and they are ordered here by
where the reader's words occur: headline over standfirst over tags over body text.
"""

import re
from collections.abc import Iterable, Sequence

from .snippets import stem, stem_matches

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
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


class _Query:
    """The query's stems, prepared once for scoring many documents."""

    def __init__(self, groups: Iterable[Sequence[str]]):
        self.needles = [[stem(word) for word in group] for group in groups]
        self.stems = frozenset(s for needle in self.needles for s in needle)

    def weights(self, fields: dict[str, str]) -> list[int]:
        best = [BODY_WEIGHT] * len(self.needles)
        for name, weight in FIELD_WEIGHTS:
            text = fields.get(name) or ""
            # Most fields hold none of the words: a substring test (a word's stem is in its
            # lowered text) rules those out before the regex, and the regex finds the words
            # without stemming every word (see snippets.stem_matches).
            lowered = text.lower()
            if not any(s in lowered for s in self.stems):
                continue
            present = stem_matches(text, self.stems)
            if not present:
                continue
            words = None
            for i, needle in enumerate(self.needles):
                if best[i] >= weight or not present.issuperset(needle):
                    continue
                if len(needle) > 1:  # a phrase: its words must also be in order
                    words = stems_of(text) if words is None else words
                    if not _contains(words, needle):
                        continue
                best[i] = weight
        return best


def score(groups: Iterable[Sequence[str]], fields: dict[str, str]) -> int:
    """How well a document's short fields match the query's words and phrases."""
    return sum(_Query(groups).weights(fields))


def rank(
    groups: Sequence[Sequence[str]], documents: Iterable[tuple[int, dict[str, str]]]
) -> list[int]:
    """Ids of ``documents`` (id, fields) best first; newer (higher id) first among equals."""
    query = _Query(groups)
    scored = [(sum(query.weights(fields)), pk) for pk, fields in documents]
    scored.sort(reverse=True)
    return [pk for _, pk in scored]


def matches(groups: Sequence[Sequence[str]], fields: dict[str, str]) -> bool:
    """Every word and phrase of the query occurs in one of ``fields`` (headline, dek,
    keywords, body), as the full-text index requires: for a hit checked again against what
    readers may see now (``search.query``). Same loose stemming as the highlights."""
    texts = [fields.get(name) or "" for name in ("headline", "dek", "keywords", "body")]
    for needle in _Query(groups).needles:
        wanted = frozenset(needle)
        for text in texts:
            if not stem_matches(text, wanted).issuperset(needle):
                continue
            if len(needle) == 1 or _contains(stems_of(text), needle):
                break
        else:
            return False
    return True
