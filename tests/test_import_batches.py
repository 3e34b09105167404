"""Importing big folders: shared rules and matcher per batch, constant work per file, and a
JSON report streamed file by file."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.ingest.batch import ImportBatch
from articles.ingest.importing import import_paths
from articles.models import Article, ReprintRule
from tests.import_faults import break_mentions, break_publish_record

pytestmark = pytest.mark.django_db

NOTICE = (
    "Original article, Author: Tobias. If you wish to reprint this article, please indicate "
    "the source:https://aicnbc.com/{n}.html"
)


def write_stories(folder, count, start=0):
    folder.mkdir(exist_ok=True)
    for n in range(start, start + count):
        (folder / f"story-{n:03d}.txt").write_text(
            f"Alibaba Cloud opens lab number {n}\n\n"
            f"Alibaba Cloud said on Monday it opened research lab {n} in Hangzhou.\n\n"
            f"Tags: AI, Cloud\n\n{NOTICE.format(n=n)}",
            encoding="utf-8",
        )
    return folder


def queries_for(paths):
    with CaptureQueriesContext(connection) as ctx:
        summary = import_paths(paths)
    return summary, [q["sql"] for q in ctx.captured_queries]


def test_rules_and_registry_are_read_once_per_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)  # the 12 files make one chunk
    summary, sql = queries_for([write_stories(tmp_path / "in", 12)])
    assert summary.counts["created"] == 12
    # Every version of every rule, once, for the rights decisions and (those in force) to
    # match notices against — not full_clean's existence checks.
    rule_reads = [q for q in sql if '"articles_reprintrule"."notice_patterns"' in q]
    assert len(rule_reads) == 1
    assert sum('FROM "companies_company"' in q and "MAX(" in q for q in sql) == 1


def test_work_per_file_does_not_grow_with_the_batch(tmp_path):
    _, ten = queries_for([write_stories(tmp_path / "a", 10)])
    _, twenty = queries_for([write_stories(tmp_path / "b", 20, start=100)])
    per_file_10 = (len(ten) - 5) / 10
    per_file_20 = (len(twenty) - 5) / 20
    assert per_file_20 <= per_file_10


def test_a_rule_changed_during_a_long_import_applies_from_the_next_chunk(tmp_path, monkeypatch):
    # Rules are re-read at the start of every chunk's transaction; one file per chunk here.
    monkeypatch.setattr(ImportBatch, "chunk_files", 1)
    folder = write_stories(tmp_path / "in", 1)
    rule = ReprintRule.objects.get(name__startswith="AI CNBC")
    seen = []

    def on_result(result):
        seen.append(result.record.permission)
        # An editor tightens the rule while the import runs.
        ReprintRule.objects.filter(pk=rule.pk).update(permission="prohibited")

    write_stories(folder, 1, start=1)
    import_paths([folder], on_result=on_result)
    assert seen == ["attribution_required", "prohibited"]
    later = Article.objects.get(import_name="story-001.txt")
    assert later.status == "draft"
    assert later.hold_reason


def test_json_report_is_streamed_but_reads_as_one_document(tmp_path):
    folder = write_stories(tmp_path / "in", 3)
    (folder / "empty.txt").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError) as rejected:  # one file rejected: exit status 1
        call_command("import_seeds", str(folder), "--json", stdout=out)
    assert rejected.value.returncode == 1
    text = out.getvalue()
    report = json.loads(text)
    # Byte for byte what json.dumps(report, indent=2) gives: the contract's formatting holds.
    assert text == json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    assert [f["status"] for f in report["files"]] == ["rejected"] + ["created"] * 3
    assert report["files"][1]["article"]["companies"] == ["Alibaba Cloud"]
    assert report["summary"] == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 0,
        "rejected": 1,
    }


def test_json_report_of_an_empty_folder(tmp_path):
    (tmp_path / "none").mkdir()
    out = io.StringIO()
    call_command("import_seeds", str(tmp_path / "none"), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "files": [],
        "summary": dict.fromkeys(["created", "updated", "unchanged", "duplicate", "rejected"], 0),
    }


def test_dry_run_report_still_describes_the_article(tmp_path):
    folder = write_stories(tmp_path / "in", 1)
    out = io.StringIO()
    call_command("import_seeds", str(folder), "--json", "--dry-run", stdout=out)
    article = json.loads(out.getvalue())["files"][0]["article"]
    assert article["companies"] == ["Alibaba Cloud"]
    assert article["tags"] == ["AI", "Cloud"]
    assert not Article.objects.exists()


def test_every_lookup_that_recognises_a_file_is_indexed():
    """The importer finds an existing story by content hash, file name or original URL; each
    must be an index look-up, or every file scans the archive (5 s a file at 100k stories)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "articles_article")
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    for column in ("content_hash", "import_name", "original_url"):
        assert (column,) in indexed, column


def test_the_chunks_rule_snapshot_answers_as_the_database_does():
    """The importer decides rights from a snapshot of every rule version taken at the start of
    each chunk; for any rule and moment it must name the same version a query would."""
    from django.utils import timezone

    from articles.rights.engine import (
        RuleVersions,
        in_force_version,
        rule_versions_cached,
    )
    from articles.rights.services import rule_revise

    from .factories import ReprintRuleFactory

    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    rule = ReprintRuleFactory(valid_from=now - 10 * hour)
    second = rule_revise(rule=rule, changes={"permission": "open_license"}, at=now - 5 * hour)
    rule_revise(rule=second.rule, changes={"permission": "prohibited", "valid_from": now + hour})
    future_only = ReprintRuleFactory(valid_from=now + 2 * hour)
    snapshot = RuleVersions()
    for probe in (rule, future_only, *ReprintRule.objects.all()):
        for at in (
            None,
            now - 20 * hour,
            now - 6 * hour,
            now - hour,
            now + 3 * hour / 2,
            now + 3 * hour,
        ):
            expected = in_force_version(probe, at)
            with rule_versions_cached(snapshot):
                cached = in_force_version(probe, at)
            assert (cached and cached.pk) == (expected and expected.pk), (probe.key, at)


def test_a_file_that_fails_mid_chunk_leaves_nothing_and_the_rest_import(tmp_path, monkeypatch):
    """Files share a transaction a chunk at a time; a failing file rolls back only itself."""
    from django.db import DatabaseError
    from reversion.models import Revision

    from companies.models import Mention

    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)
    folder = write_stories(tmp_path / "in", 5)
    # The article row is already written when its mentions fail.
    break_mentions(monkeypatch, "story-002.txt", DatabaseError("disk full"))
    seen = []
    summary = import_paths([folder], on_result=lambda r: seen.append((r.status, r.error)))
    assert [status for status, _ in seen] == ["created"] * 2 + ["rejected"] + ["created"] * 2
    assert "nothing stored" in seen[2][1]
    assert summary.counts["created"] == 4
    assert not Article.objects.filter(import_name="story-002.txt").exists()
    assert Article.objects.count() == 4
    assert Mention.objects.count() == 4  # one "Alibaba Cloud" per stored story
    assert Revision.objects.count() == 4


def test_an_unexpected_error_still_keeps_the_files_before_it(tmp_path, monkeypatch):
    """A bug that escapes a file's savepoint undoes its whole chunk; the chunk is then stored
    again a file per transaction, so the files before the bad one are kept, as before chunks,
    and the bad one is rejected as an internal error while the rest still import."""
    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)
    folder = write_stories(tmp_path / "in", 5)
    break_mentions(monkeypatch, "story-003.txt", RuntimeError("a bug"))
    seen = []
    import_paths([folder], on_result=lambda r: seen.append((r.status, r.error)))
    assert seen[3] == ("rejected", "internal error: RuntimeError: a bug")
    assert sorted(Article.objects.values_list("import_name", flat=True)) == [
        "story-000.txt",
        "story-001.txt",
        "story-002.txt",
        "story-004.txt",
    ]


def test_a_renamed_and_changed_file_is_recognised_by_its_original_url(tmp_path):
    """A new file is told apart by one query; a file known by text, name or URL still is."""
    folder = write_stories(tmp_path / "in", 1)
    import_paths([folder])
    old = folder / "story-000.txt"
    renamed = tmp_path / "again" / "renamed.txt"
    renamed.parent.mkdir()
    renamed.write_text(old.read_text(encoding="utf-8") + "\n\nOne more line.", encoding="utf-8")
    seen = []
    import_paths([renamed, renamed], on_result=lambda r: seen.append(r.status))
    assert seen == ["updated", "duplicate"]  # the story keeps its first file name
    assert Article.objects.count() == 1


def test_rows_remembered_for_a_chunk_are_forgotten_when_a_file_rolls_back(tmp_path, monkeypatch):
    """The chunk remembers tags and authors it found or created; a file that fails takes the
    ones it created with it, and the next files create them again instead of pointing at
    rows that no longer exist."""
    from django.db import DatabaseError
    from taggit.models import Tag

    from articles.models import Author

    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)
    folder = write_stories(tmp_path / "in", 4)
    break_publish_record(monkeypatch, "story-000.txt", DatabaseError("disk full"))
    seen = []
    import_paths([folder], on_result=lambda r: seen.append(r.status))
    assert seen == ["rejected", "created", "created", "created"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["AI", "Cloud"]
    assert Author.objects.count() == 1
    for article in Article.objects.all():
        assert sorted(article.tags.names()) == ["AI", "Cloud"]
        assert list(article.bylines.values_list("author__name", flat=True)) == ["Tobias"]


def test_copies_of_a_file_in_one_chunk_are_told_apart(tmp_path, monkeypatch):
    """One query per chunk tells new files from known ones; files of the same chunk that
    repeat an earlier one's text or name are still recognised."""
    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)
    folder = write_stories(tmp_path / "in", 2)
    copy = tmp_path / "copy" / "another-name.txt"
    copy.parent.mkdir()
    copy.write_text((folder / "story-000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    seen = []
    import_paths(
        [folder / "story-000.txt", copy, folder / "story-000.txt", folder / "story-001.txt"],
        on_result=lambda r: seen.append(r.status),
    )
    assert seen == ["created", "duplicate", "unchanged", "created"]
    assert Article.objects.count() == 2


def test_a_copy_past_the_chunks_first_look_up_is_still_recognised(tmp_path, monkeypatch):
    """The one query covers the first files of a transaction; later ones are looked up one by
    one, and see what the transaction stored before them."""
    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)
    folder = write_stories(tmp_path / "in", 12)
    copy = tmp_path / "copy" / "another-name.txt"
    copy.parent.mkdir()
    copy.write_text((folder / "story-000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    seen = []
    import_paths([folder, copy], on_result=lambda r: seen.append(r.status))
    assert seen == ["created"] * 12 + ["duplicate"]
