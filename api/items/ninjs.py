"""NINJS 2.1 items (IPTC, https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json).

NINJS 2 replaced 1.x's ``headline``, ``description_text``, ``body_html``, ``byline`` and
``subject`` with ``headlines``, ``descriptions``, ``bodies``, ``by`` and ``subjects`` (and
allows no other properties), so those are what we emit: the main headline, our summary
(role ``summary``), the visible body as HTML (role ``main`` for the full text, ``excerpt``
for an excerpt with its call to action, ``link`` for the link alone), tags and companies as
``subjects`` (companies also as ``organisations``), the lead image as an association.
"""

from __future__ import annotations

from articles.models import Origin
from articles.rights.decision import EXCERPT, FULL

from .common import (
    Visible,
    authors_of,
    byline,
    companies_of,
    iso,
    item_uri,
    lead_image_of,
    site_url,
)
from .terms import copyright_holder, copyright_notice, rights_link, usage_terms

STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
FIELDS = (
    "uri",
    "standard",
    "type",
    "representationtype",
    "version",
    "firstcreated",
    "versioncreated",
    "pubstatus",
    "language",
    "slugline",
    "headlines",
    "descriptions",
    "bodies",
    "by",
    "people",
    "subjects",
    "organisations",
    "infosources",
    "associations",
    "renditions",
    "altids",
    "copyrightholder",
    "copyrightnotice",
    "usageterms",
    "rightsinfo",
)


def _text(role: str, value: str, contenttype: str = "text/plain") -> dict:
    return {"role": role, "contenttype": contenttype, "value": value}


def ninjs_item(view: Visible, *, language: str) -> dict:
    """The NINJS item for a story readers may see (in full, as an excerpt or as a link)."""
    article, decision = view.article, view.decision
    page = site_url("articles:detail", article.slug)
    descriptions = []
    if decision.summary:
        descriptions.append(_text("summary", decision.summary))
    if view.snippet:
        descriptions.append(_text("snippet", view.snippet, "text/html"))
    descriptions.extend(
        _text("correction", f"{correction.corrected_at:%Y-%m-%d}: {correction.text}")
        for correction in article.api_corrections
    )
    if decision.visibility == FULL:
        bodies = [_text("main", view.body_html, "text/html")]
    elif decision.visibility == EXCERPT:
        bodies = [_text("excerpt", view.body_html, "text/html")]
    else:
        link = view.call_to_action_html
        bodies = [_text("link", link, "text/html")] if link else []
    people = authors_of(article)
    tags = article.api_tags
    companies = companies_of(article)
    subjects = [
        {"name": t.name, "uri": site_url("articles:tag", t.slug), "literal": t.slug, "rel": "tag"}
        for t in tags
    ] + [
        {
            "name": c.name,
            "uri": site_url("companies:detail", c.slug),
            "literal": c.slug,
            "rel": "about" if i == 0 else "mentions",
        }
        for i, c in enumerate(companies)
    ]
    organisations = []
    for i, company in enumerate(companies):
        entry = {
            "name": company.name,
            "uri": site_url("companies:detail", company.slug),
            "literal": company.slug,
            "rel": "about" if i == 0 else "mentions",
        }
        if company.ticker:
            entry["symbols"] = [
                {
                    "ticker": company.ticker,
                    **({"exchange": company.exchange} if company.exchange else {}),
                }
            ]
        organisations.append(entry)
    infosources = []
    if article.origin == Origin.PARTNER and article.source_id:
        source = {"name": article.source.name, "role": "originator", "literal": article.source.slug}
        if article.source.homepage:
            source["uri"] = article.source.homepage
        infosources.append(source)
    altids = [{"role": "slug", "value": article.slug}, {"role": "web", "value": page}]
    if article.original_url and article.origin == Origin.PARTNER:
        altids.append({"role": "original", "value": article.original_url})
    item = {
        "uri": item_uri("article", article.pk),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full" if decision.visibility == FULL else "partial",
        "version": str(article.version),
        "firstcreated": iso(article.publish_at),
        "versioncreated": iso(article.updated_at),
        "pubstatus": "usable",
        "language": language,
        "slugline": article.slug,
        "headlines": [_text("main", article.headline)],
        "descriptions": descriptions,
        "bodies": bodies,
        "by": byline(people),
        "people": [
            {"name": p["name"], "rel": "author", **({"uri": p["url"]} if p["url"] else {})}
            for p in people
        ],
        "subjects": subjects,
        "organisations": organisations,
        "infosources": infosources,
        "associations": [a for a in [_lead_image(view)] if a],
        "renditions": [
            {"name": "web", "href": page, "contenttype": "text/html", "title": article.headline}
        ],
        "altids": altids,
        "copyrightholder": copyright_holder(article),
        "copyrightnotice": copyright_notice(article),
        "usageterms": usage_terms(article, decision),
        "rightsinfo": {"linkedrights": rights_link(article, decision)},
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def _lead_image(view: Visible) -> dict | None:
    image = lead_image_of(view)
    if image is None:
        return None
    renditions = [
        {
            "name": f"{r.width}w-{r.format}",
            "href": r.url,
            "contenttype": r.mime_type,
            "width": r.width,
            "height": r.height,
        }
        for r in view.article.api_renditions
    ]
    descriptions = [
        _text(role, value)
        for role, value in (("alt", image.alt_text), ("caption", image.caption))
        if value
    ]
    item = {
        "name": "leadimage",
        "uri": item_uri("image", image.pk),
        "type": "picture",
        "descriptions": descriptions,
        "by": image.credit,
        "renditions": renditions,
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def tombstone(*, article_pk: int, version: int, at, killed: bool) -> dict:
    """What subscribers get when a story leaves readers: its identity and why, nothing else
    (``withheld``: unpublished or no longer visible; ``canceled``: killed)."""
    return {
        "uri": item_uri("article", article_pk),
        "standard": STANDARD,
        "type": "text",
        "version": str(version),
        "versioncreated": iso(at),
        "pubstatus": "canceled" if killed else "withheld",
    }


def trim(item: dict, fields: list[str] | None) -> dict:
    """Only the ``fields`` asked for (``uri``, NINJS's one required property, always)."""
    if not fields:
        return item
    keep = {"uri", *fields}
    return {key: value for key, value in item.items() if key in keep}
