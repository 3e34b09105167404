"""Finding and reading the files of an import: folders walked in order, each file read and
parsed on its own, so one bad file becomes one rejected line."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

from articles.ingest.formats.detect import parse_items
from articles.ingest.parsed import ParsedArticle, ParseError
from articles.ingest.report import FileResult

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


@dataclass
class _Pending:
    """A file read and parsed (outside any transaction), waiting for its chunk."""

    path: str
    name: str
    parsed: ParsedArticle | None = None
    result: FileResult | None = None  # set when the file was rejected before storing
    entry: str = ""  # the entry of a feed or NINJS list; "" for a file that is one story


def _read_chunks(found: Iterable[tuple[Path, str | None]], size: int) -> Iterator[list[_Pending]]:
    chunk: list[_Pending] = []
    for path, error in found:
        if error:
            chunk.append(_rejected(str(path), path.name, error))
        else:
            chunk.extend(_read(path))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rejected(path: str, name: str, error: str) -> _Pending:
    return _Pending(path, name, result=FileResult(path, "rejected", error=error))


def _read(path: Path) -> list[_Pending]:
    limit = settings.IMPORT_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            # Refuse before reading, so a huge file costs no memory.
            error = f"file is {size} bytes, over the limit of {limit} bytes"
            return [_rejected(str(path), path.name, error)]
        data = path.read_bytes()
    except OSError as exc:
        return [_rejected(str(path), path.name, f"cannot read file: {exc.strerror or exc}")]
    return _parse(data, path=str(path), name=path.name)


def _parse(
    data: bytes,
    *,
    path: str,
    name: str,
    url: str = "",
    default_source: str = "",
    enrich: Callable[[ParsedArticle], ParsedArticle] | None = None,
) -> list[_Pending]:
    """One pending story per story in ``data``: a plain-text file or a web page is one, a feed
    or a NINJS list one per entry (each identified by its id, a rejected entry on its own)."""
    try:
        fmt, items = parse_items(data, name=name, max_bytes=settings.IMPORT_MAX_FILE_BYTES, url=url)
    except ParseError as exc:
        return [_rejected(path, name, str(exc))]
    if fmt == "text":
        return [_Pending(path, name, parsed=items[0].parsed)]
    pendings = []
    for item in items:
        where = f"{path}#{item.entry}" if item.entry else path
        if item.error:
            pending = _rejected(where, name, item.error)
        else:
            parsed = enrich(item.parsed) if enrich else item.parsed
            if default_source and not parsed.site_name:
                # A feed provider's partner, where the entry itself names no site.
                parsed = replace(parsed, site_name=default_source)
            pending = _Pending(where, entry_name(parsed, name), parsed=parsed)
        pending.entry = item.entry
        pendings.append(pending)
    return pendings


def entry_name(parsed: ParsedArticle, file_name: str) -> str:
    """What identifies a structured story across imports: the partner's id for it (guid, NINJS
    uri) or its canonical URL, whichever file or feed it arrives in; else the file's name."""
    key = parsed.external_id or parsed.canonical_url
    return key[:255] if key else file_name
