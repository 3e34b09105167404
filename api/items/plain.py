"""Our own plainer JSON (``?format=json``): the same story, the same rights, flat names."""

from __future__ import annotations

from articles.models import Origin

from .common import (
    Visible,
    authors_of,
    byline,
    companies_of,
    iso,
    lead_image_of,
    site_url,
)
from .terms import copyright_holder, copyright_notice, usage_terms

FIELDS = (
    "id",
    "slug",
    "url",
    "headline",
    "summary",
    "body_html",
    "published_at",
    "updated_at",
    "version",
    "byline",
    "authors",
    "source",
    "tags",
    "companies",
    "lead_image",
    "corrections",
    "rights",
    "snippet",
)


def plain_item(view: Visible) -> dict:
    article, decision = view.article, view.decision
    people = authors_of(article)
    image = lead_image_of(view)
    body = view.body_html if view.shows_text else view.call_to_action_html
    item = {
        "id": article.pk,
        "slug": article.slug,
        "url": site_url("articles:detail", article.slug),
        "headline": article.headline,
        "summary": decision.summary,
        "body_html": body,
        "published_at": iso(article.publish_at),
        "updated_at": iso(article.updated_at),
        "version": article.version,
        "byline": byline(people),
        "authors": people,
        "source": (
            {
                "name": article.source.name,
                "slug": article.source.slug,
                "url": article.source.homepage,
            }
            if article.source_id
            else None
        ),
        "tags": [
            {"name": t.name, "slug": t.slug, "url": site_url("articles:tag", t.slug)}
            for t in article.api_tags
        ],
        "companies": [
            {"name": c.name, "slug": c.slug, "url": site_url("companies:detail", c.slug)}
            for c in companies_of(article)
        ],
        "lead_image": (
            {
                "alt_text": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
                "renditions": [
                    {
                        "url": r.url,
                        "width": r.width,
                        "height": r.height,
                        "type": r.mime_type,
                    }
                    for r in article.api_renditions
                ],
            }
            if image is not None
            else None
        ),
        "corrections": [
            {"date": iso(c.corrected_at), "text": c.text} for c in article.api_corrections
        ],
        "rights": {
            "visibility": decision.visibility,
            "origin": article.origin,
            "permission": article.permission,
            "license": decision.license_spdx,
            "license_url": decision.license_url,
            "attribution": decision.attribution,
            "original_url": article.original_url if article.origin == Origin.PARTNER else "",
            "copyright_holder": copyright_holder(article),
            "copyright_notice": copyright_notice(article),
            "usage_terms": usage_terms(article, decision),
            "call_to_action": (
                {"text": decision.cta_text, "url": decision.cta_url} if decision.cta_url else None
            ),
        },
    }
    if view.snippet:
        item["snippet"] = view.snippet
    return item


def trim(item: dict, fields: list[str] | None) -> dict:
    if not fields:
        return item
    keep = {"id", *fields}
    return {key: value for key, value in item.items() if key in keep}
