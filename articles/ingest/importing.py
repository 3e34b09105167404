"""Importing raw partner text into articles: one file, one transaction, one result.

The parser (``articles.ingest.parsing``) and the notice matcher (``articles.rights.notices``)
are pure; this module applies their results to the database, idempotently.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from articles.ingest.batch import ImportBatch
from articles.ingest.chunk import chunk_store_new
from articles.ingest.files import Found, _parse, _Pending, _read, _read_chunks, iter_paths
from articles.ingest.report import FileResult, Summary, internal_error
from articles.ingest.storing import _store_parsed

logger = logging.getLogger(__name__)

# --- Importing ------------------------------------------------------------------------------


def import_paths(
    paths: Iterable[str | bytes | os.PathLike],
    *,
    dry_run: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> Summary:
    """Import every file under ``paths``; one bad file never stops the batch, and every entry
    found (file, link, FIFO, unreadable folder…) gets exactly one result.

    Files are stored a chunk at a time (see ``ImportBatch``), each file all or nothing in its
    own savepoint; ``on_result`` hears of a file once its chunk is committed."""
    summary = Summary()
    batch = ImportBatch()
    for chunk in _read_chunks(iter_paths(paths), batch.chunk_files, lambda: batch.profiles):
        for result in _import_chunk(chunk, dry_run=dry_run, batch=batch):
            summary.add(result)
            if on_result:
                on_result(result)
    return summary


def _import_chunk(chunk: list[_Pending], *, dry_run: bool, batch: ImportBatch) -> list[FileResult]:
    """Store ``chunk``: its new files together (``chunk.chunk_store_new``), as many per
    transaction as fit in ``batch.chunk_seconds``, then the others (changed, repeated or
    already known files) as ``_import_files`` does.

    A file is new when no story has its text, name or original URL and no earlier file of
    the chunk has either (two identical files: the second is stored after the first, and
    found to be its duplicate). If a transaction of new files fails, nothing of it is kept
    and its files are stored by ``_import_files`` with the others, each on its own."""
    if dry_run:
        return _import_files(chunk, dry_run=dry_run, batch=batch)
    results: dict[int, FileResult] = {}
    new: list[int] | None = None  # told apart in the first transaction
    rest: list[int] = []
    while new is None or new:
        size = batch.new_files_per_transaction()
        started, group = time.monotonic(), []
        try:
            with transaction.atomic():
                batch.refresh()  # inside the transaction: the snapshot its files are decided by
                if new is None:
                    new, rest = _partition(chunk, range(len(chunk)), batch)
                    group, new = new[:size], new[size:]
                else:
                    group, new = new[:size], new[size:]
                    # Told new again: another import may have stored one meanwhile.
                    group, known = _partition(chunk, group, batch)
                    rest += known
                files = [(i, chunk[i], batch.credit(chunk[i].parsed)) for i in group]
                results.update(chunk_store_new(files, batch=batch))
        except Exception:
            logger.warning(
                "Storing new files together failed; storing them one by one", exc_info=True
            )
            batch.forget_writes()
            if new is None:  # failed before telling them apart: all of them, one by one
                new, rest = [], list(range(len(chunk)))
            rest.extend(index for index in group if index not in rest)
            continue
        batch.took(len(group), time.monotonic() - started)
    rest.sort()
    stored = _import_files([chunk[index] for index in rest], dry_run=dry_run, batch=batch)
    results.update(zip(rest, stored, strict=True))
    return [_annotate(pending, results[index]) for index, pending in enumerate(chunk)]


def _partition(
    chunk: list[_Pending], indexes: Iterable[int], batch: ImportBatch
) -> tuple[list[int], list[int]]:
    """The files of ``chunk`` at ``indexes`` told new or not (their positions), by one
    query, as of the caller's transaction."""
    indexes = list(indexes)
    batch.look_up_known(
        (chunk[i].parsed, chunk[i].name) for i in indexes if chunk[i].result is None
    )
    new, rest = [], []
    for index in indexes:
        pending = chunk[index]
        if pending.result is None and not batch.maybe_known(
            pending.parsed, name=pending.name, url=batch.credit(pending.parsed)["original_url"]
        ):
            new.append(index)
        else:
            rest.append(index)
    return new, rest


def _import_files(chunk: list[_Pending], *, dry_run: bool, batch: ImportBatch) -> list[FileResult]:
    """Store ``chunk`` a file at a time: as many files per transaction as fit in
    ``batch.chunk_seconds``.

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
            # Even if it failed before reaching any file (its look-up, say), the first file
            # is stored alone, so the batch always moves on.
            attempted = max(attempted, 1)
            results.extend(
                _store_pending(pending, dry_run=dry_run, batch=batch, alone=True)
                for pending in chunk[start : start + attempted]
            )
            start += attempted
            continue
        results.extend(done)
        start += attempted
    return results


def _store_pending(
    pending: _Pending, *, dry_run: bool, batch: ImportBatch, alone: bool = False
) -> FileResult:
    if pending.result is not None:
        result = pending.result
    elif alone:
        result = _store_alone(pending, dry_run=dry_run, batch=batch)
    else:
        result = _store_parsed(
            pending.parsed,
            path=pending.path,
            name=pending.name,
            dry_run=dry_run,
            batch=batch,
            refresh=False,
        )
    return _annotate(pending, result)


def _annotate(pending: _Pending, result: FileResult) -> FileResult:
    if pending.entry:
        # The report's contract gains keys, never renames them: a feed's or a NINJS list's
        # entry says which one it was, and its format.
        result.extra.setdefault("entry", pending.entry)
    if pending.parsed is not None and pending.parsed.format != "text":
        result.extra.setdefault("format", pending.parsed.format)
    return result


def _store_alone(pending: _Pending, *, dry_run: bool, batch: ImportBatch) -> FileResult:
    """Store one file in its own transaction. In a shared one an error must escape, so that
    the chunk is stored again a file per transaction (see _import_chunk); alone, a bug met by
    one file is that file's rejection, and the traceback goes to the log."""
    try:
        return _store_parsed(
            pending.parsed,
            path=pending.path,
            name=pending.name,
            dry_run=dry_run,
            batch=batch,
            refresh=True,
        )
    except Exception as exc:
        logger.exception("Internal error while importing %s", pending.path)
        return FileResult(pending.path, "rejected", error=internal_error(exc))


def import_file(
    path: Path, *, dry_run: bool = False, batch: ImportBatch | None = None
) -> FileResult:
    """Read one file and import it, in its own transaction. ``path`` is followed if it is a
    link, as a path named on the command line is."""
    batch = batch or ImportBatch()
    results = [
        _store_pending(pending, dry_run=dry_run, batch=batch, alone=True)
        for pending in _read(Found(str(Path(os.fsdecode(path)))), batch.profiles)
    ]
    return results[0]


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
    return article_import_items(data=data, path=path, name=name, dry_run=dry_run, batch=batch)[0]


def article_import_items(
    *,
    data: bytes,
    path: str,
    name: str,
    url: str = "",
    default_source: str = "",
    enrich=None,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
) -> list[FileResult]:
    """Import every story in ``data`` (one for text or a page, one per entry of a feed or NINJS
    list), each in its own transaction; one result per story. ``url`` is where it came from;
    ``enrich`` may replace a parsed story before it is stored (a feed entry by its page)."""
    batch = batch or ImportBatch()
    return [
        _store_pending(pending, dry_run=dry_run, batch=batch, alone=True)
        for pending in _parse(
            data,
            path=path,
            name=name,
            url=url,
            default_source=default_source,
            enrich=enrich,
            profiles=batch.profiles,
        )
    ]
