"""The peer news site: an index page listing its stories newest first, and the story page
with a rich-text body, tags, an author and a lead image (the shape of Wagtail's news
template, written for this benchmark)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtailcache.cache import WagtailCacheMixin


@register_snippet
class Author(models.Model):
    name = models.CharField(max_length=255)

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(WagtailCacheMixin, Page):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            NewsPage.objects.live()
            .child_of(self)
            .select_related("author")
            .order_by("-first_published_at")
        )
        context["stories"] = Paginator(stories, settings.PEER_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return context


class NewsPage(WagtailCacheMixin, Page):
    date = models.DateTimeField("published")
    intro = models.CharField(max_length=300, blank=True)
    body = RichTextField(blank=True)
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("intro"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
