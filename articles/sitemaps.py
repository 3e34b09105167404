"""Sitemaps: every indexable public page, and a Google News sitemap of the last 48 hours.

Articles come from ``published()`` (so nothing killed, unpublished, future or forbidden)
and drop out when the rights decision asks search engines not to index them.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from companies.models import Company

from . import rights
from .models import Article, Source

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap


def indexable(articles) -> list[Article]:
    return [article for article in articles if not rights.decide(article).noindex]


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return indexable(Article.objects.published().select_related("source", "rule"))

    def lastmod(self, item: Article):
        return item.updated_at


class NewsSitemap(ArticleSitemap):
    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        recent = Article.objects.published().filter(publish_at__gte=since)
        return indexable(recent.select_related("source", "rule")[:NEWS_LIMIT])


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="articles",
                taggit_taggeditem_items__object_id__in=Article.objects.published().values("pk"),
            )
            .distinct()
            .order_by("slug")
        )

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", args=[item.slug])


class SourceSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return (
            Source.objects.filter(articles__in=Article.objects.published())
            .annotate(latest=Max("articles__publish_at"))
            .order_by("slug")
        )

    def location(self, item: Source) -> str:
        return reverse("articles:source", args=[item.slug])


class CompanySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return (
            Company.objects.filter(mentions__article__in=Article.objects.published())
            .distinct()
            .order_by("slug")
        )


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
