"""What every public story list shares: the published() queryset, a capped paginator and
shareable filters."""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from articles.site.filters import ArticleFilter
from newsroom.admin_paginator import CappedCountPaginator

PAGE_SIZE = 20


def story_cards(queryset):
    """What a story card (``articles/_story.html``) reads, without a query per row: the
    source, the rule its standfirst is decided under and the thumbnail. Not the tags, which
    cards never show: taggit's prefetch built a queryset per story (a third of the list)."""
    return queryset.select_related("source", "rule", "lead_image").prefetch_related(
        "lead_image__renditions"
    )


class PublishedMixin:
    """Pins every page to what readers may see."""

    def get_queryset(self):
        return story_cards(Article.objects.published())


class ListPaginator(CappedCountPaginator):
    """Counts at most ``cap`` stories: on a 100,000-story archive a full COUNT(*) of the
    filtered list cost more than the page. Past the cap readers narrow by date or filter
    (the archive pages), and the page says "of more than 100"."""

    cap = 2_000

    @property
    def capped_pages(self) -> int:
        return self.cap // self.per_page


class StablePaginationMixin:
    """Pages past the end show the last page; a page that is not a number is a 404."""

    paginate_by = PAGE_SIZE
    paginator_class = ListPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        number = page_number(self.request, paginator)
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()


def page_number(request, paginator: Paginator) -> int:
    """The page asked for, the last one if it is past the end; 404 if it is not a number."""
    raw = request.GET.get("page") or "1"
    if raw == "last":
        return paginator.num_pages
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise Http404("No such page.")
    return min(int(raw), paginator.num_pages)


class FilteredListView(PublishedMixin, StablePaginationMixin, ListView):
    """A paginated story list narrowed by the shareable filters in the query string."""

    template_name = "articles/list.html"
    context_object_name = "articles"
    exclude_filters: tuple[str, ...] = ()
    title = "All stories"

    def base_queryset(self):
        return super().get_queryset()

    def get_queryset(self):
        self.filterset = ArticleFilter(
            self.request.GET or None, queryset=self.base_queryset(), exclude=self.exclude_filters
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, title=self.get_title(), feeds=self.get_feeds(), **kwargs
        )

    def get_title(self) -> str:
        return self.title

    def get_feeds(self) -> list[tuple[str, str, str]]:
        """(title, url, mime type) of the feeds this page's <head> advertises."""
        return []


def site_feeds():
    return [
        ("Latest stories (RSS)", reverse("feeds:latest"), "application/rss+xml"),
        ("Latest stories (Atom)", reverse("feeds:latest-atom"), "application/atom+xml"),
    ]
