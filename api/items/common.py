"""What both item formats share: the queryset that fetches everything an item shows in a
fixed number of queries, absolute URLs, and the parts of a story readers may see now."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from articles.models import Article, ArticleAuthor, Correction, Rendition
from articles.rights.decision import EXCERPT, FULL, LINK_ONLY, NOTHING, Decision
from articles.rights.engine import decide
from articles.rights.excerpts import visible_body_html
from companies.models import Mention

_PLACEHOLDER = "SLUG-PLACEHOLDER"


def with_item_data(queryset: QuerySet) -> QuerySet:
    """``queryset`` with what an item shows, fetched in one query per relation."""
    return queryset.select_related("source", "rule", "lead_image").prefetch_related(
        "tags",
        Prefetch("mentions", queryset=Mention.objects.select_related("company")),
        Prefetch(
            "bylines", queryset=ArticleAuthor.objects.select_related("author").order_by("order")
        ),
        Prefetch("corrections", queryset=Correction.objects.order_by("corrected_at", "id")),
        Prefetch(
            "lead_image__renditions",
            queryset=Rendition.objects.order_by("format", "width"),
        ),
    )


@lru_cache(maxsize=16)
def _pattern(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"slug": _PLACEHOLDER})


def site_url(name: str, slug: str) -> str:
    """The absolute URL of a public page (``articles:detail``, ``articles:tag``, …)."""
    return _pattern(name).replace(_PLACEHOLDER, slug)


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
        from django.utils.html import format_html

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
        {
            "name": b.author.name,
            "slug": b.author.slug,
            "url": site_url("editorial:author", b.author.slug),
        }
        for b in article.bylines.all()
    ]
    if not people and article.original_author:
        people = [{"name": article.original_author, "slug": "", "url": ""}]
    return people


def byline(people: list[dict]) -> str:
    names = [p["name"] for p in people]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def companies_of(article: Article) -> list:
    return [mention.company for mention in article.mentions.all()]


def lead_image_of(view: Visible):
    """The lead image, with its renditions, where readers see the story's text."""
    image = view.article.lead_image
    if image is None or not view.shows_text:
        return None
    return image
