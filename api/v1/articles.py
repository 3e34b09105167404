"""``/articles`` and ``/articles/{slug}``: the stories readers may see now, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router
from taggit.models import Tag

from api.items.common import fetch_items, visible
from api.items.ninjs import FIELDS as NINJS_FIELDS
from api.items.ninjs import ninjs_item
from api.items.ninjs import trim as trim_ninjs
from api.items.plain import FIELDS as PLAIN_FIELDS
from api.items.plain import plain_item
from api.items.plain import trim as trim_plain
from api.problems import ApiProblem
from api.v1 import cursors, params
from api.v1.responses import cached
from api.v1.schemas import NinjsArticlePage, NinjsItem, PlainArticlePage, PlainItem, Problem
from articles.models import Article, Author, Source, Status
from articles.rights.decision import FULL
from articles.rights.excerpts import visible_text
from articles.rights.moments import changed_without_write
from companies.models import Company
from search.query import parse_query, visible_matches
from search.snippets import has_match
from search.snippets import snippet as search_snippet

router = Router(tags=["articles"])

LIST_PARAMS = (
    "tag",
    "company",
    "source",
    "author",
    "since",
    "until",
    "updated_since",
    "q",
    "cursor",
    "limit",
    "fields",
    "format",
)
ERRORS = {400: Problem, 429: Problem}
# Documented in the OpenAPI schema; checked in params so the error says it in words.
LIMIT = {"ge": 1, "le": params.MAX_LIMIT}
Format = Literal["ninjs", "json"]


def render(views, output: str, fields: list[str] | None) -> list[dict]:
    if output == "json":
        return [trim_plain(plain_item(view), fields) for view in views]
    language = settings.API_CONTENT_LANGUAGE
    return [trim_ninjs(ninjs_item(view, language=language), fields) for view in views]


def _fields(output: str, value: str | None) -> list[str] | None:
    return params.fields(value, PLAIN_FIELDS if output == "json" else NINJS_FIELDS)


@router.get(
    "/articles",
    response={200: NinjsArticlePage | PlainArticlePage, **ERRORS},
    summary="Stories readers may see now, newest first",
)
def list_articles(
    request,
    tag: str | None = Query(None, description="A tag's slug.", pattern=params.SLUG_PATTERN),
    company: str | None = Query(None, description="A company's slug.", pattern=params.SLUG_PATTERN),
    source: str | None = Query(None, description="A partner's slug.", pattern=params.SLUG_PATTERN),
    author: str | None = Query(None, description="An author's slug.", pattern=params.SLUG_PATTERN),
    since: str | None = Query(None, description="Published at or after (ISO 8601 date or time)."),
    until: str | None = Query(None, description="Published at or before (a date: that whole day)."),
    updated_since: str | None = Query(
        None,
        description="Changed at or after this moment (for sync clients): saved, or changed "
        "for readers without a save (gone live on schedule, a grant or rule version began "
        "or ended).",
    ),
    q: str | None = Query(None, description='Words and "phrases", as the site\'s search.'),
    cursor: str | None = Query(None, description="The next or prev cursor of a page."),
    limit: int | None = Query(None, description="Items per page (20 by default).", **LIMIT),
    fields: str | None = Query(None, description="Comma-separated properties to keep."),
    format: Format | None = Query(None, description="ninjs (default) or json."),
):
    params.check_known(request, LIST_PARAMS)
    output = params.output_format(format)
    wanted = _fields(output, fields)
    size = params.limit(limit)
    position = cursors.decode(cursor, kinds=(datetime, int)) if cursor else None
    queryset = Article.objects.published()
    for name, value, lookup in (
        ("tag", tag, _tag),
        ("company", company, _company),
        ("source", source, _source),
        ("author", author, _author),
    ):
        value = params.slug(name, value)
        if value is not None:
            queryset = queryset.filter(**lookup(value))
    since_at = params.moment("since", since)
    until_at = params.moment("until", until, end_of_day=True)
    updated_at = params.moment("updated_since", updated_since)
    if since_at and until_at and since_at > until_at:
        raise ApiProblem(
            400, "bad-date", "since is later than until: no story could match.", parameter="since"
        )
    if since_at:
        queryset = queryset.filter(publish_at__gte=since_at)
    if until_at:
        queryset = queryset.filter(publish_at__lte=until_at)
    if updated_at:
        # A story can change for readers with no write to it (it goes live on schedule, a
        # grant starts or ends): a sync client must get those too.
        queryset = queryset.filter(
            Q(updated_at__gte=updated_at) | changed_without_write(updated_at, timezone.now())
        )
    parsed = parse_query(q) if q is not None and q.strip() else None
    if parsed is not None and parsed.is_empty:
        raise ApiProblem(400, "bad-query", "q holds no words to search for.", parameter="q")

    def build():
        stories = queryset
        if parsed is not None:
            # The site's search: the best matches readers may see now (at most 200).
            matches = visible_matches(parsed, Article.objects.published())
            stories = stories.filter(pk__in=matches.ids)
        rows, next_cursor, prev_cursor = _page(stories, position, size)
        views = []
        for article in rows:
            view = visible(article)
            if parsed is not None and not _still_matches(view, parsed):
                continue  # a page may come out shorter; the cursors still follow the rows
            if parsed is not None:
                # Snippets come from the visible text only, like the search page's.
                text = visible_text(article, view.decision) or view.decision.summary
                view.snippet = str(search_snippet(text, parsed.words)) if text else ""
            views.append(view)
        return {
            "items": render(views, output, wanted),
            "next": next_cursor,
            "prev": prev_cursor,
            "limit": size,
        }

    return cached(request, build)


def _still_matches(view, parsed) -> bool:
    """The index may hold text a grant showed until it expired: a match must not tell what
    the rule now hides, so below the full text the words must be in what readers see."""
    decision = view.decision
    if decision.visibility == FULL:
        return True
    text = " ".join([view.article.headline, decision.summary, visible_text(view.article, decision)])
    return all(has_match(text, [word]) for word in parsed.words)


def _page(queryset, position, size):
    """One page of ``queryset`` by (publish time, id), newest first, and the cursors around it."""
    if position is None or position.direction == cursors.NEXT:
        if position is not None:
            at, pk = position.key
            queryset = queryset.filter(Q(publish_at__lt=at) | Q(publish_at=at, pk__lt=pk))
            queryset = queryset.filter(publish_at__lte=at)  # a range the index can seek to
        rows = fetch_items(queryset.order_by("-publish_at", "-pk"), size + 1)
        more, rows = len(rows) > size, rows[:size]
        next_cursor = _cursor(cursors.NEXT, rows[-1]) if more and rows else None
        prev_cursor = _cursor(cursors.PREV, rows[0]) if position is not None and rows else None
        return rows, next_cursor, prev_cursor
    at, pk = position.key
    queryset = queryset.filter(Q(publish_at__gt=at) | Q(publish_at=at, pk__gt=pk))
    queryset = queryset.filter(publish_at__gte=at)
    rows = fetch_items(queryset.order_by("publish_at", "pk"), size + 1)
    more, rows = len(rows) > size, rows[:size]
    rows.reverse()
    prev_cursor = _cursor(cursors.PREV, rows[0]) if more and rows else None
    next_cursor = _cursor(cursors.NEXT, rows[-1]) if rows else None
    return rows, next_cursor, prev_cursor


def _cursor(direction: str, article: Article) -> str:
    return cursors.encode(direction, (article.publish_at, article.pk))


def _tag(slug: str) -> dict:
    found = Tag.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise params.unknown_value("tag", slug, "tag", "GET /api/v1/tags lists them.")
    return {"tags": found}


def _company(slug: str) -> dict:
    found = Company.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise params.unknown_value("company", slug, "company", "GET /api/v1/companies lists them.")
    return {"mentions__company": found}


def _source(slug: str) -> dict:
    found = Source.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise params.unknown_value("source", slug, "partner", "GET /api/v1/sources lists them.")
    return {"source": found}


def _author(slug: str) -> dict:
    found = Author.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise params.unknown_value("author", slug, "author", "Authors' slugs are in items.")
    return {"bylines__author": found}


DETAIL_PARAMS = ("fields", "format")


@router.get(
    "/articles/{slug}",
    response={200: NinjsItem | PlainItem, 404: Problem, 410: Problem, **ERRORS},
    summary="One story, as readers may see it now",
)
def get_article(
    request,
    slug: str,
    fields: str | None = Query(None, description="Comma-separated properties to keep."),
    format: Format | None = Query(None, description="ninjs (default) or json."),
):
    params.check_known(request, DETAIL_PARAMS)
    output = params.output_format(format)
    wanted = _fields(output, fields)
    value = params.slug("slug", slug)

    def build():
        found = fetch_items(Article.objects.published().filter(slug=value), 1)
        if not found:
            if Article.objects.filter(slug=value, status=Status.KILLED).exists():
                raise ApiProblem(410, "gone", f"The story “{value}” was withdrawn.")
            raise ApiProblem(404, "not-found", f"No story readers may see has the slug “{value}”.")
        return render([visible(found[0])], output, wanted)[0]

    return cached(request, build, listing=False)
