"""HTTP caching: validators, 304s, invalidation on every change, and no page outliving the
next scheduled publication."""

import pytest
from django.utils import timezone

from articles.editorial.publishing import article_publish
from articles.models import Article, Status
from companies.models import Mention

from .factories import ArticleFactory, CompanyFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/articles/", "/tags/robots/", "/search/?q=robots", "/feeds/", "/sitemap.xml"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_anonymous_pages_carry_validators_and_answer_304(client, url):
    ArticleFactory(headline="Robots", tags=["Robots"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


def test_different_pages_have_different_etags(client):
    ArticleFactory()
    assert client.get("/")["ETag"] != client.get("/articles/")["ETag"]


def test_edit_publish_and_unpublish_invalidate(client):
    article = ArticleFactory(headline="First headline")
    first = client.get("/")
    etag = first["ETag"]

    article.headline = "Second headline"
    article.save()
    edited = client.get("/", headers={"If-None-Match": etag})
    assert edited.status_code == 200
    assert "Second headline" in edited.content.decode()

    article.status = Status.UNPUBLISHED
    article.save()
    page = client.get("/").content.decode()
    assert "Second headline" not in page

    article_publish(article=article)
    assert "Second headline" in client.get("/").content.decode()


def test_tag_and_company_changes_invalidate(client):
    article = ArticleFactory(headline="Robots story")
    page = client.get(article.get_absolute_url())
    article.tags.add("Robots")
    retagged = client.get(article.get_absolute_url(), headers={"If-None-Match": page["ETag"]})
    assert retagged.status_code == 200
    assert "/tags/robots/" in retagged.content.decode()
    Mention.objects.create(article=article, company=CompanyFactory(name="Acme", slug="acme"))
    assert "/companies/acme/" in client.get(article.get_absolute_url()).content.decode()


def test_rendered_pages_are_reused_until_something_changes(client, django_assert_num_queries):
    ArticleFactory(headline="Cached story")
    client.get("/")
    with django_assert_num_queries(0):
        assert "Cached story" in client.get("/").content.decode()


def test_max_age_never_outlives_the_next_scheduled_publication(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 600
    ArticleFactory(headline="Live now")
    assert "max-age=600" in client.get("/")["Cache-Control"]
    ArticleFactory(
        headline="Embargoed",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timezone.timedelta(seconds=90),
    )
    max_age = int(client.get("/")["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 90


def test_scheduled_story_appears_when_due_without_any_save(client, monkeypatch):
    ArticleFactory(headline="Live now")
    due = timezone.now() + timezone.timedelta(minutes=5)
    ArticleFactory(headline="Embargoed", status=Status.SCHEDULED, publish_at=due)
    before = client.get("/")
    assert "Embargoed" not in before.content.decode()
    later = due + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get("/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "Embargoed" in after.content.decode()


def test_errors_and_signed_in_users_are_not_cached(client, admin_client):
    ArticleFactory()
    missing = client.get("/articles/no-such-story/")
    assert missing.status_code == 404
    assert "ETag" not in missing
    staff = admin_client.get("/")
    assert staff.status_code == 200
    assert "private" in staff["Cache-Control"]
    assert "ETag" not in staff


def test_state_is_dropped_again_when_the_change_commits(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from articles.site.caching import STATE_KEY, content_state

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory()
        # A reader rebuilds the state before the transaction commits.
        content_state()
        assert cache.get(STATE_KEY) is not None
    assert cache.get(STATE_KEY) is None
    assert article.pk


def _import_one(tmp_path, seeds_dir, name="ai-story.txt"):
    from articles.ingest.importing import import_paths

    source = next(p for p in sorted(seeds_dir.iterdir()) if "aicnbc" in p.read_text().lower())
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / name).write_bytes(source.read_bytes())
    summary = import_paths([folder])
    assert summary.counts["created"] == 1, summary.counts
    return Article.objects.get(import_name=name)


def test_an_import_adds_to_lists_after_the_interval_and_keeps_story_pages_cached(
    client, settings, monkeypatch, tmp_path, seeds_dir
):
    import articles.site.caching as caching

    settings.PUBLIC_CACHE_ADDITIONS_SECONDS = 15
    clock = [1_000_000.0]
    monkeypatch.setattr(caching.time, "time", lambda: clock[0])
    story = ArticleFactory(headline="Staff story")
    home = client.get("/")
    page = client.get(story.get_absolute_url())

    imported = _import_one(tmp_path, seeds_dir)
    assert imported.status == Status.PUBLISHED
    # Within the interval the cache is kept: same validators, the new story not yet listed.
    clock[0] += 5
    assert client.get("/", headers={"If-None-Match": home["ETag"]}).status_code == 304
    same = client.get(story.get_absolute_url(), headers={"If-None-Match": page["ETag"]})
    assert same.status_code == 304
    # Once it has passed, lists show the new story; story pages keep their version.
    clock[0] += 11
    listed = client.get("/", headers={"If-None-Match": home["ETag"]})
    assert listed.status_code == 200
    assert imported.headline in listed.content.decode()
    same = client.get(story.get_absolute_url(), headers={"If-None-Match": page["ETag"]})
    assert same.status_code == 304


def test_narrowing_changes_never_wait_for_the_additions_interval(client, settings):
    settings.PUBLIC_CACHE_ADDITIONS_SECONDS = 3600
    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 3600
    article = ArticleFactory(headline="Soon withdrawn")
    assert "Soon withdrawn" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Status.UNPUBLISHED
    article.save()
    assert "Soon withdrawn" not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_inside_additions_a_deletion_still_invalidates_at_once(client, settings):
    from articles.site.caching import additions

    settings.PUBLIC_CACHE_ADDITIONS_SECONDS = 3600
    article = ArticleFactory(headline="Deleted story")
    assert "Deleted story" in client.get("/").content.decode()
    with additions():
        article.delete()
    assert "Deleted story" not in client.get("/").content.decode()


def test_a_cached_page_costs_one_read_of_the_shared_cache(client, settings, monkeypatch):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 60
    ArticleFactory(headline="Hot story")
    client.get("/")
    client.get("/")  # the state is now in this process's memo
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _o=original, _n=name, **k: reads.append(_n) or _o(*a, **k)
        )
    assert "Hot story" in client.get("/").content.decode()
    assert reads == ["get"]


def test_hot_pages_are_served_from_process_memory_and_still_invalidate(
    client, settings, monkeypatch
):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 60
    settings.PUBLIC_CACHE_LOCAL_PAGES = 10
    article = ArticleFactory(headline="Hot story")
    first = client.get(article.get_absolute_url())
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _o=original, _n=name, **k: reads.append(_n) or _o(*a, **k)
        )
    again = client.get(article.get_absolute_url())
    assert reads == []  # neither the state nor the page came from the shared cache
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    article.headline = "Edited story"
    article.save()
    edited = client.get(article.get_absolute_url())
    assert "Edited story" in edited.content.decode()
    assert edited["ETag"] != first["ETag"]
