"""The public site: story and list pages, filters, feeds, sitemaps, SEO metadata and
page caching. It reads through ``Article.objects.published()`` and the rights engine only.
"""
