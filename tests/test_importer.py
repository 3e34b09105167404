"""The import_seeds command end to end: results, idempotency, duplicates, bad input, JSON."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest.importing import import_paths
from articles.models import Article, Status
from companies.models import Mention

pytestmark = pytest.mark.django_db

AICNBC = "000_f1f2fb6c6bd8ce2f.txt"
TECHTIMES = "002_3a02282e3539df46.txt"


def run(*args):
    """Run import_seeds with --json; returns (exit code, report)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_seeds", *args, "--json", stdout=out, stderr=err)
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue())


def by_name(report):
    return {os.path.basename(f["path"]): f for f in report["files"]}


def test_seeds_import_as_the_issue_describes(seeds_dir):
    code, report = run(str(seeds_dir))
    assert code == 0
    assert report["summary"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 0,
        "rejected": 0,
    }
    files = by_name(report)

    aicnbc = files[AICNBC]["article"]
    assert aicnbc["status"] == "published"
    assert aicnbc["source"] == "aicnbc.com"
    assert aicnbc["permission"] == "attribution_required"
    assert aicnbc["original_author"] == "Tobias"
    assert aicnbc["original_url"] == "https://aicnbc.com/20540.html"
    assert aicnbc["headline_is_provisional"] is True
    assert "Original article" not in aicnbc["body_text"]
    assert "“world models”" in aicnbc["body_text"]  # curly quotes are kept
    assert "Alibaba Cloud" in aicnbc["companies"]
    assert "Alibaba" in aicnbc["companies"]

    techtimes = files[TECHTIMES]["article"]
    assert techtimes["status"] == "draft"
    assert techtimes["source"] == "techtimes.com"
    assert techtimes["permission"] == "permission_required"
    assert techtimes["original_author"] == "John Lopez"
    assert techtimes["tags"] == ["AI", "China"]
    assert techtimes["image_credits"] == ["Photo by Andrea Verdelli/Getty Images"]
    assert techtimes["upstream_credits"] == ["South China Morning Post"]
    assert "All rights reserved" in techtimes["copyright_notice"]
    for boilerplate in (
        "Read Also",
        "Related Article",
        "Stay posted",
        "Join the Discussion",
        "Tags:",
        "Tech Times Writer",
        "Getty Images",
        "\u00a0",
    ):
        assert boilerplate not in techtimes["body_text"]
    held = Article.objects.get(slug=techtimes["slug"])
    assert "permission" in held.hold_reason
    assert "Tech Times" in held.hold_reason


def test_second_import_reports_every_file_unchanged(seeds_dir):
    run(str(seeds_dir))
    before = list(Article.objects.values_list("pk", "updated_at"))
    code, report = run(str(seeds_dir))
    assert code == 0
    assert {f["status"] for f in report["files"]} == {"unchanged"}
    assert list(Article.objects.values_list("pk", "updated_at")) == before


def test_same_text_under_another_name_is_a_duplicate(seeds_dir, tmp_path):
    run(str(seeds_dir))
    copy = tmp_path / "copy-of-seed.txt"
    shutil.copy(seeds_dir / AICNBC, copy)
    code, report = run(str(copy))
    assert code == 0
    assert report["files"][0]["status"] == "duplicate"
    assert Article.objects.count() == 2


def test_same_text_with_crlf_and_bom_is_still_a_duplicate(seeds_dir, tmp_path):
    run(str(seeds_dir))
    text = (seeds_dir / AICNBC).read_text(encoding="utf-8").replace("\n", "\r\n")
    (tmp_path / "windows.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    _, report = run(str(tmp_path))
    assert report["files"][0]["status"] == "duplicate"


def test_changed_file_updates_its_article_but_keeps_editors_edits(seeds_dir, tmp_path):
    source = tmp_path / AICNBC
    shutil.copy(seeds_dir / AICNBC, source)
    run(str(source))
    article = Article.objects.get()
    article.headline = "Alibaba bets on world models"
    article.headline_is_provisional = False
    article.save()

    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Kevin Kelly", "Kevin Kelly (the writer)"), encoding="utf-8")
    code, report = run(str(source))
    assert code == 0
    assert report["files"][0]["status"] == "updated"
    article.refresh_from_db()
    assert article.headline == "Alibaba bets on world models"  # the editor's edit survives
    assert "Kevin Kelly (the writer)" in article.body  # the upstream change arrives
    assert "Kevin Kelly (the writer)" in article.raw_text
    assert Article.objects.count() == 1


def test_bad_files_are_rejected_with_a_reason_and_the_rest_import(seeds_dir, tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 10_000
    shutil.copy(seeds_dir / AICNBC, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me br\xfbl\xe9e.\n".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"word " * 5000)
    code, report = run(str(tmp_path), str(tmp_path / "missing.txt"))
    assert code == 1
    files = by_name(report)
    assert files["good.txt"]["status"] == "created"
    for name, reason in [
        ("empty.txt", "empty"),
        ("image.txt", "binary"),
        ("latin1.txt", "not valid text"),
        ("huge.txt", "over the limit"),
        ("missing.txt", "no such file"),
    ]:
        assert files[name]["status"] == "rejected", name
        assert files[name]["article"] is None
        assert reason in files[name]["error"], (name, files[name]["error"])
    assert report["summary"]["rejected"] == 5
    assert Article.objects.count() == 1


def test_gb18030_and_utf16_files_import_without_garbling(tmp_path):
    text = "阿里云领投生数科技二十亿元融资。\n\n这笔投资显示了世界模型的重要性。\n"
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "utf16.txt").write_bytes(("English " + text).encode("utf-16"))
    code, report = run(str(tmp_path))
    assert code == 0
    files = by_name(report)
    assert "阿里云领投生数科技" in files["gb.txt"]["article"]["body_text"]
    assert files["utf16.txt"]["article"]["body_text"].startswith("English 阿里云")


def test_dry_run_reports_but_writes_nothing(seeds_dir):
    code, report = run(str(seeds_dir), "--dry-run")
    assert code == 0
    assert report["summary"]["created"] == 2
    assert by_name(report)[AICNBC]["article"]["status"] == "published"
    assert Article.objects.count() == 0
    assert Mention.objects.count() == 0


def test_unknown_notice_is_held_and_says_why(tmp_path):
    (tmp_path / "unknown.txt").write_text(
        "A startup raised money from investors in Shenzhen this week.\n"
        "Copyleft notice: take it or leave it, says Example Daily.\n",
        encoding="utf-8",
    )
    _, report = run(str(tmp_path))
    article = report["files"][0]["article"]
    assert article["status"] == "draft"
    assert article["permission"] == "unknown"
    assert Article.objects.get().hold_reason


def test_command_line_exit_statuses(tmp_path):
    """Run the real command in a subprocess: 2 for a usage error, 1 when a file is rejected."""
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "import_seeds"]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "-v0"],
        env=env,
        check=True,
    )
    usage = subprocess.run([*manage, "--no-such-option"], env=env, capture_output=True, text=True)
    assert usage.returncode == 2
    assert "unrecognized arguments" in usage.stderr

    (tmp_path / "empty.txt").write_bytes(b"")
    bad = subprocess.run(
        [*manage, str(tmp_path / "empty.txt")], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "empty.txt: file is empty" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_import_paths_streams_results_in_order(seeds_dir):
    seen = []
    summary = import_paths([seeds_dir], on_result=lambda r: seen.append(r.status))
    assert seen == ["created", "created"]
    assert summary.ok


def test_article_is_published_only_if_its_rule_allows(imported_seeds):
    visible = set(Article.objects.published().values_list("source__domain", flat=True))
    assert visible == {"aicnbc.com"}
    assert Article.objects.get(source__domain="techtimes.com").status == Status.DRAFT


def test_import_and_reimport_each_keep_a_revision(seeds_dir, tmp_path):
    from reversion.models import Version

    source = tmp_path / AICNBC
    shutil.copy(seeds_dir / AICNBC, source)
    run(str(source))
    article = Article.objects.get()
    versions = Version.objects.get_for_object(article)
    assert [v.revision.comment for v in versions] == [f"Imported from {AICNBC}"]

    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.", encoding="utf-8")
    run(str(source))
    run(str(source))  # unchanged: no new revision
    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert comments == [f"Re-imported from {AICNBC}", f"Imported from {AICNBC}"]
