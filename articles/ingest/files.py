"""Finding and reading the files of an import: folders walked in order, each file read and
parsed on its own, so one bad file becomes one rejected line.

Only what was named is read. A path named by the caller is followed if it is a link (the
operator chose it); a link met while walking a folder never is, and is reported instead.
Anything that is not a regular file (FIFO, socket, device, loop, broken link) is reported
from its ``lstat`` without being opened, and files are opened without blocking and checked
again after opening, so an entry swapped under the walk can neither redirect nor hang it.
Folders are reopened from the named path one name at a time, never through a link, so no
folder can be swapped for a link to somewhere else either.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

from articles.ingest.formats.detect import parse_items
from articles.ingest.parsed import ParsedArticle, ParseError
from articles.ingest.profiles import NO_PROFILES, Profiles
from articles.ingest.report import FileResult, display_path, internal_error

logger = logging.getLogger(__name__)

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
# Non-blocking, so opening a FIFO swapped in after the check returns at once (it is then
# refused by its fstat, never read); no controlling terminal from a device.
_FILE_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
_READ_SIZE = 1 << 16
# Folders deeper than this are reported, not walked: each level is a frame of the walk, and
# a partner's drop could nest thousands.
MAX_DEPTH = 64

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)

# --- Finding the files --------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One entry of an import: a regular file to read, or an entry refused with ``error``."""

    root: str  # the path as the caller named it
    parts: tuple[str, ...] = ()  # the names below ``root`` met while walking
    error: str | None = None

    @property
    def path(self) -> str:
        return os.path.join(self.root, *self.parts)

    @property
    def name(self) -> str:
        return self.parts[-1] if self.parts else os.path.basename(self.root)

    @property
    def shown(self) -> str:
        """The path as reports show it: printable, with anything else escaped."""
        return display_path(self.path)


def iter_paths(paths: Iterable[str | bytes | os.PathLike]) -> Iterator[Found]:
    """Every entry under ``paths`` in a stable order: the files to read, and the entries that
    can't be read, each with its reason.

    Folders are walked recursively, in name order; hidden files and folders are skipped. The
    walk is lazy, so a folder of 100,000 files is never held in memory at once.
    """
    for raw in paths:
        root = str(Path(os.fsdecode(raw)))
        try:
            info = os.stat(root)  # follows a link: the caller named this path
        except OSError as exc:
            yield Found(root, error=_missing(root, exc))
            continue
        except ValueError as exc:  # a NUL in the path
            yield Found(root, error=f"cannot read: {exc}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(root, ())
        elif stat.S_ISREG(info.st_mode):
            yield Found(root)
        else:
            yield Found(root, error=_not_regular(info.st_mode))


def _walk(root: str, parts: tuple[str, ...]) -> Iterator[Found]:
    if len(parts) > MAX_DEPTH:
        yield Found(root, parts, error=f"folder nested more than {MAX_DEPTH} deep: not walked")
        return
    try:
        folder = _open_folder(root, parts)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(
                    (entry.name, _kind(entry, folder))
                    for entry in listing
                    if not entry.name.startswith(".")
                )
        finally:
            os.close(folder)
    except OSError as exc:
        yield Found(root, parts, error=f"cannot read folder: {_reason(exc)}")
        return
    for name, kind in entries:
        if kind == "folder":
            yield from _walk(root, (*parts, name))
        elif kind == "file":
            yield Found(root, (*parts, name))
        else:
            yield Found(root, (*parts, name), error=kind)


def _kind(entry: os.DirEntry, folder: int) -> str:
    """ "folder", "file", or why the entry is refused, from its lstat (nothing is opened)."""
    try:
        if entry.is_symlink():
            target = display_path(os.readlink(entry.name, dir_fd=folder))
            return f"symbolic link to {target}, not followed (links inside a folder never are)"
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        return f"cannot read entry: {_reason(exc)}"
    return "file" if stat.S_ISREG(mode) else _not_regular(mode)


def _open_folder(root: str, parts: tuple[str, ...]) -> int:
    """A descriptor of ``root``/``parts``, reached one name at a time without following any
    link below ``root``."""
    fd = os.open(root, _FOLDER_FLAGS)
    try:
        for part in parts:
            inner = os.open(part, _FOLDER_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _not_regular(mode: int) -> str:
    for test, kind in _KINDS:
        if test(mode):
            return f"not a regular file: {kind}"
    return "not a regular file"


def _missing(root: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, FileNotFoundError) and os.path.islink(root):
        return "broken symbolic link: its target does not exist"
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "no such file or folder"
    return f"cannot read: {_reason(exc)}"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link swapped in during the walk
        return "it is a symbolic link, not followed"
    return exc.strerror or str(exc)


def count_files(paths: Iterable[str | bytes | os.PathLike]) -> int:
    """How many entries ``iter_paths`` will yield, for the progress bar."""
    return sum(1 for _ in iter_paths(paths))


# --- Reading them -------------------------------------------------------------------------


@dataclass
class _Pending:
    """A file read and parsed (outside any transaction), waiting for its chunk."""

    path: str
    name: str
    parsed: ParsedArticle | None = None
    result: FileResult | None = None  # set when the file was rejected before storing
    entry: str = ""  # the entry of a feed or NINJS list; "" for a file that is one story


def _read_chunks(
    found: Iterable[Found], size: int, profiles: Callable[[], Profiles] = lambda: NO_PROFILES
) -> Iterator[list[_Pending]]:
    """Files read and parsed ``size`` at a time, with the partner profiles ``profiles()``
    gives at that moment (the batch's, refreshed with every chunk)."""
    chunk: list[_Pending] = []
    for entry in found:
        if entry.error:
            chunk.append(_rejected(entry.shown, entry.name, entry.error))
        else:
            chunk.extend(_read(entry, profiles()))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rejected(path: str, name: str, error: str) -> _Pending:
    return _Pending(path, name, result=FileResult(path, "rejected", error=error))


class _Refused(Exception):
    """A file refused after opening it: not regular, or too big."""


def _read(found: Found, profiles: Profiles = NO_PROFILES) -> list[_Pending]:
    """Read and parse one file; whatever goes wrong is that file's rejection."""
    shown = found.shown
    try:
        found.name.encode("utf-8")
    except UnicodeEncodeError:
        # The name identifies the story across imports, and must be storable text.
        error = "file name is not valid UTF-8: rename it to import"
        return [_rejected(shown, found.name, error)]
    try:
        data = _read_bytes(found, settings.IMPORT_MAX_FILE_BYTES)
    except _Refused as refused:
        return [_rejected(shown, found.name, str(refused))]
    except OSError as exc:
        return [_rejected(shown, found.name, f"cannot read file: {_reason(exc)}")]
    except Exception as exc:
        logger.exception("Internal error while reading %s", shown)
        return [_rejected(shown, found.name, internal_error(exc))]
    return _parse(data, path=shown, name=found.name, profiles=profiles)


def _read_bytes(found: Found, limit: int) -> bytes:
    if found.parts:
        folder = _open_folder(found.root, found.parts[:-1])
        try:
            fd = os.open(found.parts[-1], _FILE_FLAGS | os.O_NOFOLLOW, dir_fd=folder)
        finally:
            os.close(folder)
    else:
        fd = os.open(found.root, _FILE_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(_not_regular(info.st_mode))
        if info.st_size > limit:
            # Refuse before reading, so a huge file costs no memory.
            raise _Refused(f"file is {info.st_size} bytes, over the limit of {limit} bytes")
        # One byte past the limit at most, should the file grow while it is read.
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, _READ_SIZE))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _parse(
    data: bytes,
    *,
    path: str,
    name: str,
    url: str = "",
    default_source: str = "",
    enrich: Callable[[ParsedArticle], ParsedArticle] | None = None,
    profiles: Profiles = NO_PROFILES,
) -> list[_Pending]:
    """One pending story per story in ``data``: a plain-text file or a web page is one, a feed
    or a NINJS list one per entry (each identified by its id, a rejected entry on its own).
    An unexpected error is the rejection of the file, or of the one entry it came from."""
    try:
        fmt, items = parse_items(
            data, name=name, max_bytes=settings.IMPORT_MAX_FILE_BYTES, url=url, profiles=profiles
        )
    except ParseError as exc:
        return [_rejected(path, name, str(exc))]
    except Exception as exc:
        logger.exception("Internal error while parsing %s", path)
        return [_rejected(path, name, internal_error(exc))]
    if fmt == "text":
        return [_Pending(path, name, parsed=items[0].parsed)]
    pendings = []
    for item in items:
        # The entry's id comes from the partner's file: shown escaped, like a file name.
        where = f"{path}#{display_path(item.entry)}" if item.entry else path
        try:
            pending = _entry(
                item, where=where, name=name, default_source=default_source, enrich=enrich
            )
        except Exception as exc:
            logger.exception("Internal error while reading %s", where)
            pending = _rejected(where, name, internal_error(exc))
        pending.entry = item.entry
        pendings.append(pending)
    return pendings


def _entry(item, *, where: str, name: str, default_source: str, enrich) -> _Pending:
    if item.error:
        return _rejected(where, name, item.error)
    parsed = enrich(item.parsed) if enrich else item.parsed
    if default_source and not parsed.site_name:
        # A feed provider's partner, where the entry itself names no site.
        parsed = replace(parsed, site_name=default_source)
    return _Pending(where, entry_name(parsed, name), parsed=parsed)


def entry_name(parsed: ParsedArticle, file_name: str) -> str:
    """What identifies a structured story across imports: the partner's id for it (guid, NINJS
    uri) or its canonical URL, whichever file or feed it arrives in; else the file's name."""
    key = parsed.external_id or parsed.canonical_url
    return key[:255] if key else file_name
