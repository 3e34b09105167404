"""The usage terms of an item in words, and its NINJS ``rightsinfo``: a downstream system
must be able to tell, without knowing our rules, that it may not redistribute a story."""

from django.conf import settings

from articles.models import Article, Origin, Permission
from articles.rights.decision import EXCERPT, FULL, LINK_ONLY, Decision


def usage_terms(article: Article, decision: Decision) -> str:
    site = settings.SITE_NAME
    if article.origin == Origin.STAFF:
        return (
            f"Our own reporting, © {site}. Link to it and quote it briefly with credit; "
            "ask us before republishing it."
        )
    owner = article.source.name if article.source_id else article.copyright_holder
    owner = owner or "the original publisher"
    permission = article.rule.permission if article.rule_id else ""
    if (
        decision.visibility == FULL
        and permission == Permission.OPEN_LICENSE
        and (decision.license_spdx or decision.license_url)
    ):
        licence = " ".join(filter(None, [decision.license_spdx, decision.license_url]))
        credit = f" Credit: {decision.attribution}" if decision.attribution else ""
        return f"Republished under the licence {licence}; reuse only under its terms.{credit}"
    if decision.visibility == FULL:
        return (
            f"Republished under {owner}'s terms for our readers only; do not reuse. "
            "Ask the partner for permission."
        )
    if decision.visibility == EXCERPT:
        return (
            f"An excerpt of a story by {owner}, shown under the partner's terms; do not reuse. "
            f"The full story: {decision.cta_url or article.original_url}"
        ).strip()
    if decision.visibility == LINK_ONLY:
        return (
            f"The story belongs to {owner}: only its headline, our own summary and a link are "
            "shown; do not reuse."
        )
    return "Not available to readers."


def rights_link(article: Article, decision: Decision) -> str:
    """Where the rights are stated: the licence, else the partner's original, else our site."""
    return (
        decision.license_url
        or (article.original_url if article.origin == Origin.PARTNER else "")
        or settings.SITE_URL.rstrip("/") + "/"
    )


def copyright_holder(article: Article) -> str:
    if article.origin == Origin.STAFF:
        return settings.SITE_NAME
    return article.copyright_holder or (article.source.name if article.source_id else "")


def copyright_notice(article: Article) -> str:
    if article.origin == Origin.STAFF:
        year = (article.publish_at or article.created_at).year
        return f"© {year} {settings.SITE_NAME}"
    return article.copyright_notice
