"""Sitemaps: every indexable public page, and a Google News sitemap of the last 48 hours.

Articles come from ``published()`` (so nothing killed, unpublished, future or forbidden)
and drop out when the rights decision asks search engines not to index them.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Source
from articles.rights.engine import noindex_rule_ids
from articles.site.filters import company_choices, source_choices, tag_choices

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap


def indexable(articles):
    """Published stories whose rights decision lets search engines index our copy, filtered
    in SQL (``noindex_rule_ids``): a 100,000-story archive is never loaded at once."""
    return articles.exclude(rule_id__in=noindex_rule_ids())


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            indexable(Article.objects.published())
            .only("slug", "updated_at", "publish_at", "headline", "rule_id", "source_id")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, item: Article):
        return item.updated_at


class NewsSitemap(ArticleSitemap):
    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        recent = Article.objects.published().filter(publish_at__gte=since)
        return list(
            indexable(recent)
            .only("slug", "updated_at", "publish_at", "headline", "rule_id", "source_id")
            .order_by("-publish_at", "-id")[:NEWS_LIMIT]
        )


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return tag_choices().order_by("slug")

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", args=[item.slug])


class SourceSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return source_choices().order_by("slug")

    def location(self, item: Source) -> str:
        return reverse("articles:source", args=[item.slug])


class CompanySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return company_choices().order_by("slug")


class StaticSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:all", "articles:sources", "articles:archive"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
    "companies": CompanySitemap,
}
