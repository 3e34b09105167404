"""The credit a reprint rule asks for, as text and HTML, and the rights metadata that goes with a
page.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    Article,
    ReprintRule,
)
from articles.rights.decision import NOTHING, Decision


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return ""


# --- Rendering the credit -----------------------------------------------------------------


def _values(article: Article, rule: ReprintRule) -> dict[str, str]:
    source_name = article.source.name if article.source_id else article.copyright_holder
    return {
        "author": article.original_author or "unknown author",
        "source": source_name or "the original publisher",
        "url": article.original_url or (article.source.homepage if article.source_id else ""),
        "title": article.headline,
        "license": rule.license_spdx,
    }


def render_attribution(article: Article, rule: ReprintRule | None = None) -> tuple[str, SafeString]:
    """The rule's credit line as plain text and as HTML with the source URL and licence linked."""
    rule = rule or article.rule
    if rule is None or not rule.attribution_template:
        return "", mark_safe("")
    values = _values(article, rule)
    text = rule.attribution_template.format_map(_Missing(values))
    html_values = {key: escape(value) for key, value in values.items()}
    if values["url"]:
        html_values["url"] = format_html('<a href="{}">{}</a>', values["url"], values["url"])
    if values["license"] and rule.license_url:
        html_values["license"] = format_html(
            '<a rel="license" href="{}">{}</a>', rule.license_url, values["license"]
        )
    rendered = escape_template(rule.attribution_template).format_map(_Missing(html_values))
    return text, mark_safe(rendered)


def escape_template(template: str) -> str:
    """Escape the template's own text while leaving its {placeholders} intact."""
    return escape(template).replace("&#x27;", "'")


def _call_to_action(article: Article, rule: ReprintRule) -> tuple[str, str]:
    values = _values(article, rule)
    return rule.excerpt_cta_template.format_map(_Missing(values)), values["url"]


def image_credit_line(article: Article) -> str:
    credits = [c.get("credit", "") for c in article.image_credits if c.get("credit")]
    return ("Photos: " + "; ".join(dict.fromkeys(credits)) + ".") if credits else ""


def rights_metadata(article: Article, decision: Decision) -> dict:
    """schema.org rights fields for the article's JSON-LD (empty when readers see nothing)."""
    if decision.visibility == NOTHING:
        return {}
    data = {}
    if article.original_url:
        data["isBasedOn"] = article.original_url
    if article.copyright_holder:
        data["copyrightHolder"] = {"@type": "Organization", "name": article.copyright_holder}
    if article.copyright_notice:
        data["copyrightNotice"] = article.copyright_notice
    if decision.attribution:
        data["creditText"] = decision.attribution
    if decision.license_url or decision.license_spdx:
        data["license"] = decision.license_url or decision.license_spdx
    return data
