"""Template helpers that render only what the reprint rule lets readers see."""

import json

from django import template
from django.utils.safestring import mark_safe

from articles.markup.text import html_to_text, lede
from articles.rights import engine, excerpts
from articles.rights.attribution import rights_metadata
from articles.rights.decision import EXCERPT, FULL
from newsroom.site_url import absolute_url

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def reader_dek(article) -> str:
    """The standfirst readers may see: ours always, the partner's only with the full text."""
    return engine.decide(article).summary


@register.filter
def standfirst(article, words: int = 40) -> str:
    """What lists show under a headline: the standfirst readers may see, else the opening
    words of the text readers may read (nothing for a story shown as a link only)."""
    decision = engine.decide(article)
    if decision.summary:
        return decision.summary
    if decision.visibility not in (FULL, EXCERPT):
        return ""
    text = html_to_text(excerpts.visible_body_html(article, decision))
    return lede(text, words=int(words), skip=article.headline)


@register.simple_tag
def rights_jsonld(article, decision) -> str:
    """schema.org NewsArticle JSON-LD carrying the rights fields the decision allows."""
    if decision.visibility == "nothing":
        return ""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        # From SITE_URL, never the request's Host (the page may be cached for everyone).
        "url": absolute_url(article.get_absolute_url()),
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
    if article.original_author:
        data["author"] = {"@type": "Person", "name": article.original_author}
    data.update(rights_metadata(article, decision))
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
