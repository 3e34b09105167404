"""Turning what a reader typed into a safe full-text query, and running it ranked.

Readers type anything: quotes, operators, brackets, pages of text. Rather than pass that to
FTS5's or PostgreSQL's query syntax (where it can fail or mean something else), the query is
reduced to words and "quoted phrases" that all must match, and rebuilt in each database's
own syntax with every word quoted.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from . import ranking
from .indexing import document_fields
from .models import SearchDocument

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


def newest_matches(
    query: ParsedQuery, limit: int, at: datetime | None = None
) -> list[tuple[int, str, str, str, bool, str | None]]:
    """(id, headline, dek, keywords, stale, rights key) of the ``limit`` newest indexed
    articles matching ``query``, newest first; ``stale``: the document's ``stale_at`` has come
    by ``at`` (now); the rights key is the one it was decided under.

    Both indexes answer this without scoring every match: FTS5 walks its doclists backwards
    by rowid, PostgreSQL walks the primary key backwards testing each row's inline tsvector
    (or, for rare words, takes the GIN index's few matches), so a word found in most of the
    archive costs no more than a rare one.
    """
    if query.is_empty:
        return []
    # The moment as the database stores it (SQLite: naive UTC text), as a DateTimeField
    # lookup would pass it.
    moment = connection.ops.adapt_datetimefield_value(at or timezone.now())
    stale = "CASE WHEN d.stale_at IS NOT NULL AND d.stale_at <= %s THEN 1 ELSE 0 END"
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT d.article_id, d.headline, d.dek, d.keywords, {stale}, d.rights_key
            FROM search_searchdocument d
            WHERE d.vector @@ websearch_to_tsquery('english', %s)
            ORDER BY d.article_id DESC LIMIT %s"""
        params = [moment, query.websearch(), limit]
    else:
        sql = f"""
            SELECT d.article_id, d.headline, d.dek, d.keywords, {stale}, d.rights_key
            FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s
                  ORDER BY rowid DESC LIMIT %s) m
            JOIN search_searchdocument d ON d.article_id = m.rowid
            ORDER BY d.article_id DESC"""
        params = [moment, query.fts5(), limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, h, d, k, bool(stale), key) for pk, h, d, k, stale, key in cursor.fetchall()]


@dataclass(frozen=True)
class Matches:
    """What readers may see of a search: ids best first, and whether the index had more."""

    ids: list[int]
    more: bool = False  # the index matched more than MAX_RESULTS; only the newest were kept


def _fields(row) -> dict[str, str]:
    _, headline, dek, keywords, *_ = row
    return {"headline": headline, "dek": dek, "keywords": keywords}


def visible_matches(query: ParsedQuery, published: QuerySet) -> Matches:
    """The newest matches for ``query`` that readers may see now, best first.

    ``published`` (the publication filter) runs over the matched ids only (at most
    MAX_RESULTS), not over the archive, and over all of them, so counts are exact and pages
    neither overlap nor skip a story. A hit whose document may be out of date is checked
    again against what readers may see of it now, and dropped if the query no longer matches
    that: its rights facts (rule version in force, grant) read now differ from those it was
    indexed under, however that came about (a grant expired, a rule version took effect, a
    date edited in the database), or its ``stale_at`` has come.
    """
    snapshot = getattr(published, "rights_snapshot", None)
    at = snapshot.at if snapshot is not None else timezone.now()
    rows = newest_matches(query, MAX_RESULTS + 1, at=at)  # one more, to know if there are more
    more = len(rows) > MAX_RESULTS
    rows = rows[:MAX_RESULTS]
    if not rows:
        return Matches(ids=[])
    facts = published.filter(pk__in=[row[0] for row in rows]).values_list(
        "pk", "origin", "rule_id", "source_id"
    )
    keys_now = {
        pk: snapshot.rights_key(pk=pk, origin=origin, rule_id=rule_id, source_id=source_id)
        if snapshot is not None
        else None
        for pk, origin, rule_id, source_id in facts
    }
    fields = {row[0]: _fields(row) for row in rows if row[0] in keys_now}
    stale = [
        row[0] for row in rows if row[0] in keys_now and (row[4] or row[5] != keys_now[row[0]])
    ]
    if stale:
        for pk, current in _recheck(query, published, stale, fields).items():
            if current is None:
                del fields[pk]
            else:
                fields[pk] = current
    return Matches(ids=ranking.rank(query.groups, fields.items()), more=more)


def _recheck(query: ParsedQuery, published: QuerySet, ids: list[int], indexed: dict) -> dict:
    """{id: the fields readers may see now, or None when ``query`` no longer matches them}.

    A document whose fields are unchanged keeps the index's verdict; a changed one (fewer
    words, usually) is matched again in Python, against visible text only, so whatever the
    verdict it cannot reveal text readers may not see."""
    bodies = dict(
        SearchDocument.objects.filter(article_id__in=ids).values_list("article_id", "body")
    )
    found = dict.fromkeys(ids)
    for article in published.filter(pk__in=ids).select_related("source", "rule"):
        current = document_fields(article, keywords=indexed[article.pk]["keywords"])
        if current is None:
            continue
        was = {**indexed[article.pk], "body": bodies.get(article.pk)}
        if current == was or ranking.matches(query.groups, current):
            found[article.pk] = current
    return found
