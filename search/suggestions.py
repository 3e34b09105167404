""" "Did you mean …?": for a search that found nothing, the closest words the index holds.

The words come from the index itself: FTS5's vocabulary table on SQLite
(``search_fts_terms``, migration 0003), ``ts_stat`` over the newest documents' vectors on
PostgreSQL. Both hold stems ("compani", "model"), so a candidate is tried as a search first,
and the reader is shown the word as it is written in the stories that search finds. A
suggestion is offered only when it finds stories readers may see now: a word from a
scheduled or held story is never hinted at.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from articles.rights import engine, excerpts

from .models import SearchDocument
from .query import ParsedQuery, parse_query, visible_matches

# PostgreSQL has no vocabulary table: ts_stat reads the vectors it is given, so it is given
# the newest documents only, which bounds its cost whatever the size of the archive.
POSTGRES_VOCABULARY_DOCUMENTS = 5000
CANDIDATES_PER_WORD = 3
MIN_WORD = 3  # shorter words are too ambiguous to correct

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    query: ParsedQuery  # the corrected query, as a reader could type it

    @property
    def text(self) -> str:
        return self.query.text


def suggest(query: ParsedQuery, published: QuerySet) -> Suggestion | None:
    """A corrected ``query`` that finds stories in ``published``, or None.

    Each word the index does not know is replaced by the nearest indexed term (edit
    distance, then the number of documents holding it); known words are kept."""
    if query.is_empty:
        return None
    options: list[list[str]] = []  # per word of the query: itself, or its candidates
    corrected = False
    for word in query.words:
        if len(word) < MIN_WORD or _known(word):
            options.append([word])
            continue
        candidates = _closest_terms(word)
        if not candidates:
            return None  # a word nothing resembles: no suggestion would find anything
        options.append(candidates)
        corrected = True
    if not corrected:
        return None
    for stems in _combinations(options):
        stem_query = _rebuild(query, stems)
        ids = visible_matches(stem_query, published).ids
        if not ids:
            continue
        written = _as_written(query, stems, published.filter(pk__in=ids[:3]))
        if written != stem_query and visible_matches(written, published).ids:
            return Suggestion(written)
        return Suggestion(stem_query)
    return None


def _combinations(options: list[list[str]]):
    """Corrections to try, best first: every word's best candidate, then each word's
    next-best ones in turn (a handful of searches at most, never the full product)."""
    yield [choices[0] for choices in options]
    for i, choices in enumerate(options):
        for alternative in choices[1:]:
            yield [alternative if j == i else c[0] for j, c in enumerate(options)]


def _rebuild(query: ParsedQuery, words: list[str]) -> ParsedQuery:
    """``query`` with its words replaced, in order, phrases kept as phrases."""
    remaining = iter(words)
    parts = []
    for group in query.groups:
        new = [next(remaining) for _ in group]
        parts.append(new[0] if len(new) == 1 else '"' + " ".join(new) + '"')
    return parse_query(" ".join(parts))


def _as_written(query: ParsedQuery, stems: list[str], articles: QuerySet) -> ParsedQuery:
    """The corrected words as the found stories spell them ("compani" → "company")."""
    typed = query.words
    replaced = {i for i, (a, b) in enumerate(zip(typed, stems, strict=True)) if a != b}
    texts = []
    for article in articles.select_related("source", "rule"):
        decision = engine.decide(article)
        texts += [article.headline, decision.summary, excerpts.visible_text(article, decision)]
    # Tag and byline names, as indexed.
    texts += SearchDocument.objects.filter(article__in=articles).values_list("keywords", flat=True)
    words = {_fold(w) for text in texts for w in _words(text)}
    out = list(stems)
    for i in replaced:
        stem = stems[i]
        prefix = stem[:-1] if stem.endswith("i") else stem  # company → compani
        forms = [w for w in words if w.startswith(prefix) and len(w) <= len(stem) + 4]
        if forms:
            out[i] = min(forms, key=lambda w: (distance(w, typed[i]), len(w), w))
    return _rebuild(query, out)


def _words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def _fold(word: str) -> str:
    """Lower case without diacritics, as the index's tokenizer folds words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- The index's own terms --------------------------------------------------------------------


def _known(word: str) -> bool:
    """Whether the index holds ``word`` (through its own stemmer)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT numnode(plainto_tsquery('english', %s)) = 0 OR EXISTS ("
                "SELECT 1 FROM search_searchdocument "
                "WHERE vector @@ plainto_tsquery('english', %s))",
                [word, word],
            )
        else:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH %s)",
                ['"' + word.replace('"', "") + '"'],
            )
        return bool(cursor.fetchone()[0])


def _closest_terms(word: str) -> list[str]:
    """Up to ``CANDIDATES_PER_WORD`` indexed terms nearest to ``word``, best first.

    Candidates share the word's first letter (typos rarely hit it, and it narrows a
    vocabulary of a hundred thousand terms to a few thousand) and are within the edit
    distance a typo of that length allows."""
    folded = _fold(word)
    limit = 1 if len(folded) <= 4 else 2
    scored = []
    for term, documents in _terms_like(folded, len(folded) - limit - 1, len(folded) + limit):
        best = min(distance(term, folded), distance(term, _light_stem(folded)))
        if 0 < best <= limit or (best == 0 and term != folded):
            scored.append((best, -documents, term))
    scored.sort()
    return [term for _, _, term in scored[:CANDIDATES_PER_WORD]]


def _terms_like(word: str, shortest: int, longest: int) -> list[tuple[str, int]]:
    """(term, documents) of indexed terms starting like ``word`` within a length range."""
    first = word[0]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat("
                "'SELECT vector FROM search_searchdocument "
                f"ORDER BY article_id DESC LIMIT {POSTGRES_VOCABULARY_DOCUMENTS:d}') "
                "WHERE left(word, 1) = %s AND length(word) BETWEEN %s AND %s",
                [first, shortest, longest],
            )
        else:
            # A range over the term, which the vocabulary table answers without a full scan.
            cursor.execute(
                "SELECT term, doc FROM search_fts_terms WHERE term >= %s AND term < %s "
                "AND length(term) BETWEEN %s AND %s",
                [first, chr(ord(first) + 1), shortest, longest],
            )
        return cursor.fetchall()


def _light_stem(word: str) -> str:
    """The typed word without a plural or verb ending, to compare with indexed stems."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment): "teh" → "the" is 1."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
