"""What the files of one import share: reprint rules and the company matcher, read once a chunk."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.db import connections, router
from django.db.models import Model, Q
from django.utils import timezone

from articles.ingest.credits import _credit_fields, _maybe_known
from articles.ingest.parsed import ParsedArticle
from articles.ingest.profiles import Profiles
from articles.ingest.profiles_db import load_profiles, profiles_from
from articles.models import Article, Origin, ReprintRule, Source
from articles.rights.engine import RuleVersions, rule_patterns
from articles.rights.notices import RulePatterns
from companies.registry import Registry, get_registry


class ImportBatch:
    """What the files of one import share: the reprint rules, the company matcher and the
    known company names, read once per *chunk* of files instead of once per file.

    The importer stores a chunk (at most ``chunk_files`` files, or what it stores in
    ``chunk_seconds``) in one transaction, a savepoint per file, and re-reads the rules and
    the registry at the start of every chunk, inside that transaction. On SQLite the chunk's
    transaction holds the write lock from its start (``BEGIN IMMEDIATE``), so nobody can
    change a rule or the registry while the snapshot is in use: decisions are exactly what
    per-file look-ups would give. On PostgreSQL a change committed by an editor mid-chunk
    applies from the next chunk, a fraction of a second later, as if the chunk's files had
    been decided the moment it started.
    """

    chunk_files = 50
    # Short write transactions: readers' writes (sessions, an editor's save) wait for the
    # lock at most about this long.
    chunk_seconds = 0.1

    def __init__(self) -> None:
        self._seconds_per_new_file = 0.01  # until the first transaction of new files says
        self._rules: list[ReprintRule] = []
        self._patterns: list[RulePatterns] = []
        self._profiles: Profiles | None = None
        self._versions: RuleVersions | None = None
        self._rows: tuple | None = None  # the rule and partner rows the objects were read from
        self._all_versions: list[ReprintRule] = []
        self._rule_patterns: dict[int, RulePatterns] = {}
        self._registry: Registry | None = None
        self._sources: dict[tuple[str, str], Source | None] = {}
        self._by_domain: dict[str, Source] = {}
        self._by_name: dict[str, Source] = {}
        self._credits: dict[int, dict] = {}
        self._known: tuple[set[str], set[str], set[str]] | None = None
        self._covered: set[int] = set()
        self._tags: dict[str, object] = {}
        self._authors: dict[str, object] = {}

    def refresh(self) -> None:
        """Read the rules, the partners and the registry again (at the start of each chunk,
        inside its transaction). Their rows are read raw and compared with the last ones:
        only when a rule version or a partner changed are they loaded as objects again
        (every rule version in one query, every partner in another). The rules in force are
        picked from the versions at every refresh, as ``ReprintRule.objects.in_force()``
        would, since a version starts or ends with time alone."""
        rows = _table_rows(ReprintRule), _table_rows(Source)
        if rows != self._rows:
            versions = list(ReprintRule.objects.select_related("source"))
            partners = list(Source.objects.order_by("pk"))
            self._rows = rows  # read first: a change committed meanwhile is seen next time
            self._versions = RuleVersions(versions)
            self._all_versions = versions
            self._profiles = profiles_from(partners)
            self._by_domain = {source.domain: source for source in partners}
            self._by_name = {}
            for source in partners:
                self._by_name.setdefault(source.name.casefold(), source)
            self._rule_patterns = {}
        now = timezone.now()
        self._rules = sorted(
            (rule for rule in self._all_versions if rule.is_in_force(now)),
            key=lambda rule: (rule.priority, rule.pk),
        )
        self._patterns = [self._patterns_of(rule) for rule in self._rules]
        self._registry = get_registry()
        self._sources = {}
        self._credits = {}
        self._known = None  # until look_up_known(): one query per file
        self.forget_writes()

    def _patterns_of(self, rule: ReprintRule) -> RulePatterns:
        found = self._rule_patterns.get(rule.pk)
        if found is None:
            found = self._rule_patterns[rule.pk] = rule_patterns(rule)
        return found

    def new_files_per_transaction(self) -> int:
        """How many new files one transaction stores together: what fits in
        ``chunk_seconds`` at the pace of the last one, at least 8."""
        return max(8, min(self.chunk_files, int(self.chunk_seconds / self._seconds_per_new_file)))

    def took(self, files: int, seconds: float) -> None:
        """A transaction stored ``files`` new files in ``seconds``."""
        if files:
            self._seconds_per_new_file = max(seconds / files, 1e-4)

    def forget_writes(self) -> None:
        """Forget the rows remembered for the transaction (tags, authors): a file's savepoint
        rolled back, and the rows it created with it."""
        self._tags = {}
        self._authors = {}

    @property
    def tags(self) -> dict:
        """Tags by the name a file gave, found or created in this transaction."""
        return self._tags

    @property
    def authors(self) -> dict:
        """Partner writers' author profiles by slug, found or created in this transaction."""
        return self._authors

    def credit(self, parsed: ParsedArticle) -> dict:
        """``_credit_fields(parsed)``, remembered for the transaction (the rules it reads
        do not change within it)."""
        key = id(parsed)
        if key not in self._credits:
            self._credits[key] = _credit_fields(parsed, self)
        return self._credits[key]

    def look_up_known(self, files: Iterable[tuple[ParsedArticle, str]]) -> None:
        """Which of ``files`` (parsed, name) any story already has the text, name or original
        URL of, in one query for the transaction instead of one per file."""
        files = list(files)
        hashes = {parsed.content_hash for parsed, _ in files}
        names = {name for _, name in files}
        urls = {self.credit(parsed)["original_url"] for parsed, _ in files} - {""}
        rows = Article.objects.filter(
            Q(content_hash__in=hashes)
            | Q(import_name__in=names)
            | Q(origin=Origin.PARTNER, original_url__in=urls)
        ).values_list("content_hash", "import_name", "original_url", "origin")
        self._covered = {id(parsed) for parsed, _ in files}
        known: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        for content_hash, import_name, url, origin in rows:
            known[0].add(content_hash)
            known[1].add(import_name)
            if origin == Origin.PARTNER:
                known[2].add(url)
        self._known = known

    def maybe_known(self, parsed: ParsedArticle, *, name: str, url: str) -> bool:
        """``_maybe_known``, answered from ``look_up_known`` when it ran for this transaction.
        Each file asked about is then counted as known, whatever happens to it: a later file
        with the same text, name or URL takes the exact look-ups."""
        if self._known is None or id(parsed) not in self._covered:
            # Files after the covered ones come later in the transaction, so the query sees
            # everything stored before them.
            return _maybe_known(parsed, name=name, url=url)
        hashes, names, urls = self._known
        known = parsed.content_hash in hashes or name in names or bool(url and url in urls)
        hashes.add(parsed.content_hash)
        names.add(name)
        if url:
            urls.add(url)
        return known

    @property
    def profiles(self) -> Profiles:
        """The partner profiles the parser reads files with, as of the last refresh (files
        are parsed before their chunk's transaction starts)."""
        if self._profiles is None:
            self._profiles = load_profiles()
        return self._profiles

    def source_for(self, domain: str) -> Source | None:
        """The Source of a recognised profile, from the chunk's partners."""
        self._ensure()
        return self._by_domain.get(domain) if domain else None

    def find_source(self, holder: str, url: str) -> Source | None:
        """``_find_source`` over the chunk's partners (the importer creates no sources)."""
        self._ensure()
        domain = urlsplit(url).hostname if url else ""
        for candidate in (holder, domain or ""):
            found = (
                self._by_domain.get(candidate.lower().removeprefix("www.")) if candidate else None
            )
            if found is not None:
                return found
        return self._by_name.get(holder.casefold()) if holder else None

    def _ensure(self) -> None:
        if self._versions is None:
            self.refresh()

    @property
    def rules(self) -> tuple[list[ReprintRule], list[RulePatterns]]:
        self._ensure()
        return self._rules, self._patterns

    @property
    def versions(self) -> RuleVersions:
        self._ensure()
        return self._versions

    @property
    def registry(self) -> Registry:
        self._ensure()
        return self._registry


def _table_rows(model: type[Model]) -> tuple:
    """Every row of ``model``'s table as the database holds it, in primary-key order: one
    query with no objects built, to tell whether anything changed since the last read."""
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    sql = f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchall())
