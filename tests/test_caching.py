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


# --- Conditional GET only for pages that exist ------------------------------------------------

MISSING_URLS = [
    "/articles/does-not-exist/",
    "/tags/no-such-tag/",
    "/sources/no-such-partner/",
    "/companies/no-such-company/",
    "/feeds/tags/no-such-tag/",
    "/sitemap-nosuchsection.xml",
    "/archive/2020/13/",
]


@pytest.mark.parametrize("url", MISSING_URLS)
@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": "*"},
        {"If-None-Match": '"abc", *'},
        {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"},
    ],
    ids=["star", "list-with-star", "modified-since-future"],
)
def test_a_missing_page_answers_404_whatever_the_validators(client, url, headers):
    ArticleFactory()
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    assert "ETag" not in response
    assert client.head(url, headers=headers).status_code == 404


def test_a_killed_story_answers_410_to_a_conditional_get(client):
    article = ArticleFactory(status=Status.KILLED)
    assert client.get(article.get_absolute_url(), headers={"If-None-Match": "*"}).status_code == 410


@pytest.mark.parametrize("cached", [True, False], ids=["cached", "uncached"])
def test_if_none_match_star_answers_304_only_for_a_page_that_exists(client, cached):
    article = ArticleFactory()
    if cached:
        assert client.get(article.get_absolute_url()).status_code == 200
    response = client.get(article.get_absolute_url(), headers={"If-None-Match": "*"})
    assert response.status_code == 304
    assert response["ETag"]


# --- No cached copy outlives the next visibility change -----------------------------------------


def _seconds(value: str, directive: str = "max-age") -> int:
    return int(value.split(f"{directive}=")[1].split(",")[0])


def _moment_kinds():
    from articles.models import GrantScope, PermissionGrant

    def grant(times):
        def make(at):
            article = ArticleFactory()
            PermissionGrant.objects.create(
                scope=GrantScope.ARTICLE,
                article=article,
                granted_by="Partner",
                reference="email",
                **{"valid_from": timezone.now() - timezone.timedelta(days=1), **times(at)},
            )

        return make

    def rule(field):
        def make(at):
            from .factories import ReprintRuleFactory

            if field == "valid_from":
                ReprintRuleFactory(valid_from=at)
            else:
                ReprintRuleFactory(valid_to=at, valid_from=timezone.now() - timezone.timedelta(1))

        return make

    def scheduled(at):
        ArticleFactory(status=Status.SCHEDULED, publish_at=at)

    return {
        "grant expires": grant(lambda at: {"expires_at": at}),
        "grant starts": grant(lambda at: {"valid_from": at}),
        "grant revoked later": grant(lambda at: {"revoked_at": at}),
        "rule version starts": rule("valid_from"),
        "rule version ends": rule("valid_to"),
        "scheduled publication": scheduled,
    }


MOMENTS = _moment_kinds()
SURFACES = [
    "/",
    "/articles/",
    "/tags/robots/",
    "/search/?q=robots",
    "/feeds/",
    "/feeds/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/news-sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("kind", MOMENTS)
def test_next_visibility_change_knows_every_kind_of_moment(kind):
    from articles.site.caching import next_visibility_change

    now = timezone.now()
    moment = now + timezone.timedelta(seconds=75)
    MOMENTS[kind](moment)
    assert next_visibility_change(now) == moment


@pytest.mark.parametrize("kind", MOMENTS)
@pytest.mark.parametrize("url", SURFACES)
def test_every_cached_copy_expires_by_the_next_visibility_change(
    client, settings, monkeypatch, kind, url
):
    from django.core.cache import cache
    from django.utils.http import parse_http_date

    settings.PUBLIC_CACHE_SECONDS = 600
    ArticleFactory(headline="Robots", tags=["Robots"])
    moment = timezone.now() + timezone.timedelta(seconds=90)
    MOMENTS[kind](moment)
    timeouts = []
    original = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda k, v, timeout=None, **kw: (
            timeouts.append((k, timeout)) or original(k, v, timeout=timeout, **kw)
        ),
    )
    response = client.get(url)
    assert response.status_code == 200
    assert 0 < _seconds(response["Cache-Control"]) <= 90
    assert parse_http_date(response["Expires"]) <= moment.timestamp()
    page_timeouts = [t for k, t in timeouts if k.startswith("public:page:")]
    assert page_timeouts
    assert all(0 < t <= 90 for t in page_timeouts)


def test_revalidating_by_date_alone_after_a_grant_expires_gets_the_new_page(client, monkeypatch):
    """Last-Modified has whole seconds: a copy made the same second as the expiry must not
    pass an If-Modified-Since check afterwards."""
    from articles.models import GrantScope, PermissionGrant

    from .factories import PartnerArticleFactory, ReprintRuleFactory

    article = PartnerArticleFactory(
        body="<p>Granted words only.</p>", rule=ReprintRuleFactory(permission="permission_required")
    )
    now = timezone.now().replace(microsecond=100_000)
    expiry = now + timezone.timedelta(seconds=30, microseconds=500_000)
    monkeypatch.setattr(timezone, "now", lambda: now)
    PermissionGrant.objects.create(
        scope=GrantScope.ARTICLE,
        article=article,
        granted_by="Partner",
        reference="email",
        valid_from=now - timezone.timedelta(days=1),
        expires_at=expiry,
    )
    just_before = expiry - timezone.timedelta(microseconds=200_000)  # the same second
    monkeypatch.setattr(timezone, "now", lambda: just_before)
    first = client.get(article.get_absolute_url())
    assert "Granted words" in first.content.decode()
    later = expiry + timezone.timedelta(microseconds=100_000)
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = client.get(
        article.get_absolute_url(), headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert again.status_code == 200
    assert "Granted words" not in again.content.decode()


def test_with_the_page_cache_off_every_request_renders_and_304s_still_work(client, settings):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE = False
    settings.PUBLIC_CACHE_LOCAL_PAGES = 100
    article = ArticleFactory(headline="Rendered each time")
    first = client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Changed in the database only")
    again = client.get(article.get_absolute_url())  # no signal, no cached copy: rendered
    assert "Changed in the database only" in again.content.decode()
    assert not [k for k in cache._cache if "public:page:" in k]
    assert (
        client.get(article.get_absolute_url(), headers={"If-None-Match": again["ETag"]}).status_code
        == 304
    )
    assert first["ETag"] == again["ETag"]  # the same state: validators are unchanged
