"""What search engines and social sites read about a page: JSON-LD, Open Graph, canonical.

Every text field comes from the article's own metadata or from what the rights decision
lets readers see; rights fields come from ``rights_metadata()``.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.models import Article, Origin
from articles.rights import excerpts
from articles.rights.attribution import rights_metadata
from articles.rights.decision import Decision
from newsroom.site_url import absolute_url

# Google's article structured data (and most social cards) keep 110 characters of a
# headline; the desk's headline box counts against it.
HEADLINE_LIMIT = 110

# The same escapes as django.utils.html.json_script: nothing in the data can close the tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def description(article: Article, decision: Decision, length: int = 200) -> str:
    """The dek, or the start of the visible text: never text the rule hides.

    Plain text, escaped where it is written (the template, JSON-LD): a partner's literal
    "<Tab>" or "a<b" is text, and stripping "tags" from it would delete words."""
    text = decision.summary or excerpts.visible_text(article, decision)
    return Truncator(" ".join(text.split())).chars(length)


# Absolute URLs come from SITE_URL (newsroom.site_url), never from the request: these pages
# are cached for every reader.
def default_image() -> str:
    return absolute_url(static("newsroom/og-default.png"))


def canonical_url(article: Article, decision: Decision) -> str:
    return decision.canonical_url or absolute_url(article.get_absolute_url())


def organization() -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(static("newsroom/logo.png"))},
    }


def news_article(article: Article, decision: Decision, *, tags, companies) -> dict:
    """schema.org NewsArticle for ``article``: companies as Organizations, rights fields too."""
    url = absolute_url(article.get_absolute_url())
    if article.original_author:
        author = {"@type": "Person", "name": article.original_author}
    elif article.origin == Origin.PARTNER and article.source_id:
        author = {"@type": "Organization", "name": article.source.name}
    else:
        author = {"@type": "Organization", "name": settings.SITE_NAME}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url(article, decision)},
        "url": url,
        "headline": Truncator(article.headline).chars(HEADLINE_LIMIT),
        "description": description(article, decision),
        "datePublished": article.publish_at.isoformat() if article.publish_at else None,
        "dateModified": article.updated_at.isoformat(),
        "author": [author],
        "publisher": organization(),
        "image": [default_image()],
        "keywords": [tag.name for tag in tags],
        "isAccessibleForFree": True,
    }
    orgs = [
        {
            "@type": "Organization",
            "name": company.name,
            "url": absolute_url(company.get_absolute_url()),
            **({"sameAs": company.website} if company.website else {}),
        }
        for company in companies
    ]
    if orgs:
        # The first company the story names is what it is about; the rest are mentions.
        data["about"] = orgs[:1]
        if orgs[1:]:
            data["mentions"] = orgs[1:]
    if article.source_id:
        data["sourceOrganization"] = {
            "@type": "Organization",
            "name": article.source.name,
            **({"url": article.source.homepage} if article.source.homepage else {}),
        }
    data.update(rights_metadata(article, decision))
    return {key: value for key, value in data.items() if value not in (None, [], "")}
