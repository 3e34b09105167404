"""Every public page runs a bounded number of queries, the same for 10 stories as for 500."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article

from .corpus import build_corpus

pytestmark = pytest.mark.django_db

# A story page: the cache state (3), the rights snapshot (2), the story, its tags, its
# mentions with their companies, authors and corrections, and one for the related stories.
BUDGET = 15

PAGES = [
    "/",
    "/articles/",
    "/articles/?page=2",
    "/articles/?tag={tag}&company={company}&origin=partner&since=2020-01-01",
    "/articles/corpus-story-0/",
    "/articles/corpus-story-1/",
    "/tags/{tag}/",
    "/sources/",
    "/sources/corpus-partner/",
    "/archive/",
    "/search/?q=story+markets",
    "/search/?q=robots&page=2",
    "/feeds/",
    "/feeds/atom/",
    "/feeds/tags/{tag}/",
    "/feeds/companies/{company}/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-tags.xml",
    "/sitemap-companies.xml",
    "/news-sitemap.xml",
    "/robots.txt",
]


def _urls() -> list[str]:
    """The pages, about the tag and company of the first story (there in both corpora)."""
    story = Article.objects.get(slug="corpus-story-0")
    tag = story.tags.first().slug
    company = story.mentions.first().company.slug
    return [page.format(tag=tag, company=company) for page in PAGES]


def _counts(client) -> dict[str, int]:
    counts = {}
    for url in _urls():
        cache.clear()  # count a real render, not the cached copy
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_query_counts_stay_flat_from_10_to_500_stories(client, django_assert_max_num_queries):
    build_corpus(10)
    small = _counts(client)
    build_corpus(490, start=10)
    assert Article.objects.published().count() == 500
    large = _counts(client)
    assert large == small
    for url in _urls():
        cache.clear()
        with django_assert_max_num_queries(BUDGET):
            client.get(url)


def test_archive_month_page_is_bounded(client, django_assert_max_num_queries):
    build_corpus(300)
    story = Article.objects.published().first()
    url = f"/archive/{story.publish_at:%Y}/{story.publish_at:%m}/".replace("/0", "/")
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url).status_code == 200
