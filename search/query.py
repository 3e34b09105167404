"""Turning what a reader typed into a safe full-text query, and running it ranked.

Readers type anything: quotes, operators, brackets, pages of text. Rather than pass that to
FTS5's or PostgreSQL's query syntax (where it can fail or mean something else), the query is
reduced to words and "quoted phrases" that all must match, and rebuilt in each database's
own syntax with every word quoted.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from . import ranking

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# A search lists at most this many stories: the newest matches, best first.
MAX_RESULTS = 200

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as shown back to the reader
    groups: tuple[tuple[str, ...], ...] = ()  # each group a word or a phrase's words
    shortened: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def words(self) -> list[str]:
        return [word for group in self.groups for word in group]

    def fts5(self) -> str:
        """FTS5 MATCH syntax: each group a quoted string (a phrase), implicitly ANDed."""
        return " ".join('"' + " ".join(group) + '"' for group in self.groups)

    def websearch(self) -> str:
        """Input for PostgreSQL's websearch_to_tsquery, every group quoted."""
        return " ".join('"' + " ".join(group) + '"' for group in self.groups)


def parse_query(raw: str | None) -> ParsedQuery:
    """Words and quoted phrases from ``raw``; never raises, whatever it contains.

    A long query keeps its first words: it is cut at the last word boundary within
    ``MAX_QUERY_CHARS`` (never inside a word, which would search for a fragment) and to
    ``MAX_TERMS`` distinct words or phrases; ``text`` then shows the reader what was used."""
    text = " ".join((raw or "").split())
    shortened = len(text) > MAX_QUERY_CHARS
    if shortened:
        text = _cut_at_word(text, MAX_QUERY_CHARS)
    groups: list[tuple[str, ...]] = []
    # Balanced quotes make phrases; an unbalanced quote is just ignored.
    position = 0
    for match in _PHRASE.finditer(text):
        groups.extend((w,) for w in _WORD.findall(text[position : match.start()]))
        phrase = tuple(_WORD.findall(match.group(1)))
        if phrase:
            groups.append(phrase)
        position = match.end()
    groups.extend((w,) for w in _WORD.findall(text[position:].replace('"', " ")))
    groups = [tuple(word.lower() for word in group) for group in groups]
    # Drop repeats, keep the reader's order.
    unique = list(dict.fromkeys(groups))
    if len(unique) > MAX_TERMS:
        unique, shortened = unique[:MAX_TERMS], True
    notes = ()
    if shortened and unique:  # with no words at all the page says so instead
        text = _as_text(unique)
        notes = (f"Your search was long, so only its first words were used: “{text}”.",)
    return ParsedQuery(text=text, groups=tuple(unique), shortened=shortened, notes=notes)


def _cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space if the cut falls in a word."""
    if len(text) <= limit or text[limit] == " ":
        return text[:limit].rstrip()
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head  # one enormous word: its start


def _as_text(groups: list[tuple[str, ...]]) -> str:
    """The groups as a query a reader could type: phrases in quotes."""
    return " ".join(
        group[0] if len(group) == 1 else '"' + " ".join(group) + '"' for group in groups
    )


def newest_matches(query: ParsedQuery, limit: int) -> list[tuple[int, str, str, str]]:
    """(id, headline, dek, keywords) of the ``limit`` newest indexed articles matching
    ``query``, newest first.

    Both indexes answer this without scoring every match: FTS5 walks its doclists backwards
    by rowid, PostgreSQL walks the primary key backwards testing each row's inline tsvector
    (or, for rare words, takes the GIN index's few matches), so a word found in most of the
    archive costs no more than a rare one.
    """
    if query.is_empty:
        return []
    if connection.vendor == "postgresql":
        sql = """
            SELECT article_id, headline, dek, keywords FROM search_searchdocument
            WHERE vector @@ websearch_to_tsquery('english', %s)
            ORDER BY article_id DESC LIMIT %s"""
        params = [query.websearch(), limit]
    else:
        sql = """
            SELECT d.article_id, d.headline, d.dek, d.keywords
            FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s
                  ORDER BY rowid DESC LIMIT %s) m
            JOIN search_searchdocument d ON d.article_id = m.rowid
            ORDER BY d.article_id DESC"""
        params = [query.fts5(), limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ranked_ids(query: ParsedQuery, limit: int | None = None) -> list[int]:
    """The newest ``limit`` (default MAX_RESULTS) indexed matches for ``query``, best first.

    The index holds only stories readers could see once live (``search.indexing``), but
    whether they may see one *now* (publish time, grants, rule versions) is decided at query
    time: pass these ids through ``Article.objects.published()`` (``visible_matches``).
    """
    return _ranked(query, limit or MAX_RESULTS)[0]


def _ranked(query: ParsedQuery, limit: int) -> tuple[list[int], bool]:
    """``ranked_ids`` and whether the index matched more than ``limit``."""
    rows = newest_matches(query, limit + 1)  # one more, to know whether there are more
    more = len(rows) > limit
    ranked = ranking.rank(
        query.groups,
        ((pk, {"headline": h, "dek": d, "keywords": k}) for pk, h, d, k in rows[:limit]),
    )
    return ranked, more


@dataclass(frozen=True)
class Matches:
    """What readers may see of a search: ids best first, and whether the index had more."""

    ids: list[int]
    more: bool = False  # the index matched more than MAX_RESULTS; only the newest were kept


def visible_matches(query: ParsedQuery, published: QuerySet) -> Matches:
    """``ranked_ids`` narrowed to the articles in ``published`` (the publication filter).

    The filter runs over the matched ids only (at most MAX_RESULTS), not over the archive,
    and over all of them, so counts are exact and pages neither overlap nor skip a story.
    """
    candidates, more = _ranked(query, MAX_RESULTS)
    if not candidates:
        return Matches(ids=[])
    visible = set(published.filter(pk__in=candidates).values_list("pk", flat=True))
    return Matches(ids=[pk for pk in candidates if pk in visible], more=more)
