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

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_RESULTS = 1000

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
    """Words and quoted phrases from ``raw``; never raises, whatever it contains."""
    text = " ".join((raw or "").split())
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
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
    if shortened:
        notes = (
            f"Your search was long, so only its first {MAX_TERMS} words (or "
            f"{MAX_QUERY_CHARS} characters) were used.",
        )
    return ParsedQuery(text=text, groups=tuple(unique), shortened=shortened, notes=notes)


def ranked_ids(query: ParsedQuery, queryset: QuerySet) -> list[int]:
    """Ids of ``queryset``'s articles matching ``query``, best first (at most MAX_RESULTS).

    ``queryset`` is the publication filter; it runs inside the same SQL statement.
    """
    if query.is_empty:
        return []
    inner_sql, inner_params = queryset.values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT d.article_id FROM search_searchdocument d,
                   websearch_to_tsquery('english', %s) q
            WHERE d.vector @@ q AND d.article_id IN ({inner_sql})
            ORDER BY ts_rank_cd(d.vector, q) DESC, d.article_id DESC
            LIMIT {MAX_RESULTS}"""
        params = [query.websearch(), *inner_params]
    else:
        # bm25 weights: headline, dek, tags, body. Lower bm25 means a better match.
        sql = f"""
            SELECT rowid FROM search_fts
            WHERE search_fts MATCH %s AND rowid IN ({inner_sql})
            ORDER BY bm25(search_fts, 10.0, 4.0, 3.0, 1.0), rowid DESC
            LIMIT {MAX_RESULTS}"""
        params = [query.fts5(), *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
