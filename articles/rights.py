"""The one place that decides what readers may see of an article."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Article, Origin, Permission, Status
from .models.rights import FREELY_PUBLISHABLE

FULL = "full"
EXCERPT = "excerpt"
LINK_ONLY = "link_only"
NOTHING = "nothing"


@dataclass(frozen=True)
class Decision:
    visibility: str
    attribution: str = ""
    attribution_html: SafeString = field(default_factory=lambda: mark_safe(""))
    reasons: tuple[str, ...] = ()
    rule_id: int | None = None
    attribution_position: str = "bottom"  # "top" or "bottom"
    noindex: bool = False  # <meta name="robots" content="noindex">
    canonical_url: str = ""  # <link rel="canonical"> to the original, when the rule says so

    @property
    def may_publish(self) -> bool:
        return self.visibility != NOTHING


def render_attribution(article: Article) -> tuple[str, SafeString]:
    """The rule's credit line as plain text and as HTML with the source URL linked."""
    rule = article.rule
    if rule is None or not rule.attribution_template:
        return "", mark_safe("")
    source_name = article.source.name if article.source_id else article.copyright_holder
    values = {
        "author": article.original_author or "unknown author",
        "source": source_name or "the original publisher",
        "url": article.original_url or (article.source.homepage if article.source_id else ""),
        "title": article.headline,
    }
    text = rule.attribution_template.format_map(_Missing(values))
    html_values = {key: escape(value) for key, value in values.items()}
    if values["url"]:
        html_values["url"] = format_html('<a href="{}">{}</a>', values["url"], values["url"])
    html = mark_safe(escape_template(rule.attribution_template).format_map(_Missing(html_values)))
    return text, html


def escape_template(template: str) -> str:
    """Escape the template's own text while leaving its {placeholders} intact."""
    return escape(template).replace("&#x27;", "'")


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return ""


def rights_decision(article: Article) -> Decision:
    """What the reprint rule alone lets readers see, whatever the article's status."""
    if article.origin == Origin.STAFF:
        return Decision(FULL, reasons=("Staff story: no reprint rule applies.",))
    rule = article.rule
    if rule is None:
        return Decision(
            NOTHING,
            reasons=(
                "Partner story whose notice matches no reprint rule: an editor must classify it "
                "before anyone can publish it.",
            ),
        )
    text, html = render_attribution(article)
    if rule.permission in FREELY_PUBLISHABLE:
        return Decision(
            FULL,
            attribution=text,
            attribution_html=html,
            reasons=(f"Rule “{rule.name}” allows republishing ({rule.get_permission_display()}).",),
            rule_id=rule.pk,
        )
    if rule.permission == Permission.PERMISSION_REQUIRED:
        reason = (
            f"Rule “{rule.name}” requires the partner's permission, and no permission grant "
            "covers this story."
        )
    else:
        reason = f"Rule “{rule.name}” prohibits republishing."
    return Decision(
        NOTHING, attribution=text, attribution_html=html, reasons=(reason,), rule_id=rule.pk
    )


def decide(article: Article, at: datetime | None = None) -> Decision:
    """What readers may see of ``article`` at moment ``at``: the rights decision, further
    limited by the workflow status and publish time."""
    at = at or timezone.now()
    decision = rights_decision(article)
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        return _hidden(decision, f"Status is {article.get_status_display().lower()}.")
    if article.publish_at is None or article.publish_at > at:
        return _hidden(decision, "Publish time not reached.")
    return decision


def visible_body_html(article: Article, decision: Decision) -> str:
    """The body HTML readers may see under ``decision`` ("" unless full, for now)."""
    return article.body if decision.visibility == FULL else ""


def visible_text(article: Article, decision: Decision) -> str:
    """The plain text readers may see, for feeds, search snippets and summaries."""
    from .text import html_to_text

    return html_to_text(visible_body_html(article, decision))


def rights_metadata(article: Article, decision: Decision) -> dict:
    """schema.org rights fields for the article's JSON-LD."""
    data = {}
    if article.original_url:
        data["isBasedOn"] = article.original_url
    if article.copyright_holder:
        data["copyrightHolder"] = {"@type": "Organization", "name": article.copyright_holder}
    if article.copyright_notice:
        data["copyrightNotice"] = article.copyright_notice
    if decision.attribution:
        data["creditText"] = decision.attribution
    return data


def _hidden(decision: Decision, reason: str) -> Decision:
    return Decision(
        NOTHING,
        attribution=decision.attribution,
        attribution_html=decision.attribution_html,
        reasons=(*decision.reasons, reason),
        rule_id=decision.rule_id,
    )
