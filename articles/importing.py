"""Importing raw partner text into articles: one file, one transaction, one result.

The parser (``articles.parsing``) and the notice matcher (``articles.notices``) are pure; this
module applies their results to the database, idempotently.
"""

from __future__ import annotations

import html
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.text import slugify

from companies.registry import Registry, get_registry
from companies.services import mentions_refresh
from search.indexing import indexing_deferred

from .bylines import article_credit_original_author
from .caching import additions
from .models import Article, Origin, Permission, ReprintRule, Source, Status
from .notices import RulePatterns, match_notice
from .parsing import ParsedArticle, ParseError, parse_bytes
from .rights import (
    Decision,
    RuleVersions,
    effective_rule,
    rights_decision,
    rule_versions_cached,
)
from .services import article_publish, publish_new_prepare, publish_new_record
from .text import html_to_text

STATUSES = ("created", "updated", "unchanged", "duplicate", "rejected")
# The fields an editor may change after import; a re-import only overwrites them if the
# editor has not (see README, "Re-importing a changed file").
EDITABLE_FIELDS = ("headline", "headline_is_provisional", "dek", "body", "tags")


@dataclass
class FileResult:
    path: str
    status: str
    error: str | None = None
    record: Article | None = field(default=None, repr=False)
    extra: dict = field(default_factory=dict)

    @cached_property
    def article(self) -> dict | None:
        """The report's ``article`` object, built on first use: it costs queries that a plain
        run, which only prints the headline and status, does not need."""
        return article_summary(self.record) if self.record is not None else None

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "article": self.article,
            **self.extra,
        }


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, result: FileResult) -> None:
        self.counts[result.status] += 1

    @property
    def ok(self) -> bool:
        return self.counts["rejected"] == 0


class _DryRun(Exception):
    def __init__(self, result: FileResult):
        self.result = result


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
        self._rules: list[ReprintRule] = []
        self._patterns: list[RulePatterns] = []
        self._versions: RuleVersions | None = None
        self._registry: Registry | None = None
        self._sources: dict[tuple[str, str], Source | None] = {}
        self._credits: dict[int, dict] = {}
        self._known: tuple[set[str], set[str], set[str]] | None = None
        self._covered: set[int] = set()
        self._tags: dict[str, object] = {}
        self._authors: dict[str, object] = {}

    def refresh(self) -> None:
        """Read the rules and the registry again (at the start of each chunk)."""
        self._rules = list(
            ReprintRule.objects.in_force().select_related("source").order_by("priority")
        )
        self._patterns = [
            RulePatterns(key=rule.pk, patterns=tuple(rule.pattern_list)) for rule in self._rules
        ]
        self._versions = RuleVersions()
        self._registry = get_registry()
        self._sources = {}
        self._credits = {}
        self._known = None  # until look_up_known(): one query per file
        self.forget_writes()

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

    def find_source(self, holder: str, url: str) -> Source | None:
        """``_find_source``, remembered for the chunk (the importer creates no sources)."""
        key = (holder, url)
        if key not in self._sources:
            self._sources[key] = _find_source(holder, url)
        return self._sources[key]

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


# --- Finding the files --------------------------------------------------------------------


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``paths`` in a stable order, with an error for paths that can't be read.

    Folders are walked recursively; hidden files and folders are skipped. The walk is lazy so a
    folder of 100,000 files is never held in memory at once.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield path, "no such file or folder"
        elif path.is_dir():
            yield from _walk(path)
        elif not path.is_file():
            yield path, "not a regular file"
        else:
            yield path, None


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, f"cannot read folder: {exc.strerror or exc}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file():
            yield path, None


def count_files(paths: Iterable[str | os.PathLike]) -> int:
    """How many files ``iter_paths`` will yield, for the progress bar."""
    return sum(1 for _ in iter_paths(paths))


# --- Importing ------------------------------------------------------------------------------


def import_paths(
    paths: Iterable[str | os.PathLike],
    *,
    dry_run: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> Summary:
    """Import every file under ``paths``; one bad file never stops the batch.

    Files are stored a chunk at a time (see ``ImportBatch``), each file all or nothing in its
    own savepoint; ``on_result`` hears of a file once its chunk is committed."""
    summary = Summary()
    batch = ImportBatch()
    for chunk in _read_chunks(iter_paths(paths), batch.chunk_files):
        for result in _import_chunk(chunk, dry_run=dry_run, batch=batch):
            summary.add(result)
            if on_result:
                on_result(result)
    return summary


@dataclass
class _Pending:
    """A file read and parsed (outside any transaction), waiting for its chunk."""

    path: str
    name: str
    parsed: ParsedArticle | None = None
    result: FileResult | None = None  # set when the file was rejected before storing


def _read_chunks(found: Iterable[tuple[Path, str | None]], size: int) -> Iterator[list[_Pending]]:
    chunk: list[_Pending] = []
    for path, error in found:
        if error:
            chunk.append(_rejected(str(path), path.name, error))
        else:
            chunk.append(_read(path))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rejected(path: str, name: str, error: str) -> _Pending:
    return _Pending(path, name, result=FileResult(path, "rejected", error=error))


def _read(path: Path) -> _Pending:
    limit = settings.IMPORT_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            # Refuse before reading, so a huge file costs no memory.
            error = f"file is {size} bytes, over the limit of {limit} bytes"
            return _rejected(str(path), path.name, error)
        data = path.read_bytes()
    except OSError as exc:
        return _rejected(str(path), path.name, f"cannot read file: {exc.strerror or exc}")
    return _parse(data, path=str(path), name=path.name)


def _parse(data: bytes, *, path: str, name: str) -> _Pending:
    try:
        parsed = parse_bytes(data, name=name, max_bytes=settings.IMPORT_MAX_FILE_BYTES)
    except ParseError as exc:
        return _rejected(path, name, str(exc))
    return _Pending(path, name, parsed=parsed)


def _import_chunk(chunk: list[_Pending], *, dry_run: bool, batch: ImportBatch) -> list[FileResult]:
    """Store ``chunk``: as many files per transaction as fit in ``batch.chunk_seconds``.

    A file that fails rolls back only its savepoint. If a transaction fails as a whole (its
    commit, or an error no savepoint handles), nothing of it is kept and its files are stored
    again one transaction each, as the importer did before chunks: each gets its own result
    (or raises its own error) and the files before it are kept."""
    results: list[FileResult] = []
    start = attempted = 0
    while start < len(chunk):
        done: list[FileResult] = []
        # The files this transaction will likely reach (twice what the last one stored) are
        # told new or known by one query; any past them are looked up one by one.
        window, attempted = max(8, 2 * attempted), 0
        try:
            with transaction.atomic():
                batch.refresh()  # inside the transaction: the snapshot this chunk decides by
                batch.look_up_known(
                    (pending.parsed, pending.name)
                    for pending in chunk[start : start + window]
                    if pending.result is None
                )
                deadline = time.monotonic() + batch.chunk_seconds
                for pending in chunk[start:]:
                    attempted += 1
                    done.append(_store_pending(pending, dry_run=dry_run, batch=batch))
                    if time.monotonic() >= deadline:
                        break
        except Exception:
            for pending in chunk[start : start + attempted]:
                results.append(_store_pending(pending, dry_run=dry_run, batch=batch, alone=True))
            start += attempted
            continue
        results.extend(done)
        start += attempted
    return results


def _store_pending(
    pending: _Pending, *, dry_run: bool, batch: ImportBatch, alone: bool = False
) -> FileResult:
    if pending.result is not None:
        return pending.result
    return _store_parsed(
        pending.parsed,
        path=pending.path,
        name=pending.name,
        dry_run=dry_run,
        batch=batch,
        refresh=alone,
    )


def import_file(
    path: Path, *, dry_run: bool = False, batch: ImportBatch | None = None
) -> FileResult:
    """Read one file and import it, in its own transaction."""
    pending = _read(path)
    return _store_pending(pending, dry_run=dry_run, batch=batch or ImportBatch(), alone=True)


def article_import(
    *,
    data: bytes,
    path: str,
    name: str,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
) -> FileResult:
    """Import one file's bytes as a partner article, in its own transaction.

    ``name`` identifies the file across imports (a changed file updates its article).
    With ``dry_run`` everything is computed and reported, then rolled back. ``batch`` shares
    rules and the company matcher between the files of one import.
    """
    pending = _parse(data, path=path, name=name)
    return _store_pending(pending, dry_run=dry_run, batch=batch or ImportBatch(), alone=True)


def _store_parsed(
    parsed: ParsedArticle,
    *,
    path: str,
    name: str,
    dry_run: bool,
    batch: ImportBatch,
    refresh: bool,
) -> FileResult:
    """Store one parsed file all or nothing: its own transaction, or a savepoint in its
    chunk's. ``refresh`` reads the batch's rules and registry inside it first."""
    try:
        with transaction.atomic():
            if refresh:
                batch.refresh()
            # The story's search document is written once, as the file leaves it, not at
            # every save on the way.
            with rule_versions_cached(batch.versions), indexing_deferred():
                result = _store(parsed, path=path, name=name, batch=batch)
            if dry_run:
                result.article  # noqa: B018  (the summary must be built before the rollback)
                raise _DryRun(result)
    except _DryRun as rolled_back:
        batch.forget_writes()
        return rolled_back.result
    except ValidationError as exc:
        batch.forget_writes()
        return FileResult(path, "rejected", error="invalid data: " + "; ".join(exc.messages))
    except DatabaseError as exc:
        batch.forget_writes()
        return FileResult(path, "rejected", error=f"database error, nothing stored: {exc}")
    except BaseException:
        batch.forget_writes()
        raise
    return result


def _store(parsed: ParsedArticle, *, path: str, name: str, batch: ImportBatch) -> FileResult:
    credit = batch.credit(parsed)
    if not batch.maybe_known(parsed, name=name, url=credit["original_url"]):
        return _new(parsed, path=path, name=name, credit=credit, batch=batch)
    same_text = Article.objects.filter(content_hash=parsed.content_hash).order_by("id").first()
    if same_text is not None:
        if same_text.import_name == name:
            return FileResult(path, "unchanged", record=same_text)
        return FileResult(
            path,
            "duplicate",
            record=same_text,
            extra={"duplicate_of": same_text.import_name or same_text.slug},
        )

    existing = Article.objects.filter(import_name=name).first()
    if existing is None and credit["original_url"]:
        existing = Article.objects.filter(
            origin=Origin.PARTNER, original_url=credit["original_url"]
        ).first()

    # Every save keeps a revision, the importer's included, so editors can compare an
    # upstream change with what they had and restore either. One version of the story as
    # stored (with its bylines, which the registration follows), not one per save: the file's
    # savepoint already makes the block atomic.
    if existing is None:
        return _new(parsed, path=path, name=name, credit=credit, batch=batch)
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.set_comment(f"Re-imported from {name}")
        _update(existing, parsed, credit=credit, batch=batch)
        reversion.add_to_revision(existing)
    return FileResult(path, "updated", record=existing)


def _new(
    parsed: ParsedArticle, *, path: str, name: str, credit: dict, batch: ImportBatch
) -> FileResult:
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.set_comment(f"Imported from {name}")
        # A new story only adds to what readers see: list pages pick it up within seconds
        # instead of the whole page cache being dropped per imported file.
        with additions():
            article = _create(parsed, name=name, credit=credit, batch=batch)
        reversion.add_to_revision(article)
    return FileResult(path, "created", record=article)


def _maybe_known(parsed: ParsedArticle, *, name: str, url: str) -> bool:
    """Whether any story has this file's text, name or original URL: one indexed query, so
    that a new file (the common case) skips the three look-ups that tell which it is."""
    known = Q(content_hash=parsed.content_hash) | Q(import_name=name)
    if url:
        known |= Q(origin=Origin.PARTNER, original_url=url)
    return Article.objects.filter(known).exists()


def _credit_fields(parsed: ParsedArticle, batch: ImportBatch) -> dict:
    """Rule, source, author, URL and holder, from the notice and the writer line."""
    # The same choice as rights.match_rule (first matching rule version in force, by
    # priority), over the batch's rule list instead of a query per file.
    rules, patterns = batch.rules
    found = match_notice(parsed.notice, patterns) if parsed.notice else None
    rule = next((r for r in rules if found and r.pk == found.key), None)
    groups = found.groups if found else {}
    url = _valid_url(groups.get("url", ""))
    holder = groups.get("holder", "")
    source = rule.source if rule and rule.source_id else batch.find_source(holder, url)
    return {
        "rule": rule,
        "source": source,
        "original_url": url,
        "original_author": (groups.get("author") or parsed.writer)[:200],
        "copyright_holder": (holder or (source.name if source else ""))[:200],
        "copyright_notice": parsed.notice,
    }


def _valid_url(url: str) -> str:
    url = url.rstrip(".,;)")
    if not url or len(url) > 500:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


def _find_source(holder: str, url: str) -> Source | None:
    domain = urlsplit(url).hostname if url else ""
    candidates = [d.lower().removeprefix("www.") for d in (holder, domain or "") if d]
    for candidate in candidates:
        source = Source.objects.filter(domain=candidate).first()
        if source:
            return source
    if holder:
        return Source.objects.filter(name__iexact=holder).first()
    return None


def body_html(parsed: ParsedArticle) -> str:
    """The parsed blocks as the HTML the article body stores."""
    return "\n".join(
        f"<{block.kind}>{html.escape(block.text, quote=False)}</{block.kind}>"
        for block in parsed.blocks
    )


def _editable_values(parsed: ParsedArticle) -> dict:
    return {
        "headline": parsed.headline[:300],
        "headline_is_provisional": parsed.headline_is_provisional,
        # The dek is the editor's own summary. The parser's lede sentence is the partner's
        # text, which a restrictive rule may not let readers see, so it is never copied here.
        "dek": "",
        "body": body_html(parsed),
        "tags": sorted(parsed.tags),
    }


def _create(parsed: ParsedArticle, *, name: str, credit: dict, batch: ImportBatch) -> Article:
    values = _editable_values(parsed)
    article = Article(
        headline=values["headline"],
        headline_is_provisional=values["headline_is_provisional"],
        dek=values["dek"],
        body=values["body"],
        slug=unique_slug(values["headline"]),
        origin=Origin.PARTNER,
        status=Status.DRAFT,
        raw_text=parsed.raw_text,
        content_hash=parsed.content_hash,
        import_name=name[:255],
        imported_values=values,
        image_credits=[{"caption": c.caption, "credit": c.credit} for c in parsed.image_credits],
        upstream_credits=list(parsed.upstream_credits),
        **credit,
    )
    # Published or held before the first save, when the decision cannot depend on the stored
    # row; otherwise (None) stored as a draft and decided after, as the editors' path does.
    published = _publish_or_hold_new(article)
    # The slug was just found free and the rule and source were read in this transaction, so
    # their database checks would only repeat those queries (the constraints still hold).
    article.full_clean(exclude=["rule", "source"], validate_unique=False)
    article.save()
    if parsed.tags:
        _tag_new_article(article, parsed.tags, known=batch.tags)
    mentions_refresh(
        article=article,
        text=html_to_text(article.body),
        registry=batch.registry,
        new_article=True,
    )
    article_credit_original_author(article=article, new_article=True, authors=batch.authors)
    if published is None:
        _publish_or_hold(article)
    elif published is not _HELD:
        publish_new_record(article=article, decision=published)
    return article


_HELD = Decision(visibility="nothing")  # _publish_or_hold_new's answer for a held story


def _publish_or_hold_new(article: Article) -> Decision | None:
    """``_publish_or_hold`` for a story not saved yet: sets its published state (returning the
    decision to record once it is inserted) or its hold reason (returning ``_HELD``). None
    when a permission grant could change the decision: grants cover stored stories only, so
    the story is stored as a draft first and decided by ``_publish_or_hold``."""
    if _grant_may_apply(article):
        return None
    decision = rights_decision(article)
    if not decision.may_autopublish:
        article.hold_reason = hold_reason(article, decision)
        return _HELD
    pinned = article.rule
    published = publish_new_prepare(article=article)  # repins to the version in force now
    if _grant_may_apply(article):
        article.rule, article.status, article.publish_at = pinned, Status.DRAFT, None
        return None
    return published


def _grant_may_apply(article: Article) -> bool:
    """Whether the rule that governs ``article`` asks for the partner's permission, which a
    grant on its source or on the stored story gives."""
    if article.rule_id is None:
        return False
    rule, _ = effective_rule(article)
    return rule.permission == Permission.PERMISSION_REQUIRED


def _update(article: Article, parsed: ParsedArticle, *, credit: dict, batch: ImportBatch) -> None:
    new = _editable_values(parsed)
    old = article.imported_values or {}
    current = {
        "headline": article.headline,
        "headline_is_provisional": article.headline_is_provisional,
        "dek": article.dek,
        "body": article.body,
        "tags": sorted(article.tags.names()),
    }
    for key in EDITABLE_FIELDS:
        # Three-way merge per field: take the new import only where the editor left the
        # previous import's value alone.
        if key in old and current[key] != old[key]:
            continue
        if key == "tags":
            article.tags.set(new["tags"])
        else:
            setattr(article, key, new[key])
    for key, value in credit.items():
        if key == "rule" and value is None:
            continue  # keep a rule an editor chose by hand
        setattr(article, key, value)
    article.raw_text = parsed.raw_text
    article.content_hash = parsed.content_hash
    article.image_credits = [
        {"caption": c.caption, "credit": c.credit} for c in parsed.image_credits
    ]
    article.upstream_credits = list(parsed.upstream_credits)
    article.imported_values = new
    if article.status == Status.DRAFT:
        article.hold_reason = hold_reason(article)
    article.full_clean()
    article.save()
    mentions_refresh(article=article, text=html_to_text(article.body), registry=batch.registry)
    article_credit_original_author(article=article)


def _tag_new_article(article: Article, names: Iterable[str], *, known: dict) -> None:
    """``article.tags.add(*names)`` for an article created in this transaction, in three
    statements instead of ~10: taggit's own lookup (and creation) of the tags, then one insert
    of the tagged items. The m2m_changed signal is not sent; its receivers (the public cache
    and the search index) hear of the article's own save and indexing in this transaction.
    ``known`` remembers each name's tag for the transaction (taggit looks names up one by one
    when case-insensitive, so asking per name gives the same tags)."""
    manager = article.tags
    tags, seen = [], set()
    for name in names:
        tag = known.get(name)
        if tag is None:
            tag = known[name] = manager._to_tag_model_instances([name], {})[0]
        if tag.pk not in seen:  # "AI" and "ai" are one tag, as in taggit
            seen.add(tag.pk)
            tags.append(tag)
    lookup = manager._lookup_kwargs()
    manager.through.objects.bulk_create(manager.through(tag=tag, **lookup) for tag in tags)


def _publish_or_hold(article: Article) -> None:
    """A partner story goes live at import only if its rule lets readers see it in full;
    otherwise it waits as a draft and says why."""
    decision = rights_decision(article)
    if decision.may_autopublish:
        article_publish(article=article)
    else:
        article.hold_reason = hold_reason(article, decision)
        article.save(update_fields=["hold_reason"])


def hold_reason(article: Article, decision: Decision | None = None) -> str:
    """Why ``article`` may not go live unattended ("" if it may); ``decision`` if already
    made for it."""
    decision = decision or rights_decision(article)
    if decision.may_autopublish:
        return ""
    if not article.copyright_notice and article.rule_id is None:
        return (
            "Held: the story carries no reprint notice, so its rights are unknown. "
            "Classify it before publishing."
        )
    return "Held: " + " ".join(decision.reasons)


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(headline)[:100].strip("-") or "article"
    slug, n = base, 2
    existing = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def article_summary(article: Article) -> dict:
    """The ``article`` object of the JSON report: a stable contract, add keys, never rename."""
    mentions = article.mentions.select_related("company").order_by("first_position")
    return {
        "slug": article.slug,
        "headline": article.headline,
        "headline_is_provisional": article.headline_is_provisional,
        "source": article.source.domain if article.source_id else None,
        "original_url": article.original_url,
        "original_author": article.original_author,
        "permission": article.permission,
        "rule": article.rule.name if article.rule_id else None,
        "copyright_notice": article.copyright_notice,
        "tags": sorted(article.tags.names()),
        "companies": [m.company.name for m in mentions],
        "image_credits": [c.get("credit", "") for c in article.image_credits],
        "image_captions": [c.get("caption", "") for c in article.image_credits],
        "upstream_credits": list(article.upstream_credits),
        "body_text": html_to_text(article.body),
        "status": article.status,
        "hold_reason": article.hold_reason,
        "url": article.get_absolute_url(),
    }
