"""What both item formats share: the queryset that fetches everything an item shows in a
fixed number of queries, absolute URLs, and the parts of a story readers may see now."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from taggit.models import TaggedItem

from articles.models import Article, ArticleAuthor, Correction, Rendition
from articles.rights.decision import EXCERPT, FULL, LINK_ONLY, NOTHING, Decision
from articles.rights.engine import decide
from articles.rights.excerpts import visible_body_html
from companies.models import Mention

_PLACEHOLDER = "SLUG-PLACEHOLDER"


@dataclass(frozen=True)
class Ref:
    name: str
    slug: str
    ticker: str = ""
    exchange: str = ""


@dataclass(frozen=True)
class CorrectionRef:
    corrected_at: datetime
    text: str


@dataclass(frozen=True)
class RenditionRef:
    name: str
    width: int
    height: int
    format: str

    @property
    def url(self) -> str:
        return absolute(default_storage.url(self.name))

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"


def fetch_items(queryset: QuerySet, limit: int | None = None) -> list[Article]:
    """The stories of ``queryset`` (at most ``limit``) with everything an item shows: one
    query for the stories and one per kind of related row, as plain values. (Prefetching
    model instances cost more than the rest of a list request: taggit builds a queryset
    per story even when the tags were prefetched.)"""
    queryset = queryset.select_related("source", "rule", "lead_image")
    rows = list(queryset[:limit] if limit is not None else queryset)
    ids = [article.pk for article in rows]
    if not ids:
        return rows
    tags, companies, people, corrections, renditions = (defaultdict(list) for _ in range(5))
    content_type = ContentType.objects.get_for_model(Article).pk
    for article_id, name, slug in (
        TaggedItem.objects.filter(content_type_id=content_type, object_id__in=ids)
        .order_by("tag__name")
        .values_list("object_id", "tag__name", "tag__slug")
    ):
        tags[article_id].append(Ref(name, slug))
    for article_id, *company in (
        Mention.objects.filter(article_id__in=ids)
        .order_by("first_position", "id")
        .values_list(
            "article_id", "company__name", "company__slug", "company__ticker", "company__exchange"
        )
    ):
        companies[article_id].append(Ref(*company))
    for article_id, name, slug in (
        ArticleAuthor.objects.filter(article_id__in=ids)
        .order_by("order", "id")
        .values_list("article_id", "author__name", "author__slug")
    ):
        people[article_id].append(Ref(name, slug))
    for article_id, at, text in (
        Correction.objects.filter(article_id__in=ids)
        .order_by("corrected_at", "id")
        .values_list("article_id", "corrected_at", "text")
    ):
        corrections[article_id].append(CorrectionRef(at, text))
    image_ids = {article.lead_image_id for article in rows if article.lead_image_id}
    if image_ids:
        for image_id, *rendition in (
            Rendition.objects.filter(image_id__in=image_ids)
            .order_by("format", "width")
            .values_list("image_id", "file", "width", "height", "format")
        ):
            renditions[image_id].append(RenditionRef(*rendition))
    for article in rows:
        article.api_tags = tags[article.pk]
        article.api_companies = companies[article.pk]
        article.api_people = people[article.pk]
        article.api_corrections = corrections[article.pk]
        article.api_renditions = renditions[article.lead_image_id] if article.lead_image_id else []
    return rows


@lru_cache(maxsize=16)
def _pattern(name: str, origin: str) -> str:
    return origin.rstrip("/") + reverse(name, kwargs={"slug": _PLACEHOLDER})


def site_url(name: str, slug: str) -> str:
    """The absolute URL of a public page (``articles:detail``, ``articles:tag``, …)."""
    return _pattern(name, settings.SITE_URL).replace(_PLACEHOLDER, slug)


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def item_uri(kind: str, pk: int) -> str:
    return f"{settings.API_ITEM_URI_PREFIX}:{kind}:{pk}"


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


@dataclass
class Visible:
    """What readers may see of one story now, worked out once for either format."""

    article: Article
    decision: Decision
    body_html: str
    snippet: str = ""

    @property
    def shows_anything(self) -> bool:
        return self.decision.visibility != NOTHING

    @property
    def shows_text(self) -> bool:
        return self.decision.visibility in (FULL, EXCERPT)

    @property
    def link_only(self) -> bool:
        return self.decision.visibility == LINK_ONLY

    @property
    def call_to_action_html(self) -> str:
        if not self.decision.cta_url:
            return ""
        return format_html(
            '<p class="excerpt-cta"><a href="{}">{}</a></p>',
            self.decision.cta_url,
            self.decision.cta_text or self.decision.cta_url,
        )


def visible(article: Article, *, at=None, snippet: str = "") -> Visible:
    decision = decide(article, at)
    return Visible(
        article=article,
        decision=decision,
        body_html=visible_body_html(article, decision) if decision.visibility != NOTHING else "",
        snippet=snippet,
    )


def authors_of(article: Article) -> list[dict]:
    """The bylines in order; a partner story without any credits its original author."""
    people = [
        {"name": p.name, "slug": p.slug, "url": site_url("editorial:author", p.slug)}
        for p in article.api_people
    ]
    if not people and article.original_author:
        people = [{"name": article.original_author, "slug": "", "url": ""}]
    return people


def byline(people: list[dict]) -> str:
    names = [p["name"] for p in people]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def companies_of(article: Article) -> list[Ref]:
    return article.api_companies


def lead_image_of(view: Visible):
    """The lead image, with its renditions, where readers see the story's text."""
    image = view.article.lead_image
    if image is None or not view.shows_text:
        return None
    return image
