"""Finding and reading the files of an import: folders walked in order, each file read and
parsed on its own, so one bad file becomes one rejected line."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from articles.ingest.parsed import ParsedArticle, ParseError
from articles.ingest.parsing import parse_bytes
from articles.ingest.profiles import NO_PROFILES, Profiles
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


def _read_chunks(
    found: Iterable[tuple[Path, str | None]], size: int, profiles: Callable[[], Profiles]
) -> Iterator[list[_Pending]]:
    """Files read and parsed ``size`` at a time, with the partner profiles ``profiles()``
    gives at that moment (the batch's, refreshed with every chunk)."""
    chunk: list[_Pending] = []
    for path, error in found:
        if error:
            chunk.append(_rejected(str(path), path.name, error))
        else:
            chunk.append(_read(path, profiles()))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rejected(path: str, name: str, error: str) -> _Pending:
    return _Pending(path, name, result=FileResult(path, "rejected", error=error))


def _read(path: Path, profiles: Profiles = NO_PROFILES) -> _Pending:
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
    return _parse(data, path=str(path), name=path.name, profiles=profiles)


def _parse(data: bytes, *, path: str, name: str, profiles: Profiles = NO_PROFILES) -> _Pending:
    try:
        parsed = parse_bytes(
            data, name=name, max_bytes=settings.IMPORT_MAX_FILE_BYTES, profiles=profiles
        )
    except ParseError as exc:
        return _rejected(path, name, str(exc))
    return _Pending(path, name, parsed=parsed)
