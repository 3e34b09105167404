"""Public pages. Every article queryset starts from ``Article.objects.published()``."""

from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta
from pathlib import Path

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView
from taggit.models import Tag

from articles.models import Article, Source
from articles.rights import engine, excerpts
from articles.site.listing_memo import listing_memo
from articles.site.lists import (
    PAGE_SIZE,
    FilteredListView,
    StablePaginationMixin,
    page_number,
    site_feeds,
    story_cards,
)
from articles.site.story import article_content_type_id
from companies.models import Company
from newsroom.site_url import absolute_url
from search.query import parse_query, visible_matches
from search.snippets import best_text, highlight, snippet
from search.suggestions import suggest

RAIL_COUNT = 4
RAIL_SIZE = 4
RAIL_WINDOW = 500  # the latest stories whose tags make the home page's rails
TOPIC_COUNT = 12
COMPANY_COUNT = 12


class HomeView(TemplateView):
    """The front page: the lead story, three top stories beside it, the latest list, and
    ways in for a reader who came for a company or a topic (which keep a young site's
    front page from looking empty)."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        # The lead, three top stories beside it and ten in the latest list; only the lead
        # shows a tag (its kicker, one query), so the cards are fetched without theirs.
        latest = list(story_cards(Article.objects.published())[:14])
        recent = recent_ids()
        # Names and counts over the window, the same until the listing version changes; the
        # rails' stories are read through published() on every request.
        topics = listing_memo.get("home:topics", lambda: busiest_tags(recent, TOPIC_COUNT))
        companies = listing_memo.get("home:companies", lambda: companies_in_the_news(recent))
        return super().get_context_data(
            lead=latest[0] if latest else None,
            latest=latest[1:],
            rails=home_rails(recent, topics[:RAIL_COUNT], exclude=[a.pk for a in latest]),
            topics=topics,
            companies_in_news=companies,
            **kwargs,
        )


def recent_ids():
    """The latest ``RAIL_WINDOW`` published stories (a subquery): counting tags and
    companies over them keeps the front page current, and its cost flat as the archive
    grows (the whole-archive count took 0.5 s at 100,000 stories)."""
    published = Article.objects.published()
    return published.order_by("-publish_at", "-id").values("pk")[:RAIL_WINDOW]


def busiest_tags(recent, count: int) -> list[Tag]:
    return list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type_id=article_content_type_id(),
            taggit_taggeditem_items__object_id__in=recent,
        )
        .annotate(stories=Count("taggit_taggeditem_items"))
        .order_by("-stories", "name")[:count]
    )


def companies_in_the_news(recent, count: int = COMPANY_COUNT) -> list[Company]:
    """The companies most stories of the latest window name."""
    return list(
        Company.objects.filter(mentions__article__in=recent)
        .only("name", "slug")
        .annotate(stories=Count("mentions"))
        .order_by("-stories", "name")[:count]
    )


def home_rails(recent, tags: list[Tag], *, exclude: list[int]) -> list[tuple[Tag, list[Article]]]:
    """Each of ``tags`` with its newest stories of the window not already on the page."""
    if not tags:
        return []
    rows = (
        Article.objects.published()
        .exclude(pk__in=exclude)
        .filter(pk__in=recent, tags__in=tags)
        .select_related("source")
        .annotate(
            rail_tag=F("tags__id"),
            position=Window(
                RowNumber(),
                partition_by=F("tags__id"),
                order_by=[F("publish_at").desc(), F("id").desc()],
            ),
        )
        .filter(position__lte=RAIL_SIZE)
        .order_by("rail_tag", "position")
    )
    by_tag: dict[int, list[Article]] = {tag.pk: [] for tag in tags}
    for article in rows:
        by_tag[article.rail_tag].append(article)
    return [(tag, by_tag[tag.pk]) for tag in tags if by_tag[tag.pk]]


class AllStoriesView(FilteredListView):
    def get_feeds(self):
        return site_feeds()


class TagView(FilteredListView):
    exclude_filters = ("tag",)

    def base_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        stories = super().base_queryset().filter(tags=self.tag)
        # A tag only unpublished stories carry is, to readers, a tag that does not exist.
        if not stories.exists():
            raise Http404("No such tag.")
        return stories

    def get_title(self):
        return f"Stories tagged “{self.tag.name}”"

    def get_feeds(self):
        slug = self.tag.slug
        return [
            (f"{self.tag.name} (RSS)", reverse("feeds:tag", args=[slug]), "application/rss+xml"),
            (
                f"{self.tag.name} (Atom)",
                reverse("feeds:tag-atom", args=[slug]),
                "application/atom+xml",
            ),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SourceIndexView(ListView):
    template_name = "articles/sources.html"
    context_object_name = "sources"

    def get_queryset(self):
        # A count per partner, answered from the source/status/publish time index.
        per_source = (
            Article.objects.published()
            .filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Source.objects.annotate(
            stories=Coalesce(Subquery(per_source, output_field=IntegerField()), 0)
        ).order_by("name")


class SourceView(FilteredListView):
    exclude_filters = ("source",)

    def base_queryset(self):
        self.source = get_object_or_404(Source, slug=self.kwargs["slug"])
        return super().base_queryset().filter(source=self.source)

    def get_title(self):
        return f"Stories from {self.source.name}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)


class ArchiveIndexView(TemplateView):
    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        months = Article.objects.published().dates("publish_at", "month", order="DESC")
        return super().get_context_data(months=list(months), **kwargs)


# Every local moment of these years has a UTC datetime in every time zone (offsets are under a
# day), so the archive answers the same wherever the site is. The first and last years Python
# can represent are left out: some of their local days fall outside it in some time zones.
ARCHIVE_YEARS = range(MINYEAR + 1, MAXYEAR)


def archive_period(year: int, month: int | None = None, day: int | None = None):
    """The first local date of a year, month or day and its [start, end) bounds as aware
    datetimes in the site's time zone; ``Http404`` for any date the archive can't serve."""
    if year not in ARCHIVE_YEARS or (month is not None and not 1 <= month <= 12):
        raise Http404("No such date in the archive.")
    if month is None:
        first, after = date(year, 1, 1), date(year + 1, 1, 1)
    elif day is None:
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
    else:
        try:
            first = date(year, month, day)
        except (ValueError, OverflowError) as exc:
            raise Http404("No such date in the archive.") from exc
        after = first + timedelta(days=1)
    zone = timezone.get_current_timezone()
    start, end = (timezone.make_aware(datetime.combine(d, time()), zone) for d in (first, after))
    return first, start, end


class ArchiveView(FilteredListView):
    """Stories published in one year, month or day (in the site's time zone)."""

    exclude_filters = ("since", "until")

    def base_queryset(self):
        self.day, start, end = archive_period(
            *(self.kwargs.get(k) for k in ("year", "month", "day"))
        )
        # A range on publish_at rather than __year/__month/__day: no time-zone arithmetic at
        # the edges of what datetimes can hold, and the index serves it.
        return super().base_queryset().filter(publish_at__gte=start, publish_at__lt=end)

    def get_title(self):
        if self.kwargs.get("day"):
            return f"Stories of {self.day:%-d %B %Y}"
        if self.kwargs.get("month"):
            return f"Stories of {self.day:%B %Y}"
        return f"Stories of {self.day:%Y}"


class SearchView(StablePaginationMixin, TemplateView):
    """Ranked full-text search over published stories; snippets from visible text only."""

    template_name = "articles/search.html"

    def get_context_data(self, **kwargs):
        query = parse_query(self.request.GET.get("q"))
        words = query.words
        # One publication filter, at one moment, for the whole page: built once (its
        # annotations are costly to build) and run twice, over matched ids only.
        published = Article.objects.published()
        matches = visible_matches(query, published)
        paginator = Paginator(matches.ids, PAGE_SIZE)
        page = paginator.page(page_number(self.request, paginator))
        # Not for_listing(): results show no tags, so no tags query.
        found = published.select_related("source", "rule").in_bulk(page.object_list)
        results = []
        for pk in page.object_list:
            article = found.get(pk)
            if article is None:  # unpublished between the two queries
                continue
            decision = engine.decide(article)
            results.append(
                {
                    "article": article,
                    "headline": highlight(article.headline, words),
                    # The visible text, or the summary readers may see when only it matched.
                    "snippet": snippet(
                        best_text(
                            [excerpts.visible_text(article, decision), decision.summary], words
                        ),
                        words,
                    ),
                }
            )
        # Only a search that found nothing pays for a suggestion.
        suggestion = None if results or page.number > 1 else suggest(query, published)
        return super().get_context_data(
            query=query,
            raw_query=self.request.GET.get("q", ""),
            results=results,
            suggestion=suggestion,
            more_matches=matches.more,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            **kwargs,
        )


FAVICON = Path(__file__).resolve().parents[2] / "newsroom" / "static" / "newsroom" / "favicon.ico"


def favicon(request):
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page links."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
