"""The cached page's short route (``articles.site.fastpath``): a hot page costs no session,
user, rights or database work and no shared-cache round trip, yet answers exactly what the
full route would, and never outlives a change, an expiry or a rule.

The rights matrix's and the caching suite's time-travel scenarios run here again with the
short route on, as in production (the rest of the suite keeps it off so each test renders)."""

import gzip

import pytest
from django.utils import timezone

from articles.site import fastpath

from .factories import ArticleFactory
from .test_caching import (  # the same scenarios, run again with the short route on
    test_edit_publish_and_unpublish_invalidate,
    test_every_cached_copy_expires_by_the_next_visibility_change,
    test_revalidating_by_date_alone_after_a_grant_expires_gets_the_new_page,
    test_scheduled_story_appears_when_due_without_any_save,
    test_tag_and_company_changes_invalidate,
)
from .test_rights_matrix import (
    clock,
    test_a_grant_expiring_hides_the_text_on_every_surface,
    test_a_grant_starting_later_shows_the_text_from_that_moment,
    test_a_scheduled_story_reaches_every_surface_at_its_time,
    test_a_stricter_rule_version_taking_effect_hides_the_story_everywhere,
    test_grant_expiry_hides_the_text_at_that_moment_without_a_job,
)

pytestmark = pytest.mark.django_db

__all__ = [  # collected again in this module, where the short route is on
    "clock",
    "test_a_grant_expiring_hides_the_text_on_every_surface",
    "test_a_grant_starting_later_shows_the_text_from_that_moment",
    "test_a_scheduled_story_reaches_every_surface_at_its_time",
    "test_a_stricter_rule_version_taking_effect_hides_the_story_everywhere",
    "test_edit_publish_and_unpublish_invalidate",
    "test_every_cached_copy_expires_by_the_next_visibility_change",
    "test_grant_expiry_hides_the_text_at_that_moment_without_a_job",
    "test_revalidating_by_date_alone_after_a_grant_expires_gets_the_new_page",
    "test_scheduled_story_appears_when_due_without_any_save",
    "test_tag_and_company_changes_invalidate",
]


@pytest.fixture(autouse=True)
def _short_route_on(settings):
    settings.PUBLIC_CACHE_LOCAL_PAGES = 100


@pytest.fixture
def served(monkeypatch):
    """The paths the short route answered, in order."""
    answered = []
    original = fastpath.serve

    def spy(request):
        response = original(request)
        if response is not None:
            answered.append(request.get_full_path())
        return response

    monkeypatch.setattr(fastpath, "serve", spy)
    return answered


def test_a_hot_page_costs_no_query_and_no_shared_cache_read(
    client, settings, monkeypatch, django_assert_num_queries, served
):
    from django.core.cache import cache

    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 60
    article = ArticleFactory(headline="Hot story")
    first = client.get(article.get_absolute_url())
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _o=original, _n=name, **k: reads.append(_n) or _o(*a, **k)
        )
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    assert served == [article.get_absolute_url()]
    assert reads == []
    assert again.content == first.content


def test_the_short_route_answers_what_the_full_route_did(client, served):
    article = ArticleFactory(headline="Same answer")
    full = client.get(article.get_absolute_url())
    short = client.get(article.get_absolute_url())
    assert served == [article.get_absolute_url()]
    assert short.status_code == 200
    assert short.content == full.content
    for name in (
        "Content-Type",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert short[name] == full[name], name
    assert int(short["Content-Length"]) == len(full.content)
    assert "Set-Cookie" not in short


def test_readers_who_accept_gzip_get_the_page_compressed_once(client, served):
    article = ArticleFactory(headline="Compressed story")
    full = client.get(article.get_absolute_url())
    short = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip, br"})
    assert served
    assert short["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in short["Vary"]
    assert gzip.decompress(short.content) == full.content
    assert int(short["Content-Length"]) == len(short.content) < len(full.content)
    assert short["ETag"] == f"W/{full['ETag']}"  # a different representation of the same page
    plain = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "identity"})
    assert plain.content == full.content
    assert "Content-Encoding" not in plain
    # Revalidating the compressed copy still gets a 304 (weak comparison).
    revalidated = client.get(article.get_absolute_url(), headers={"If-None-Match": short["ETag"]})
    assert revalidated.status_code == 304


def test_an_edit_or_unpublishing_through_this_process_shows_at_once(client, served):
    article = ArticleFactory(headline="Before the edit")
    url = article.get_absolute_url()
    client.get(url)
    assert "Before the edit" in client.get(url).content.decode()
    assert served == [url]
    article.headline = "After the edit"
    article.save()
    assert "After the edit" in client.get(url).content.decode()
    article.status = "draft"
    article.save()
    assert client.get(url).status_code == 404


def test_a_grant_expiring_between_two_hits_is_never_served_from_the_copy(
    client, monkeypatch, served
):
    from articles.models import PermissionGrant

    from .test_rights_matrix import SECRET, make_article

    article = make_article("permission_granted")
    grant = PermissionGrant.objects.get(article=article)
    now = timezone.now()
    grant.expires_at = now + timezone.timedelta(seconds=30)
    grant.save()
    url = article.get_absolute_url()
    assert SECRET in client.get(url).content.decode()
    assert SECRET in client.get(url).content.decode()
    assert served == [url]
    later = grant.expires_at + timezone.timedelta(milliseconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert SECRET not in client.get(url).content.decode()


@pytest.mark.parametrize("scope", ["article", "source"])
def test_every_hot_surface_hides_the_text_the_moment_a_grant_expires(client, clock, scope, served):
    from articles.models import PermissionGrant

    from .test_rights_matrix import (
        assert_full,
        assert_nothing_hidden_shows,
        make_article,
        render_all,
        surfaces,
    )

    article = make_article("permission_required")
    expiry = timezone.now() + timezone.timedelta(minutes=10)
    PermissionGrant.objects.create(
        scope=scope,
        article=article if scope == "article" else None,
        source=article.source if scope == "source" else None,
        granted_by="Partner editor",
        reference="email of 1 March",
        expires_at=expiry,
    )
    render_all(client, article)
    hot = render_all(client, article)  # every surface now comes from the short route
    assert_full(hot, article)
    assert set(served) == set(surfaces(article).values())
    clock.travel(expiry + timezone.timedelta(milliseconds=1))
    assert_nothing_hidden_shows(render_all(client, article))


def test_signed_in_editors_always_take_the_full_route(client, admin_client, served):
    article = ArticleFactory(headline="Editors see it fresh")
    url = article.get_absolute_url()
    client.get(url)
    response = admin_client.get(url)
    assert served == []
    assert "private" in response["Cache-Control"]


def test_conditional_requests_and_head_take_the_full_route(client, served):
    article = ArticleFactory(headline="Revalidated")
    url = article.get_absolute_url()
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.head(url).status_code == 200
    assert served == []


def test_a_host_the_site_does_not_serve_is_refused_even_when_the_page_is_hot(client, served):
    article = ArticleFactory(headline="Host checked")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url, headers={"Host": "evil.example"}).status_code == 400
    assert served == []


def test_plain_http_is_still_redirected_to_https(client, settings, served):
    article = ArticleFactory(headline="Always over HTTPS")
    url = article.get_absolute_url()
    settings.SECURE_SSL_REDIRECT = True  # read when the middleware loads, at the first request
    assert client.get(url, secure=True).status_code == 200
    assert client.get(url, secure=True).status_code == 200
    assert served == [url]
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_api_is_never_answered_before_its_gateway(client, served):
    ArticleFactory(headline="API story")
    first = client.get("/api/v1/articles")
    second = client.get("/api/v1/articles")
    assert first.status_code == second.status_code == 200
    assert served == []
    assert int(second["RateLimit-Remaining"]) < int(first["RateLimit-Remaining"])


def test_missing_pages_and_redirects_are_never_kept(client, served):
    ArticleFactory()
    for _ in range(2):
        assert client.get("/articles/no-such-story/").status_code == 404
        assert client.get("/tags").status_code in (301, 404)
    assert served == []


def test_a_response_that_sets_a_cookie_is_not_kept(rf):
    from django.http import HttpResponse

    request = rf.get("/somewhere/")
    response = HttpResponse("page")
    response.public_fast_path = ("token", False, '"etag"', timezone.now().timestamp() + 60)
    response.set_cookie("csrftoken", "secret")
    fastpath.learn(request, response)
    assert fastpath.serve(request) is None
