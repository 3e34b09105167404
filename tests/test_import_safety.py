"""The importer reads only what it was given, and always reports (issue 12, section 4).

Links found while walking a folder are never followed; FIFOs, sockets, devices, loops, broken
links, unreadable entries and file names that are not UTF-8 each get exactly one report line;
an unexpected error in one file is that file's rejection; nothing hangs the command.
"""

import io
import json
import logging
import os
import shutil
import socket
import stat
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.ingest import files as ingest_files
from articles.ingest.importing import import_paths
from articles.models import Article

pytestmark = pytest.mark.django_db

STORY = (
    "Alibaba Cloud opens lab number {n}\n\n"
    "Alibaba Cloud said on Monday it opened research lab {n} in Hangzhou.\n\n"
    "Original article, Author: Tobias. If you wish to reprint this article, please indicate "
    "the source:https://aicnbc.com/{n}.html"
)
SECRET = "django-secret-key-value-0123456789abcdefghijklmnopqrstuvwxyz. It reads as text.\n"
NOT_UTF8 = b"name_\xff\xfe.txt"


def story(folder, name, n=0):
    path = folder / name
    path.write_text(STORY.format(n=n), encoding="utf-8")
    return path


def run_json(*paths):
    """import_seeds --json in-process: (exit code, report, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_seeds", *map(str, paths), "--json", stdout=out, stderr=err)
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue()), err.getvalue()


def by_name(report):
    return {os.path.basename(f["path"]): f for f in report["files"]}


@pytest.fixture
def outside(tmp_path):
    """A secret outside the import folder, as var/secret_key is."""
    secret = tmp_path / "var" / "secret_key"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    (tmp_path / "var" / "more.txt").write_text(STORY.format(n=99))
    return secret


# --- Links ----------------------------------------------------------------------------------


def test_a_link_inside_the_folder_is_rejected_never_followed(tmp_path, outside):
    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "good.txt")
    (folder / "key.txt").symlink_to(outside)
    (folder / "elsewhere").symlink_to(outside.parent, target_is_directory=True)
    code, report, _ = run_json(folder)
    assert code == 1
    files = by_name(report)
    assert files["good.txt"]["status"] == "created"
    for name in ("key.txt", "elsewhere"):
        assert files[name]["status"] == "rejected"
        assert "symbolic link" in files[name]["error"]
        assert "not followed" in files[name]["error"]
    assert len(report["files"]) == 3
    assert Article.objects.count() == 1
    assert not Article.objects.filter(raw_text__contains="django-secret-key").exists()
    assert not Article.objects.filter(import_name="more.txt").exists()


def test_a_link_named_on_the_command_line_is_followed(tmp_path):
    """The operator named it; only links met while walking are refused (see README)."""
    real = tmp_path / "real"
    real.mkdir()
    story(real, "one.txt", 1)
    (real / "inner-link.txt").symlink_to(real / "one.txt")
    (tmp_path / "folder-link").symlink_to(real, target_is_directory=True)
    (tmp_path / "file-link.txt").symlink_to(real / "one.txt")
    code, report, _ = run_json(tmp_path / "folder-link", tmp_path / "file-link.txt")
    statuses = [(os.path.basename(f["path"]), f["status"]) for f in report["files"]]
    assert statuses == [
        ("inner-link.txt", "rejected"),  # met while walking: never followed
        ("one.txt", "created"),
        ("file-link.txt", "duplicate"),  # the same text, named directly
    ]
    assert code == 1


def test_loops_and_broken_links_each_get_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "good.txt")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    (folder / "self").symlink_to(folder / "self")
    (folder / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "top-loop").symlink_to(tmp_path / "top-loop")
    (tmp_path / "top-broken").symlink_to(tmp_path / "nowhere")
    code, report, _ = run_json(folder, tmp_path / "top-loop", tmp_path / "top-broken")
    assert code == 1
    files = by_name(report)
    assert sorted(files) == [
        "broken.txt",
        "good.txt",
        "loop-a",
        "loop-b",
        "self",
        "top-broken",
        "top-loop",
    ]
    assert files["good.txt"]["status"] == "created"
    for name in ("broken.txt", "loop-a", "loop-b", "self"):
        assert files[name]["status"] == "rejected"
        assert "symbolic link" in files[name]["error"]
    assert "loop" in files["top-loop"]["error"]
    assert "broken symbolic link" in files["top-broken"]["error"]
    assert report["summary"]["rejected"] == 6


# --- Entries that are not regular files ------------------------------------------------------


def test_fifo_socket_and_device_are_reported_without_being_opened(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "good.txt")
    os.mkfifo(folder / "pipe.txt")
    monkeypatch.chdir(folder)  # a socket's path must be short; bind it relative to here
    server = socket.socket(socket.AF_UNIX)
    server.bind("sock.txt")
    expected = {"pipe.txt": "FIFO", "sock.txt": "socket"}
    try:
        os.mknod(folder / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        expected["null.txt"] = "character device"
    except PermissionError:
        pass  # not root: no device node of our own, but /dev/null named directly below is
    try:
        code, report, _ = run_json(folder, "/dev/null")
    finally:
        server.close()
    assert code == 1
    files = by_name(report)
    assert files["good.txt"]["status"] == "created"
    expected["null"] = "character device"
    for name, kind in expected.items():
        assert files[name]["status"] == "rejected", name
        assert kind in files[name]["error"], files[name]["error"]
        assert "not a regular file" in files[name]["error"]
    assert len(report["files"]) == len(expected) + 1


def test_a_fifo_swapped_in_after_the_check_is_never_read(tmp_path, monkeypatch):
    """A partner's upload can change between the look and the read: the read opens without
    blocking and checks again what it opened."""
    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "good.txt")
    swapped = story(folder, "swapped.txt", 1)
    real_walk = ingest_files._walk

    def walk_then_swap(*args, **kwargs):
        for found in real_walk(*args, **kwargs):
            if found.name == "swapped.txt":
                swapped.unlink()
                os.mkfifo(swapped)  # nobody will ever write to it
            yield found

    monkeypatch.setattr(ingest_files, "_walk", walk_then_swap)
    code, report, _ = run_json(folder)
    files = by_name(report)
    assert files["good.txt"]["status"] == "created"
    assert files["swapped.txt"]["status"] == "rejected"
    assert "not a regular file" in files["swapped.txt"]["error"]
    assert code == 1


def test_folders_named_like_files_are_walked_and_empty_folders_report_nothing(tmp_path):
    folder = tmp_path / "in"
    (folder / "box.txt").mkdir(parents=True)
    (folder / "empty.txt").mkdir()
    (folder / "deeper" / "still-empty").mkdir(parents=True)
    story(folder / "box.txt", "inside.txt")
    code, report, _ = run_json(folder, folder / "empty.txt")
    assert code == 0
    assert [(os.path.basename(f["path"]), f["status"]) for f in report["files"]] == [
        ("inside.txt", "created")
    ]
    assert report["files"][0]["path"].endswith(os.path.join("box.txt", "inside.txt"))


def test_folders_nested_too_deep_are_reported_not_walked(tmp_path):
    folder = tmp_path / "in"
    deep = folder.joinpath(*["d"] * (ingest_files.MAX_DEPTH + 5))
    deep.mkdir(parents=True)
    story(deep, "buried.txt")
    story(folder, "top.txt")
    code, report, _ = run_json(folder)
    assert code == 1
    assert [f["status"] for f in report["files"]] == ["rejected", "created"]
    assert "nested more than" in report["files"][0]["error"]


def test_an_empty_folder_gives_a_complete_empty_report(tmp_path):
    (tmp_path / "none").mkdir()
    code, report, _ = run_json(tmp_path / "none")
    assert code == 0
    assert report["files"] == []
    assert sum(report["summary"].values()) == 0


# --- Unreadable entries ---------------------------------------------------------------------


def _deny(monkeypatch, *names):
    """Refuse to open ``names`` as the kernel would for another user (tests may run as root,
    whom file modes do not stop)."""
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):
        if os.fsdecode(os.path.basename(path)) in names:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


def test_unreadable_files_and_folders_are_rejected_and_the_rest_import(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked-folder").mkdir(parents=True)
    story(folder / "locked-folder", "hidden-inside.txt")
    story(folder, "good.txt")
    story(folder, "locked.txt", 1)
    _deny(monkeypatch, "locked.txt", "locked-folder")
    code, report, _ = run_json(folder)
    assert code == 1
    files = by_name(report)
    assert files["good.txt"]["status"] == "created"
    assert files["locked.txt"]["error"] == "cannot read file: Permission denied"
    assert files["locked-folder"]["error"] == "cannot read folder: Permission denied"
    assert len(report["files"]) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="file modes do not stop root")
def test_file_modes_that_deny_reading_are_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    locked = story(folder, "locked.txt")
    locked.chmod(0)
    try:
        _, report, _ = run_json(folder)
    finally:
        locked.chmod(0o600)
    assert report["files"][0]["error"] == "cannot read file: Permission denied"


# --- Names ----------------------------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_rejected_beside_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(20):
        story(folder, f"story-{n:02d}.txt", n)
    with open(os.path.join(os.fsencode(folder), NOT_UTF8), "wb") as handle:
        handle.write(STORY.format(n=100).encode())
    code, report, _ = run_json(folder)
    assert code == 1
    assert report["summary"]["created"] == 20
    (bad,) = [f for f in report["files"] if f["status"] == "rejected"]
    assert bad["path"].endswith("name_\\xff\\xfe.txt")  # printable: the bytes, escaped
    assert bad["path"].isprintable()
    assert "not valid UTF-8" in bad["error"]
    assert Article.objects.count() == 20


def test_names_that_would_break_the_report_are_escaped(tmp_path):
    """One line per entry, whatever the name: newlines and terminal escapes are shown escaped."""
    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "two\nlines.txt", 1)
    story(folder, "\x1b[2Jclear.txt", 2)
    story(folder, "\u202eevil.txt", 3)  # right-to-left override
    (folder / "empty.txt").write_bytes(b"")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(folder), stdout=out, stderr=err)
    lines = out.getvalue().splitlines() + err.getvalue().splitlines()
    assert len(lines) == 5  # four entries and the summary
    text = "\n".join(lines)
    assert "\x1b" not in text
    assert "\u202e" not in text
    for shown in ("two\\nlines.txt", "\\x1b[2Jclear.txt", "\\u202eevil.txt"):
        assert shown in text
    # The names themselves are stored as given: only the report escapes them.
    assert Article.objects.filter(import_name="two\nlines.txt").exists()


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain/story.txt", "plain/story.txt"),
        (b"name_\xff\xfe.txt", "name_\\xff\\xfe.txt"),
        ("caf\udce9.txt", "caf\\xe9.txt"),  # how Python hands a non-UTF-8 name as str
        ("tab\there.txt", "tab\\there.txt"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("lone\ud800", "lone\\ud800"),
        ("中文 é.txt", "中文 é.txt"),
    ],
)
def test_display_path_is_printable_and_keeps_ordinary_names(raw, shown):
    from articles.ingest.files import display_path

    assert display_path(raw) == shown


# --- Errors nobody expected -----------------------------------------------------------------


def test_an_unexpected_error_is_that_files_rejection_and_is_logged(tmp_path, monkeypatch, caplog):
    from tests.import_faults import break_mentions

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        story(folder, f"story-{n}.txt", n)
    break_mentions(monkeypatch, "story-3.txt", RuntimeError("a bug"))
    with caplog.at_level(logging.ERROR, logger="articles.ingest"):
        code, report, _ = run_json(folder)
    assert code == 1
    statuses = [f["status"] for f in report["files"]]
    assert statuses == ["created"] * 3 + ["rejected", "created"]
    assert report["files"][3]["error"] == "internal error: RuntimeError: a bug"
    assert Article.objects.count() == 4
    (record,) = [r for r in caplog.records if "story-3.txt" in r.getMessage()]
    assert record.exc_info
    assert record.exc_info[0] is RuntimeError


def test_an_unexpected_error_while_parsing_is_that_files_rejection(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "a.txt", 1)
    story(folder, "b.txt", 2)
    real = ingest_files.parse_items

    def broken(data, *, name, **kwargs):
        if name == "a.txt":
            raise IndexError("list index out of range")
        return real(data, name=name, **kwargs)

    monkeypatch.setattr(ingest_files, "parse_items", broken)
    _, report, _ = run_json(folder)
    files = by_name(report)
    assert files["a.txt"]["error"] == "internal error: IndexError: list index out of range"
    assert files["b.txt"]["status"] == "created"


def test_a_failure_outside_any_file_still_ends_the_json_report(tmp_path, monkeypatch):
    """Even if the batch itself breaks, --json prints a whole document saying so."""
    from articles.management.commands import import_seeds

    folder = tmp_path / "in"
    folder.mkdir()
    story(folder, "a.txt")

    def breaks_after_one(paths, *, on_result, **kwargs):
        import_paths(paths, on_result=on_result, **kwargs)
        raise ConnectionError("database went away")

    monkeypatch.setattr(import_seeds, "import_paths", breaks_after_one)
    code, report, _ = run_json(folder)
    assert code == 1
    assert [f["status"] for f in report["files"]] == ["created"]
    assert "database went away" in report["aborted"]


# --- Nothing hangs: the real command in a subprocess, with a deadline -------------------------


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    manage = str(settings.BASE_DIR / "manage.py")
    subprocess.run([sys.executable, manage, "migrate", "-v0"], env=env, check=True)
    return db


def import_in_subprocess(migrated, tmp_path, *paths):
    db = tmp_path / "db.sqlite3"
    shutil.copy(migrated, db)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    manage = str(settings.BASE_DIR / "manage.py")
    return subprocess.run(
        [sys.executable, manage, "import_seeds", "--json", *map(os.fsencode, paths)],
        env=env,
        capture_output=True,
        timeout=120,  # the reproduction looped forever at 100 % CPU
    )


def test_a_name_that_is_not_utf8_alone_is_reported_not_looped_on(migrated, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), NOT_UTF8), "wb") as handle:
        handle.write(STORY.format(n=1).encode())
    result = import_in_subprocess(migrated, tmp_path, folder)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    (entry,) = report["files"]
    assert entry["status"] == "rejected"
    assert entry["path"].endswith("name_\\xff\\xfe.txt")
    assert b"Traceback" not in result.stderr


def test_every_odd_entry_at_once_gives_a_complete_report(migrated, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        story(folder, f"story-{n}.txt", n)
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "broken.txt").symlink_to(tmp_path / "gone")
    (folder / "dev.txt").symlink_to("/dev/zero")
    with open(os.path.join(os.fsencode(folder), NOT_UTF8), "wb") as handle:
        handle.write(STORY.format(n=9).encode())
    (tmp_path / "top-loop").symlink_to(tmp_path / "top-loop")
    result = import_in_subprocess(migrated, tmp_path, folder, tmp_path / "top-loop")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert len(report["files"]) == 9
    assert report["summary"] == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 0,
        "rejected": 6,
    }
    assert b"Traceback" not in result.stderr


# --- Garbled text ---------------------------------------------------------------------------


def test_damaged_utf8_is_rejected_with_its_offset_not_published(tmp_path):
    """The issue's reproduction: "créée" with Latin-1 é's was stored as "cr殚e" and published."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = STORY.format(n=1).encode()
    cut = text.index(b" in Hangzhou")
    (folder / "damaged.txt").write_bytes(text[:cut] + b", cr\xe9\xe9e" + text[cut:])
    code, report, _ = run_json(folder)
    assert code == 1
    (entry,) = report["files"]
    assert entry["status"] == "rejected"
    assert entry["error"].startswith("damaged UTF-8: byte offset ")
    assert f"byte offset {cut + len(b', cr')} (line 3)" in entry["error"]
    assert not Article.objects.exists()
