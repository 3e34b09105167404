"""Rebuilding the search index (``search.rebuild``): a chunk of stories per transaction, the
same documents as indexing each story writes, and nothing readers may not see, while search
keeps answering throughout."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleAuthor, GrantScope, PermissionGrant, Status
from articles.models.visibility import RightsSnapshot
from search import rebuild
from search.indexing import _Batch, index_article
from search.models import SearchDocument
from search.rebuild import rebuild_index

from .factories import ArticleFactory, AuthorFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

SECRET = "Zeppelin procurement ledger"  # the partner's text, readers may see only with a grant


def documents() -> dict[int, dict]:
    fields = ("headline", "dek", "keywords", "body", "stale_at", "rights_key")
    return {d.pop("article_id"): d for d in SearchDocument.objects.values("article_id", *fields)}


def indexed_at() -> dict[int, object]:
    return dict(SearchDocument.objects.values_list("article_id", "indexed_at"))


def found(client, q) -> list[str]:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return sorted(r["article"].headline for r in response.context["results"])


@pytest.fixture
def stories():
    """Every kind of story the index treats differently, each with "robots" in it."""
    now = timezone.now()
    staff = ArticleFactory(headline="Staff robots", tags=["Robots", "Chips"])
    ArticleAuthor.objects.create(article=staff, author=AuthorFactory(name="Ada Writer"), order=1)
    ArticleAuthor.objects.create(article=staff, author=AuthorFactory(name="Bo Writer"), order=0)
    PartnerArticleFactory(headline="Partner robots")
    PartnerArticleFactory(
        headline="Excerpt robots",
        rule=ReprintRuleFactory(permission="excerpt_only", excerpt_max_words=3),
        body="<p>Robots one two three four five.</p>",
    )
    granted = PartnerArticleFactory(
        headline="Granted robots",
        body=f"<p>{SECRET}.</p>",
        rule=ReprintRuleFactory(permission="permission_required"),
    )
    PermissionGrant.objects.create(
        scope=GrantScope.ARTICLE,
        article=granted,
        granted_by="Partner editor",
        reference="email",
        expires_at=now + timezone.timedelta(days=2),
    )
    ArticleFactory(
        headline="Scheduled robots", status=Status.SCHEDULED, publish_at=now + timezone.timedelta(1)
    )
    ArticleFactory(headline="Draft robots", status=Status.DRAFT)
    return {"staff": staff, "granted": granted}


def test_a_rebuild_of_a_correct_index_writes_nothing(stories):
    before, written = documents(), indexed_at()
    assert rebuild_index(chunk_size=2) == 5  # all but the draft (scheduled: for its time)
    assert documents() == before
    assert indexed_at() == written


def test_a_rebuild_writes_what_indexing_each_story_writes(stories):
    expected = documents()
    SearchDocument.objects.all().delete()
    rebuild_index(chunk_size=3)
    assert documents() == expected
    # and with every document rewritten
    rebuild_index(force=True, chunk_size=2)
    assert documents() == expected


def test_a_rebuild_repairs_what_a_bulk_update_left_behind(stories, client):
    draft = Article.objects.get(headline="Draft robots")
    Article.objects.filter(pk=stories["staff"].pk).update(headline="Renamed robots")  # no signal
    SearchDocument.objects.filter(article_id=draft.pk).delete()
    SearchDocument.objects.create(article_id=draft.pk, headline="Draft robots", body="robots")
    SearchDocument.objects.filter(headline="Partner robots").delete()
    rebuild_index(chunk_size=2)
    repaired = documents()
    for article in Article.objects.all():
        index_article(article)
    assert documents() == repaired
    assert draft.pk not in repaired
    assert repaired[stories["staff"].pk]["headline"] == "Renamed robots"
    assert "Partner robots" in found(client, "robots")


def test_a_grant_revoked_in_bulk_leaves_the_index_at_the_rebuild(stories, client):
    granted = stories["granted"]
    assert SECRET in SearchDocument.objects.get(article_id=granted.pk).body
    PermissionGrant.objects.update(revoked_at=timezone.now())  # no signal: nothing re-indexed
    rebuild_index()
    document = SearchDocument.objects.get(article_id=granted.pk)
    assert SECRET not in document.body
    assert found(client, "Zeppelin procurement") == []
    assert "Granted robots" in found(client, "robots")  # the headline is still theirs to show


def test_search_finds_every_story_between_the_chunks(stories, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    everything = found(client, "robots")
    seen = []

    def progress(read, written):
        seen.append(read)
        assert found(client, "robots") == everything
        assert SearchDocument.objects.count() == len(everything) + 1  # the scheduled story

    rebuild_index(force=True, chunk_size=2, progress=progress)
    assert seen == [2, 4, 6]


def test_a_document_written_after_its_chunk_began_is_kept(stories, monkeypatch):
    """A story saved between the chunk's read and its write keeps what its save indexed."""
    staff = stories["staff"]
    read_chunk = rebuild._chunk

    def chunk_then_edit(after, size):
        articles = read_chunk(after, size)
        if any(a.pk == staff.pk for a in articles):
            edited = Article.objects.get(pk=staff.pk)
            edited.headline = "Edited robots"
            edited.save()  # indexed by its own save, after the chunk began
        return articles

    monkeypatch.setattr(rebuild, "_chunk", chunk_then_edit)
    rebuild_index(force=True)
    assert SearchDocument.objects.get(article_id=staff.pk).headline == "Edited robots"


def test_a_maintenance_rebuild_builds_the_gin_index_again(stories, client):
    expected = documents()
    rebuild_index(force=True, maintenance=True)
    assert documents() == expected
    assert "Staff robots" in found(client, "robots")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(
                cursor, SearchDocument._meta.db_table
            )
        assert rebuild.GIN_INDEX in constraints


def test_the_rebuild_reads_the_same_number_of_queries_whatever_the_chunk_holds(stories):
    def queries():
        with CaptureQueriesContext(connection) as context:
            rebuild_index(force=True)
        return len(context.captured_queries)

    few = queries()
    now = timezone.now()
    for n in range(12):
        story = PartnerArticleFactory(headline=f"More robots {n}", tags=[f"Tag {n}"])
        ArticleAuthor.objects.create(article=story, author=AuthorFactory())
        ArticleFactory(status=Status.SCHEDULED, publish_at=now + timezone.timedelta(hours=n + 1))
    assert queries() == few


def test_a_batch_reads_one_snapshot_per_stretch_between_changes_and_the_right_one(stories):
    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    partner = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    PermissionGrant.objects.create(
        scope=GrantScope.SOURCE,
        source=partner.source,
        granted_by="Partner editor",
        reference="call",
        valid_from=now + hour,
        expires_at=now + 2 * hour,
    )
    stories["granted"].rule.valid_to = now + 3 * hour
    stories["granted"].rule.save()
    batch = _Batch(now)
    moments = [now, now + hour / 2, now + hour, now + 1.5 * hour, now + 2 * hour]
    moments += [now + 2.5 * hour, now + 3 * hour, now + 4 * hour, now + 72 * hour]
    for at in moments:
        snapshot, fresh = batch.snapshot(at), RightsSnapshot.read(at)
        assert (snapshot.publishable_rule_ids, snapshot.in_force_ids) == (
            fresh.publishable_rule_ids,
            fresh.in_force_ids,
        ), at
        assert (snapshot.granted_article_ids, snapshot.granted_source_ids) == (
            fresh.granted_article_ids,
            fresh.granted_source_ids,
        ), at
        assert snapshot.link_back_rule_ids == fresh.link_back_rule_ids, at
    # now; the grant starts; it ends; the rule ends; the other grant expires (two days)
    assert len(batch.snapshots) == 6
