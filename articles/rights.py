"""The one place that decides what readers may see of an article, and renders it.

``decide(article, at)`` is the decision; ``visible_body_html``, ``visible_text`` and
``rights_metadata`` render only what the decision allows. Every public surface goes through
them, and through ``Article.objects.published()``, which asks the same questions in SQL.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import (
    Article,
    AttributionPosition,
    Edits,
    ImageReuse,
    Origin,
    Permission,
    PermissionGrant,
    ReprintRule,
    SearchEngines,
    Status,
)
from .models.rights import in_force_by_key
from .notices import NoticeMatch, RulePatterns, match_notice
from .text import html_to_text

FULL = "full"
EXCERPT = "excerpt"
LINK_ONLY = "link_only"
NOTHING = "nothing"
# From most to least visible.
VISIBILITY_ORDER = (FULL, EXCERPT, LINK_ONLY, NOTHING)


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
    rule_version: int | None = None
    rule_name: str = ""
    grant_id: int | None = None
    license_spdx: str = ""
    license_url: str = ""
    cta_text: str = ""  # the call to action on excerpt and link-only pages
    cta_url: str = ""
    excerpt_max_words: int = 0
    excerpt_max_paragraphs: int = 0
    images: str = ImageReuse.REUSABLE
    summary: str = ""  # the standfirst readers may see: ours, never the partner's words

    @property
    def may_publish(self) -> bool:
        """An editor may publish the article: readers would see something of it."""
        return self.visibility != NOTHING

    @property
    def may_autopublish(self) -> bool:
        """The importer may publish it unattended: readers would see the full text."""
        return self.visibility == FULL

    @property
    def explanation(self) -> str:
        return " ".join(self.reasons)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return ""


# --- The rule that governs an article -----------------------------------------------------


def match_rule(notice: str, at: datetime | None = None) -> tuple[ReprintRule | None, NoticeMatch]:
    """The rule version in force at ``at`` whose patterns match ``notice`` first (by priority)."""
    rules = list(ReprintRule.objects.in_force(at).select_related("source").order_by("priority"))
    found = match_notice(
        notice or "", [RulePatterns(key=r.pk, patterns=tuple(r.pattern_list)) for r in rules]
    )
    rule = next((r for r in rules if found and r.pk == found.key), None)
    return rule, found


class RuleVersions:
    """Every version of every reprint rule, read in one query: a snapshot that answers
    ``in_force_version`` without a query per call, for a caller that knows the rules cannot
    change while it holds the snapshot (the importer, inside one short write transaction)."""

    def __init__(self, rules: Iterable[ReprintRule] | None = None) -> None:
        if rules is None:
            rules = ReprintRule.objects.select_related("source")
        self._by_key: dict[str, list[ReprintRule]] = {}
        for rule in rules:
            self._by_key.setdefault(rule.key, []).append(rule)

    def in_force(self, key: str, at: datetime | None = None) -> ReprintRule | None:
        """What ``ReprintRule.objects.in_force(at).filter(key=key)`` would return first."""
        return in_force_by_key(self._by_key.get(key, ()), at or timezone.now()).get(key)


_rule_versions: ContextVar[RuleVersions | None] = ContextVar("rule_versions", default=None)


@contextmanager
def rule_versions_cached(versions: RuleVersions) -> Iterator[None]:
    """Within the block, ``in_force_version`` answers from ``versions`` instead of querying.

    The caller must make sure no rule can change meanwhile (or accept the snapshot's age)."""
    token = _rule_versions.set(versions)
    try:
        yield
    finally:
        _rule_versions.reset(token)


def in_force_version(rule: ReprintRule, at: datetime | None = None) -> ReprintRule | None:
    """The version of ``rule`` (any of its versions) that applies at ``at``, if any."""
    cached = _rule_versions.get()
    if cached is not None:
        return cached.in_force(rule.key, at)
    return (
        ReprintRule.objects.in_force(at)
        .filter(key=rule.key)
        .select_related("source")
        .order_by("-valid_from", "-version")
        .first()
    )


def effective_rule(article: Article, at: datetime | None = None) -> tuple[ReprintRule, str]:
    """The version that governs ``article`` at ``at``, and why, if not the pinned one.

    The article keeps the version it was decided under, unless the version in force now is
    stricter: a stricter rule applies to published articles from the moment it takes effect.
    """
    pinned = article.rule
    annotated = getattr(article, "rights_in_force_id", None) if at is None else None
    if annotated is not None:
        current = pinned if annotated == pinned.pk else _rule_by_pk(annotated)
    else:
        current = in_force_version(pinned, at)
    if current is None or current.pk == pinned.pk or not current.is_stricter_than(pinned):
        return pinned, ""
    terms = "; ".join(current.stricter_terms(pinned)) or "stricter terms"
    note = (
        f"The story was decided under v{pinned.version}, but v{current.version} of the rule "
        f"(in force since {timezone.localtime(current.valid_from):%Y-%m-%d %H:%M}) is stricter "
        f"({terms}) and applies from that moment."
    )
    return current, note


def noindex_rule_ids(at: datetime | None = None) -> set[int]:
    """Ids of the rule versions whose stories ``decide()`` would mark noindex at ``at``: the
    version itself asks for it, or a stricter version of the same rule in force does (as in
    ``effective_rule``). Lets sitemaps filter in SQL instead of deciding story by story."""
    at = at or timezone.now()
    versions = list(ReprintRule.objects.all())
    in_force = in_force_by_key(versions, at)
    found = set()
    for pinned in versions:
        current = in_force.get(pinned.key)
        effective = (
            current
            if current is not None and current.pk != pinned.pk and current.is_stricter_than(pinned)
            else pinned
        )
        if effective.search_engines == SearchEngines.NOINDEX:
            found.add(pinned.pk)
    return found


def _rule_by_pk(pk: int) -> ReprintRule | None:
    return ReprintRule.objects.select_related("source").filter(pk=pk).first()


def covering_grant(article: Article, at: datetime | None = None) -> PermissionGrant | None:
    """A permission grant valid at ``at`` that covers ``article``, if any."""
    if at is None and getattr(article, "rights_granted", None) is False:
        return None  # published() already asked
    if article.pk is None:
        return None
    return PermissionGrant.objects.covering(article, at).order_by("expires_at").first()


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
    return text, mark_safe(rendered)  # noqa: S308 — every value above is escaped


def escape_template(template: str) -> str:
    """Escape the template's own text while leaving its {placeholders} intact."""
    return escape(template).replace("&#x27;", "'")


def _call_to_action(article: Article, rule: ReprintRule) -> tuple[str, str]:
    values = _values(article, rule)
    return rule.excerpt_cta_template.format_map(_Missing(values)), values["url"]


# --- The decision -------------------------------------------------------------------------


def rights_decision(article: Article, at: datetime | None = None) -> Decision:
    """What the reprint rule alone lets readers see at ``at``, whatever the article's status."""
    if article.origin == Origin.STAFF:
        return Decision(
            FULL, reasons=("Staff story: no reprint rule applies.",), summary=article.dek
        )
    if article.rule_id is None:
        return Decision(
            NOTHING,
            reasons=(
                "Partner story whose notice matches no reprint rule: an editor must classify it "
                "(choose or create a rule) before anyone can publish it.",
            ),
        )
    rule, stricter_note = effective_rule(article, at)
    text, attribution_html = render_attribution(article, rule)
    cta_text, cta_url = _call_to_action(article, rule)
    label = f"Rule “{rule.name}” (v{rule.version})"
    reasons = [stricter_note] if stricter_note else []
    grant = None

    if rule.permission in (Permission.OPEN_LICENSE, Permission.ATTRIBUTION_REQUIRED):
        visibility = FULL
        reasons.append(f"{label} allows republishing ({rule.get_permission_display()}).")
    elif rule.permission == Permission.EXCERPT_ONLY:
        visibility = EXCERPT
        reasons.append(
            f"{label} allows an excerpt only: at most {rule.excerpt_max_words} words in "
            f"{rule.excerpt_max_paragraphs} paragraph(s), with a link to the original."
        )
    elif rule.permission == Permission.PERMISSION_REQUIRED:
        grant = covering_grant(article, at)
        if grant is not None:
            visibility = FULL
            expiry = (
                f"until {timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M}"
                if grant.expires_at
                else "with no expiry"
            )
            reasons.append(
                f"{label} requires the partner's permission; grant “{grant.reference}” from "
                f"{grant.granted_by} covers this story {expiry}."
            )
        else:
            visibility = LINK_ONLY
            reasons.append(
                f"{label} requires the partner's permission, and no permission grant covers "
                "this story: readers see at most the headline, our own summary and a link."
            )
    else:
        visibility = NOTHING
        reasons.append(f"{label} prohibits republishing.")

    if visibility != NOTHING and rule.link_back_required and not article.original_url:
        visibility = NOTHING
        reasons.append(
            f"{label} requires a link back to the original, and the story has no original URL."
        )

    if visibility in (LINK_ONLY, NOTHING):
        # Nothing of theirs is republished, so no "republished from" credit; the link is it.
        text, attribution_html = "", mark_safe("")
    search = rule.search_engines
    return Decision(
        visibility,
        attribution=text,
        attribution_html=attribution_html,
        attribution_position=rule.attribution_position or AttributionPosition.BOTTOM,
        reasons=tuple(reasons),
        rule_id=rule.pk,
        rule_version=rule.version,
        rule_name=rule.name,
        grant_id=grant.pk if grant else None,
        noindex=search == SearchEngines.NOINDEX,
        canonical_url=article.original_url if search == SearchEngines.CANONICAL else "",
        license_spdx=rule.license_spdx,
        license_url=rule.license_url,
        cta_text=cta_text if visibility in (EXCERPT, LINK_ONLY) and cta_url else "",
        cta_url=cta_url if visibility in (EXCERPT, LINK_ONLY) else "",
        excerpt_max_words=rule.excerpt_max_words,
        excerpt_max_paragraphs=rule.excerpt_max_paragraphs,
        images=rule.images,
        summary=article.dek if visibility == FULL else own_summary(article),
    )


def decide(article: Article, at: datetime | None = None) -> Decision:
    """What readers may see of ``article`` at moment ``at``: the rights decision, further
    limited by the workflow status and publish time."""
    decision = rights_decision(article, at)
    at = at or timezone.now()
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        return _hidden(decision, f"Status is {article.get_status_display().lower()}.")
    if article.publish_at is None or article.publish_at > at:
        return _hidden(decision, "Publish time not reached.")
    return decision


def _hidden(decision: Decision, reason: str) -> Decision:
    return Decision(
        NOTHING,
        attribution=decision.attribution,
        attribution_html=decision.attribution_html,
        attribution_position=decision.attribution_position,
        reasons=(*decision.reasons, reason),
        rule_id=decision.rule_id,
        rule_version=decision.rule_version,
        rule_name=decision.rule_name,
        grant_id=decision.grant_id,
    )


# --- What readers see ---------------------------------------------------------------------

_BLOCK = re.compile(r"<(p|h[1-6]|blockquote|ul|ol|figure|pre)\b[^>]*>.*?</\1>", re.S | re.I)
_IMAGE = re.compile(
    r"<figure\b.*?</figure>|<picture\b.*?</picture>|<img\b[^>]*>", re.S | re.IGNORECASE
)


def excerpt_paragraphs(body: str, *, max_words: int, max_paragraphs: int) -> list[str]:
    """The opening paragraphs of ``body`` as plain text, within both limits."""
    paragraphs = []
    words_left = max_words
    for match in _BLOCK.finditer(body or ""):
        if match.group(1).lower() != "p":
            continue  # headings, quotes and figures are not part of an excerpt
        words = html_to_text(match.group(0)).split()
        if not words:
            continue
        if len(paragraphs) >= max_paragraphs or words_left <= 0:
            break
        if len(words) > words_left:
            paragraphs.append(" ".join(words[:words_left]) + " …")
            words_left = 0
        else:
            paragraphs.append(" ".join(words))
            words_left -= len(words)
    return paragraphs


def visible_body_html(article: Article, decision: Decision) -> str:
    """The body HTML readers may see under ``decision``: the full body (without images the
    rule forbids), the excerpt within its limits plus the call to action, or ""."""
    if decision.visibility == FULL:
        body = article.body
        if article.origin == Origin.PARTNER:
            if decision.images == ImageReuse.NOT_REUSABLE:
                body = _IMAGE.sub("", body)
            elif decision.images == ImageReuse.WITH_CREDIT and _IMAGE.search(body):
                credits = image_credit_line(article)
                if credits:
                    body += format_html('\n<p class="image-credit">{}</p>', credits)
        return body
    if decision.visibility == EXCERPT:
        paragraphs = excerpt_paragraphs(
            article.body,
            max_words=decision.excerpt_max_words,
            max_paragraphs=decision.excerpt_max_paragraphs,
        )
        parts = [format_html("<p>{}</p>", p) for p in paragraphs]
        if decision.cta_url:
            parts.append(
                format_html(
                    '<p class="excerpt-cta"><a href="{}">{}</a></p>',
                    decision.cta_url,
                    decision.cta_text,
                )
            )
        return "\n".join(parts)
    return ""


def image_credit_line(article: Article) -> str:
    credits = [c.get("credit", "") for c in article.image_credits if c.get("credit")]
    return ("Photos: " + "; ".join(dict.fromkeys(credits)) + ".") if credits else ""


def visible_text(article: Article, decision: Decision) -> str:
    """The plain text readers may see, for feeds, search snippets and summaries."""
    text = html_to_text(visible_body_html(article, decision))
    if decision.visibility == EXCERPT and decision.cta_url:
        text = f"{text} ({decision.cta_url})" if text else decision.cta_url
    return text


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


_WORD = re.compile(r"\w+")
_SHINGLE = 6


def own_summary(article: Article) -> str:
    """The standfirst if it is in our own words: it shares no run of six words with the
    partner's text (and, if shorter, is not found in it). Otherwise ""."""
    dek = (article.dek or "").strip()
    if not dek:
        return ""
    partner = " ".join(
        [
            article.raw_text,
            article.body,
            str((article.imported_values or {}).get("dek", "")),
        ]
    )
    partner_words = [w.lower() for w in _WORD.findall(html_to_text(partner))]
    dek_words = [w.lower() for w in _WORD.findall(html.unescape(dek))]
    if len(dek_words) < _SHINGLE:
        joined = " ".join(partner_words)
        return "" if " ".join(dek_words) in joined else dek
    seen = {tuple(partner_words[i : i + _SHINGLE]) for i in range(len(partner_words))}
    for i in range(len(dek_words) - _SHINGLE + 1):
        if tuple(dek_words[i : i + _SHINGLE]) in seen:
            return ""
    return dek


# --- Edits --------------------------------------------------------------------------------


def _lines(value: str) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def word_sequence(body_html: str) -> list[str]:
    """The words of ``body_html`` in order: what a style-only edit must leave unchanged."""
    return _WORD.findall(html_to_text(body_html))


def style_only_problem(before: str, after: str) -> str:
    """ "" if ``after`` differs from ``before`` only in whitespace, punctuation and markup;
    otherwise the first change in words, for the editor."""
    old, new = word_sequence(before), word_sequence(after)
    if old == new:
        return ""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = " ".join(old[i1:i2][:8]), " ".join(new[j1:j2][:8])
        if tag == "replace":
            return f"“{removed}” became “{added}”"
        if tag == "delete":
            return f"“{removed}” was removed"
        return f"“{added}” was added"
    return "the words changed"


def edit_violations(article: Article) -> dict[str, str]:
    """Body and headline changes the article's reprint rule forbids, by field."""
    if article.pk is None or article.origin != Origin.PARTNER or article.rule_id is None:
        return {}
    rule, _ = effective_rule(article)
    imported = article.imported_values or {}
    stored = Article.objects.filter(pk=article.pk).values("body", "headline").first() or {}
    errors = {}
    base_body = imported.get("body", stored.get("body", ""))
    label = f"“{rule.name}” (v{rule.version})"
    kept = "Your text is kept in the form so nothing is lost: copy it elsewhere, then undo."
    if rule.edits == Edits.NONE and _lines(article.body) != _lines(base_body):
        if _lines(article.body) != _lines(stored.get("body", "")):
            errors["body"] = (
                f"Not saved: this partner story is republished under {label}, which allows no "
                f"edits, so the body must stay exactly as received. {kept}"
            )
    elif rule.edits == Edits.STYLE_ONLY:
        problem = style_only_problem(base_body, article.body)
        if problem and style_only_problem(stored.get("body", ""), article.body):
            errors["body"] = (
                f"Not saved: this partner story is republished under {label}, which allows "
                f"style fixes only (whitespace, punctuation and markup), but {problem}. {kept}"
            )
    base_headline = imported.get("headline", stored.get("headline", ""))
    if (
        not rule.headline_may_change
        and not imported.get("headline_is_provisional")
        and article.headline.strip() != (base_headline or "").strip()
        and article.headline.strip() != (stored.get("headline") or "").strip()
    ):
        errors["headline"] = (
            f"Not saved: {label} does not let us rewrite the partner's headline "
            f"(“{base_headline}”)."
        )
    return errors


def publish_violation(article: Article) -> str:
    """Why ``article`` may not be made live, if it is being made live and readers could see
    nothing of it; else "". Articles already live are left to the query-time checks."""
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        return ""
    if article.pk is not None:
        stored = Article.objects.filter(pk=article.pk).values_list("status", flat=True).first()
        if stored in (Status.PUBLISHED, Status.SCHEDULED):
            return ""
    decision = rights_decision(article)
    if decision.may_publish:
        return ""
    return "Not published: " + decision.explanation


# --- Explaining ---------------------------------------------------------------------------


def explain_html(article: Article, at: datetime | None = None) -> SafeString:
    """A decision spelled out for editors: what readers see now, and every reason."""
    decision = decide(article, at)
    rights = rights_decision(article, at)
    rows = [
        format_html(
            "<p><strong>Readers see now: {}</strong>. If published: {}.</p>",
            decision.visibility.replace("_", " "),
            rights.visibility.replace("_", " "),
        )
    ]
    rows.append(
        format_html(
            "<ul>{}</ul>",
            mark_safe("".join(format_html("<li>{}</li>", r) for r in decision.reasons)),
        )
    )
    if article.rule_id:
        rule, _ = effective_rule(article, at)
        credit, _ = render_attribution(article, rule)
        if credit:
            rows.append(
                format_html(
                    "<p>Credit readers see with the text ({}): {}</p>",
                    rule.get_attribution_position_display().split(",")[0].lower(),
                    credit,
                )
            )
    return mark_safe("".join(rows))
