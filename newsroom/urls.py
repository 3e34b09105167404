from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.site.caching import public_page
from articles.site.sitemaps import SITEMAPS, NewsSitemap, sitemap_index
from articles.site.views import favicon, robots_txt
from newsroom import security

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("healthz", security.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("companies/", include("companies.urls")),
    path("feeds/", include("articles.site.feed_urls")),
    path(
        "sitemap.xml",
        public_page(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path("robots.txt", public_page(robots_txt), name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("articles.editorial.urls")),
    path("", include("articles.site.urls")),
]

if settings.BENCH_BARE_VIEW:
    # Only for bench/bench_served.py (BENCH_BARE_VIEW=1); never enabled in production.
    urlpatterns.insert(0, path("__bench__/bare", security.bare, name="bench-bare"))
