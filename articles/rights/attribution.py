"""The credit a reprint rule asks for, as text and HTML, and the rights metadata that goes with a
page.
"""

from __future__ import annotations

import logging

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.markup.templates import render_template, template_problems
from articles.models import (
    Article,
    ReprintRule,
)
from articles.models.rights import TEMPLATE_FIELDS
from articles.rights.decision import NOTHING, Decision

logger = logging.getLogger(__name__)

# A credit for a rule whose stored template names nothing readers could be credited with
# (saved before templates were checked): the partner and the link, never no credit at all.
FALLBACK_CREDIT = "From {source}: {url}"
TEMPLATE_LABELS = {
    "attribution_template": "credit template",
    "excerpt_cta_template": "call to action",
}
_reported: set[tuple] = set()


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


def _template(rule: ReprintRule, field: str, values: dict[str, str]) -> str:
    """The rule's template, or the fallback credit when a broken one would credit nobody."""
    template = getattr(rule, field)
    text, problems = render_template(template, values)
    if not problems:
        return template
    key = (rule.pk, rule.version, field, template)
    if key not in _reported:  # once per process, not once per page
        _reported.add(key)
        logger.warning(
            "Reprint rule %s (v%s, id %s): its %s %r is broken (%s); rendering it leniently.",
            rule.name,
            rule.version,
            rule.pk,
            TEMPLATE_LABELS[field],
            template,
            " ".join(problems),
        )
    credited = [values[k] for k in ("author", "source", "url") if values[k]]
    if field == "attribution_template" and not any(v in text for v in credited):
        return FALLBACK_CREDIT
    return template


def rule_template_problems(rule: ReprintRule) -> list[str]:
    """For editors: what is wrong with the rule's stored templates (empty when nothing is)."""
    return [
        f"The rule's {label} “{getattr(rule, field)}” is broken, so readers see it filled in "
        f"as well as it can be; correct the rule: {' '.join(problems)}"
        for field, label in TEMPLATE_LABELS.items()
        if (problems := template_problems(getattr(rule, field), TEMPLATE_FIELDS))
    ]


def render_attribution(article: Article, rule: ReprintRule | None = None) -> tuple[str, SafeString]:
    """The rule's credit line as plain text and as HTML with the source URL and licence linked.
    Never raises, whatever template is stored."""
    rule = rule or article.rule
    if rule is None or not rule.attribution_template:
        return "", mark_safe("")
    values = _values(article, rule)
    template = _template(rule, "attribution_template", values)
    text, _ = render_template(template, values)
    html_values = {key: escape(value) for key, value in values.items()}
    if values["url"]:
        html_values["url"] = format_html('<a href="{}">{}</a>', values["url"], values["url"])
    if values["license"] and rule.license_url:
        html_values["license"] = format_html(
            '<a rel="license" href="{}">{}</a>', rule.license_url, values["license"]
        )
    # The template's own text is escaped as it is filled, and every value above already is.
    rendered, _ = render_template(template, html_values, literal=escape_template)
    return text, mark_safe(rendered)


def escape_template(template: str) -> str:
    """Escape a template's own text for HTML (apostrophes kept as they are)."""
    return escape(template).replace("&#x27;", "'")


def _call_to_action(article: Article, rule: ReprintRule) -> tuple[str, str]:
    values = _values(article, rule)
    text, _ = render_template(_template(rule, "excerpt_cta_template", values), values)
    return text, values["url"]


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
