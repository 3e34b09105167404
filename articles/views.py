"""Public pages. Every article queryset starts from ``Article.objects.published()``."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag, TaggedItem

from companies.models import Mention
from newsroom.admin_paginator import CappedCountPaginator
from search.query import parse_query, visible_matches
from search.snippets import best_text, highlight, snippet

from . import rights, seo
from .filters import ArticleFilter
from .models import Article, Source, Status

PAGE_SIZE = 20
RELATED_COUNT = 4
RELATED_CANDIDATES = 40  # per tag and per company of the story
RAIL_COUNT = 4
RAIL_SIZE = 4
RAIL_WINDOW = 500  # the latest stories whose tags make the home page's rails


class PublishedMixin:
    """Pins every page to what readers may see."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


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


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        latest = list(Article.objects.published().for_listing()[:11])
        return super().get_context_data(
            lead=latest[0] if latest else None,
            latest=latest[1:],
            rails=home_rails(exclude=[a.pk for a in latest]),
            **kwargs,
        )


def home_rails(*, exclude: list[int]) -> list[tuple[Tag, list[Article]]]:
    """The busiest tags of the latest ``RAIL_WINDOW`` stories with their newest stories, in
    two queries. Counting over the latest stories rather than the whole archive keeps the
    rails current, and their cost flat as the archive grows (the whole-archive count took
    0.5 s at 100,000 stories)."""
    published = Article.objects.published()
    recent = published.order_by("-publish_at", "-id").values("pk")[:RAIL_WINDOW]
    tags = list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type_id=article_content_type_id(),
            taggit_taggeditem_items__object_id__in=recent,
        )
        .annotate(stories=Count("taggit_taggeditem_items"))
        .order_by("-stories", "name")[:RAIL_COUNT]
    )
    if not tags:
        return []
    rows = (
        published.exclude(pk__in=exclude)
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


def site_feeds():
    return [
        ("Latest stories (RSS)", reverse("feeds:latest"), "application/rss+xml"),
        ("Latest stories (Atom)", reverse("feeds:latest-atom"), "application/atom+xml"),
    ]


class ArticleDetailView(PublishedMixin, DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("mentions__company")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            killed = Article.objects.filter(slug=kwargs["slug"], status=Status.KILLED)
            if killed.exists():
                return render(request, "410.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        article = self.object
        decision = rights.decide(article)
        tags = list(article.tags.all())
        companies = [mention.company for mention in article.mentions.all()]
        return super().get_context_data(
            decision=decision,
            body_html=rights.visible_body_html(article, decision),
            tags=tags,
            companies=companies,
            related=related_articles(article, tags=tags, companies=companies),
            description=seo.description(article, decision),
            canonical_url=seo.canonical_url(self.request, article, decision),
            og_image=seo.default_image(self.request),
            json_ld=seo.json_ld_script(
                seo.news_article(self.request, article, decision, tags=tags, companies=companies)
            ),
            feeds=site_feeds(),
            **kwargs,
        )


def related_articles(article: Article, *, tags, companies) -> list[Article]:
    """Stories sharing the most companies (worth double) and tags, newest first.

    The candidates are the stories most recently added under each of the story's tags and
    companies (``RELATED_CANDIDATES`` each, read off two composite indexes), so the cost
    does not grow with the archive or with how popular a tag or company is. One statement
    scores them; one checks which readers may see (and when they were published); the four
    winners are then fetched for display."""
    scores = _candidate_scores(
        [tag.pk for tag in tags], [company.pk for company in companies], exclude=article.pk
    )
    if not scores:
        return []
    visible = Article.objects.published().filter(pk__in=scores).values_list("pk", "publish_at")
    ranked = sorted(visible, key=lambda row: (scores[row[0]], row[1], row[0]), reverse=True)
    winners = [pk for pk, _ in ranked[:RELATED_COUNT]]
    found = Article.objects.published().for_listing().in_bulk(winners)
    return [found[pk] for pk in winners if pk in found]


def _candidate_scores(tag_ids: list[int], company_ids: list[int], *, exclude: int) -> dict:
    """{story id: shared companies × 2 + shared tags} for the newest stories under each tag
    and company: a UNION ALL of one index range scan per tag and per company, scored by two
    correlated counts per candidate, in one statement."""
    tagged, mention = TaggedItem._meta.db_table, Mention._meta.db_table
    content_type = article_content_type_id()
    parts, params = [], []
    for tag_id in tag_ids:
        parts.append(
            f"SELECT * FROM (SELECT object_id AS id FROM {tagged} WHERE content_type_id = %s "
            f"AND tag_id = %s ORDER BY object_id DESC LIMIT {RELATED_CANDIDATES}) t"
        )
        params += [content_type, tag_id]
    for company_id in company_ids:
        parts.append(
            f"SELECT * FROM (SELECT article_id AS id FROM {mention} WHERE company_id = %s "
            f"ORDER BY article_id DESC LIMIT {RELATED_CANDIDATES}) m"
        )
        params.append(company_id)
    if not parts:
        return {}
    tag_list = ", ".join(["%s"] * len(tag_ids)) or "NULL"
    company_list = ", ".join(["%s"] * len(company_ids)) or "NULL"
    sql = f"""
        SELECT c.id,
            (SELECT COUNT(*) FROM {tagged} s WHERE s.content_type_id = %s
                AND s.tag_id IN ({tag_list}) AND s.object_id = c.id)
            + 2 * (SELECT COUNT(*) FROM {mention} s WHERE s.company_id IN ({company_list})
                AND s.article_id = c.id)
        FROM (SELECT DISTINCT id FROM ({" UNION ALL ".join(parts)}) u) c
        WHERE c.id <> %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [content_type, *tag_ids, *company_ids, *params, exclude])
        return dict(cursor.fetchall())


def article_content_type_id() -> int:
    # Django's content-type cache, not our own: it is cleared when the table is rebuilt.
    return ContentType.objects.get_for_model(Article).pk


class TagView(FilteredListView):
    exclude_filters = ("tag",)

    def base_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().base_queryset().filter(tags=self.tag)

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


class ArchiveView(FilteredListView):
    """Stories published in one year, month or day (in the site's time zone)."""

    exclude_filters = ("since", "until")

    def base_queryset(self):
        year, month, day = (self.kwargs.get(k) for k in ("year", "month", "day"))
        try:
            self.day = date(year, month or 1, day or 1)
        except ValueError as exc:
            raise Http404("No such date.") from exc
        lookups = {"publish_at__year": year}
        if month:
            lookups["publish_at__month"] = month
        if day:
            lookups["publish_at__day"] = day
        return super().base_queryset().filter(**lookups)

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
            decision = rights.decide(article)
            results.append(
                {
                    "article": article,
                    "headline": highlight(article.headline, words),
                    # The visible text, or the summary readers may see when only it matched.
                    "snippet": snippet(
                        best_text(
                            [rights.visible_text(article, decision), decision.summary], words
                        ),
                        words,
                    ),
                }
            )
        return super().get_context_data(
            query=query,
            raw_query=self.request.GET.get("q", ""),
            results=results,
            more_matches=matches.more,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            **kwargs,
        )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
