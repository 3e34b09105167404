"""A chunk's new files stored together (articles/ingest/chunk.py): one bad file costs only
itself, copies inside a chunk are still told apart, a failure or a kill leaves nothing
half-written and a rerun completes the chunk, revisions restore, and the statements per chunk
do not grow with its files."""

import pytest
from django.db import DatabaseError, transaction
from django_tasks import task_backends
from reversion.models import Revision, Version
from taggit.models import TaggedItem

from articles.editorial.restore import recover_stage, restore_stage
from articles.ingest import chunk, importing
from articles.ingest.batch import ImportBatch
from articles.ingest.importing import import_paths
from articles.models import Article, ArticleAuthor, RevisionTags, RightsEvent
from articles.models import article as article_module
from companies.models import Mention
from search.models import SearchDocument

from .test_import_batches import write_stories

pytestmark = pytest.mark.django_db


def _stored() -> dict:
    """Everything an import writes, counted."""
    return {
        "articles": Article.objects.count(),
        "tagged": TaggedItem.objects.count(),
        "mentions": Mention.objects.count(),
        "bylines": ArticleAuthor.objects.count(),
        "revisions": Revision.objects.count(),
        "versions": Version.objects.count(),
        "revision tags": RevisionTags.objects.count(),
        "documents": SearchDocument.objects.count(),
        "audit": RightsEvent.objects.count(),
    }


def test_a_file_full_clean_refuses_is_rejected_and_the_rest_of_its_chunk_stored(
    tmp_path, monkeypatch
):
    def refuse(article):
        if article.import_name == "story-002.txt":
            return {"headline": "This headline is not allowed."}
        return {}

    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)
    monkeypatch.setattr(article_module, "CLEAN_CHECKS", [*article_module.CLEAN_CHECKS, refuse])
    folder = write_stories(tmp_path / "in", 5)
    seen = []
    summary = import_paths([folder], on_result=lambda r: seen.append((r.status, r.error)))
    assert [status for status, _ in seen] == ["created"] * 2 + ["rejected"] + ["created"] * 2
    assert seen[2][1] == "invalid data: This headline is not allowed."
    assert summary.counts == {**summary.counts, "created": 4, "rejected": 1}
    assert not Article.objects.filter(import_name="story-002.txt").exists()
    assert _stored() == {
        "articles": 4,
        "tagged": 8,
        "mentions": 4,
        "bylines": 4,
        "revisions": 4,
        "versions": 8,  # the story and its byline
        "revision tags": 4,
        "documents": 4,
        "audit": 4,
    }


def test_copies_inside_one_chunk_by_text_name_or_url(tmp_path):
    folder = write_stories(tmp_path / "in", 2)
    same_text = tmp_path / "other" / "same-text.txt"
    same_text.parent.mkdir()
    same_text.write_text((folder / "story-000.txt").read_text(encoding="utf-8"), "utf-8")
    same_url = tmp_path / "other" / "same-url.txt"
    same_url.write_text(
        (folder / "story-001.txt").read_text(encoding="utf-8").replace("Monday", "Tuesday"),
        "utf-8",
    )
    seen = []
    paths = [folder / "story-000.txt", same_text, folder / "story-001.txt", same_url]
    import_paths(paths, on_result=lambda r: seen.append(r.status))
    # The same text under another name is a duplicate; the same partner URL with changed
    # text is the same story, updated (as two files in two imports would be).
    assert seen == ["created", "duplicate", "created", "updated"]
    assert Article.objects.count() == 2
    assert "Tuesday" in Article.objects.get(import_name="story-001.txt").body
    assert len(set(Article.objects.values_list("slug", flat=True))) == 2


def test_identical_headlines_in_one_chunk_get_different_slugs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"s{n}.txt").write_text(
            f"Alibaba Cloud opens a lab\n\nBody number {n} of the story.\n", "utf-8"
        )
    import_paths([folder])
    import_paths([write_stories(tmp_path / "more", 0)])
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "alibaba-cloud-opens-a-lab",
        "alibaba-cloud-opens-a-lab-2",
        "alibaba-cloud-opens-a-lab-3",
    ]


def test_a_failing_bulk_insert_leaves_nothing_and_the_chunk_is_stored_file_by_file(
    tmp_path, monkeypatch
):
    calls = []
    real = chunk.revisions_record_new

    def failing(stories):
        calls.append(len(stories))
        if len(calls) == 1:  # the chunk's stories, tags, mentions and bylines are written
            raise DatabaseError("disk full")
        return real(stories)

    monkeypatch.setattr(chunk, "revisions_record_new", failing)
    folder = write_stories(tmp_path / "in", 4)
    seen = []
    import_paths([folder], on_result=lambda r: seen.append(r.status))
    assert calls[0] == 4
    assert seen == ["created"] * 4
    assert _stored() == {
        "articles": 4,
        "tagged": 8,
        "mentions": 4,
        "bylines": 4,
        "revisions": 4,
        "versions": 8,
        "revision tags": 4,
        "documents": 4,
        "audit": 4,
    }


def test_a_kill_mid_chunk_leaves_nothing_and_a_rerun_completes_it(tmp_path, monkeypatch):
    """SIGKILL can't be caught; an exception no handler takes (as KeyboardInterrupt) in the
    middle of the chunk's writes is the nearest a test gets: the transaction never commits."""

    def killed(**kwargs):
        raise KeyboardInterrupt

    folder = write_stories(tmp_path / "in", 6)
    monkeypatch.setattr(chunk, "mentions_create_new", killed)
    with pytest.raises(KeyboardInterrupt):
        import_paths([folder])
    assert set(_stored().values()) == {0}
    monkeypatch.undo()
    seen = []
    import_paths([folder], on_result=lambda r: seen.append(r.status))
    assert seen == ["created"] * 6
    import_paths([folder], on_result=lambda r: seen.append(r.status))
    assert seen[6:] == ["unchanged"] * 6
    assert _stored()["articles"] == 6
    assert _stored()["revisions"] == 6


def test_a_bulk_imported_story_has_its_revision_and_restores(tmp_path):
    import_paths([write_stories(tmp_path / "in", 2)])
    article = Article.objects.get(import_name="story-000.txt")
    (version,) = Version.objects.get_for_object(article)
    assert version.revision.comment == "Imported from story-000.txt"
    assert version.field_dict["headline"] == article.headline
    assert version.field_dict["body"] == article.body
    assert version.field_dict["status"] == article.status
    byline_versions = version.revision.version_set.exclude(pk=version.pk)
    assert [v.field_dict["article_id"] for v in byline_versions] == [article.pk]
    assert RevisionTags.objects.get(revision=version.revision).names == ["AI", "Cloud"]

    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(headline="Changed by an editor")
        article.tags.set(["Other"])
        article.bylines.all().delete()
        restore_stage(article=article, version=version)
        article.refresh_from_db()
        assert article.headline == "Alibaba Cloud opens lab number 0"
        assert sorted(article.tags.names()) == ["AI", "Cloud"]
        assert list(article.bylines.values_list("author__name", flat=True)) == ["Tobias"]

    pk = article.pk
    article.delete()
    with transaction.atomic():
        back = recover_stage(version=version)
        assert back.pk == pk
        assert back.headline == "Alibaba Cloud opens lab number 0"
        assert sorted(back.tags.names()) == ["AI", "Cloud"]


def test_the_statements_per_chunk_do_not_grow_with_its_files(
    tmp_path, monkeypatch, django_assert_max_num_queries
):
    """One INSERT per table for the chunk's new files: the N+1s (bylines followed by the
    revision, the revision's tag record, each story's rule versions and grants, tags and
    slugs looked up per file) can't come back unnoticed."""
    monkeypatch.setattr(ImportBatch, "chunk_seconds", 60.0)  # the chunk in one transaction
    import_paths([write_stories(tmp_path / "warm", 1)])  # the partner writer and tags exist
    with django_assert_max_num_queries(24):
        summary = import_paths([write_stories(tmp_path / "few", 3, start=10)])
    assert summary.counts["created"] == 3
    with django_assert_max_num_queries(24):
        summary = import_paths([write_stories(tmp_path / "many", 45, start=100)])
    assert summary.counts["created"] == 45


def test_webhooks_and_search_hear_of_every_bulk_imported_story(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "feeds", "webhooks", "search"],
        }
    }
    task_backends["default"].clear()
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([write_stories(tmp_path / "in", 3)])
    pks = list(Article.objects.values_list("pk", flat=True))
    assert len(pks) == 3
    announced = [r for r in task_backends["default"].results if r.task.name == "announce_task"]
    # (Earlier tests' notes, whose transactions never commit, may ride along.)
    assert set(pks) <= {pk for r in announced for pk in r.args[0]}
    for article in Article.objects.all():
        document = SearchDocument.objects.get(article_id=article.pk)
        assert document.headline == article.headline
        assert document.keywords == "AI Cloud Tobias"
    task_backends["default"].clear()


def test_new_files_are_stored_a_few_per_short_transaction(tmp_path, monkeypatch):
    """As many new files per transaction as fit in ``chunk_seconds`` (at least 8), so readers
    never wait long for the write lock; a copy in a later transaction is still a duplicate."""
    monkeypatch.setattr(ImportBatch, "chunk_seconds", 0.0)
    sizes = []
    real = chunk.chunk_store_new

    def counting(files, **kwargs):
        sizes.append(len(files))
        return real(files, **kwargs)

    monkeypatch.setattr(importing, "chunk_store_new", counting)
    folder = write_stories(tmp_path / "in", 20)
    copy = tmp_path / "copy" / "zz-copy.txt"
    copy.parent.mkdir()
    copy.write_text((folder / "story-017.txt").read_text(encoding="utf-8"), "utf-8")
    seen = []
    import_paths([folder, copy], on_result=lambda r: seen.append(r.status))
    assert sizes == [8, 8, 4]
    assert seen == ["created"] * 20 + ["duplicate"]
    assert _stored()["revisions"] == 20
