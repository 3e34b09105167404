"""RSS 2.0 and Atom feeds: latest stories, per tag and per company.

Item text is only what the rights decision lets readers see, with the credit line the
rule requires. Every link (the feed's, its own address, each item's) is absolute on
``SITE_URL``: Django would otherwise take the domain from the request's Host header, and the
cached feed would carry a forged one to every reader.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from taggit.models import Tag

from articles.models import Article
from articles.rights import engine, excerpts
from companies.models import Company
from newsroom.site_url import absolute_url

FEED_SIZE = 30


class LatestFeed(Feed):
    description_template = None
    url_name = "feeds:latest"  # this feed's own address, for its self link and Atom id

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest stories"

    def link(self, obj=None):
        return absolute_url(reverse("articles:home"))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, args=[obj.slug] if obj is not None else []))

    def item_link(self, item: Article) -> str:
        return absolute_url(item.get_absolute_url())

    def description(self, obj=None):
        return settings.SITE_DESCRIPTION

    subtitle = description  # Atom's name for it

    def articles(self, obj):
        return Article.objects.published().for_listing()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        decision = engine.decide(item)
        html = excerpts.visible_body_html(item, decision)
        if not html:
            # Plain text: escaped, so a literal "<…>" in it is text, not markup.
            html = linebreaks(
                excerpts.visible_text(item, decision) or decision.summary, autoescape=True
            )
        if decision.attribution_html:
            credit = f'<p class="attribution">{decision.attribution_html}</p>'
            html = credit + html if decision.attribution_position == "top" else html + credit
        return html

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        if item.original_author:
            return item.original_author
        return item.source.name if item.source_id else settings.SITE_NAME

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_copyright(self, item: Article) -> str:
        return item.copyright_notice


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    url_name = "feeds:latest-atom"


class TagFeed(LatestFeed):
    url_name = "feeds:tag"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: stories tagged {obj.name}"

    def link(self, obj=None):
        return absolute_url(reverse("articles:tag", args=[obj.slug]))

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    url_name = "feeds:tag-atom"


class CompanyFeed(LatestFeed):
    url_name = "feeds:company"

    def get_object(self, request, slug):
        return get_object_or_404(Company, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: stories about {obj.name}"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def articles(self, obj):
        return super().articles(obj).filter(mentions__company=obj)


class CompanyAtomFeed(CompanyFeed):
    feed_type = Atom1Feed
    url_name = "feeds:company-atom"
