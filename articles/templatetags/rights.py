"""Template helpers that render only what the reprint rule lets readers see."""

import json

from django import template
from django.utils.safestring import mark_safe

from articles.rights import engine
from articles.rights.attribution import rights_metadata

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def reader_dek(article) -> str:
    """The standfirst readers may see: ours always, the partner's only with the full text."""
    return engine.decide(article).summary


@register.simple_tag(takes_context=True)
def rights_jsonld(context, article, decision) -> str:
    """schema.org NewsArticle JSON-LD carrying the rights fields the decision allows."""
    if decision.visibility == "nothing":
        return ""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
    }
    if request is not None:
        data["url"] = request.build_absolute_uri(article.get_absolute_url())
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
    if article.original_author:
        data["author"] = {"@type": "Person", "name": article.original_author}
    data.update(rights_metadata(article, decision))
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
