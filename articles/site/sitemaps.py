"""Sitemaps: every indexable public page, and a Google News sitemap of the last 48 hours.

Articles come from ``published()`` (so nothing killed, unpublished, future or forbidden)
and drop out when the rights decision asks search engines not to index them. Every location
is on ``SITE_URL``: Django's sitemaps would take the domain and scheme from the request.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag

from articles.models import Article, Source
from articles.rights.engine import noindex_rule_ids
from articles.site.filters import company_choices, source_choices, tag_choices
from newsroom.site_url import absolute_url, site_origin

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap


def indexable(articles):
    """Published stories whose rights decision lets search engines index our copy, filtered
    in SQL (``noindex_rule_ids``): a 100,000-story archive is never loaded at once."""
    return articles.exclude(rule_id__in=noindex_rule_ids())


class SiteSitemap(Sitemap):
    """Locations on ``SITE_URL``, whatever host or scheme the request came with."""

    def get_protocol(self, protocol=None):
        return site_origin()[0]

    def get_domain(self, site=None):
        return site_origin()[1]


class ArticleSitemap(SiteSitemap):
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

    def get_latest_lastmod(self):
        """The newest ``lastmod``, asked of the database (``article_updated_idx``): Django's
        own calls ``lastmod()`` on every item, loading every published story into Python for
        the sitemap index (19 s at a million stories)."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class NewsSitemap(ArticleSitemap):
    limit = NEWS_LIMIT

    def get_latest_lastmod(self):
        return Sitemap.get_latest_lastmod(self)  # at most NEWS_LIMIT stories, already a list

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        recent = Article.objects.published().filter(publish_at__gte=since)
        return list(
            indexable(recent)
            .only("slug", "updated_at", "publish_at", "headline", "rule_id", "source_id")
            .order_by("-publish_at", "-id")[:NEWS_LIMIT]
        )


class TagSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return tag_choices().order_by("slug")

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", args=[item.slug])


class SourceSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return source_choices().order_by("slug")

    def location(self, item: Source) -> str:
        return reverse("articles:source", args=[item.slug])


class CompanySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return company_choices().order_by("slug")


class StaticSitemap(SiteSitemap):
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


@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name):
    """Django's sitemap index, with each section's address on ``SITE_URL``."""
    entries, latest, all_dated = [], None, True
    for section, sitemap in sitemaps.items():
        sitemap = sitemap() if callable(sitemap) else sitemap
        url = absolute_url(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        if lastmod is None:
            all_dated = False
        elif all_dated:
            latest = lastmod if latest is None else max(latest, lastmod)
        entries.append(SitemapIndexItem(url, lastmod))
        entries += [
            SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    headers = {"Last-Modified": http_date(latest.timestamp())} if all_dated and latest else None
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )
