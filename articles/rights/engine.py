"""The one place that decides what readers may see of an article, and renders it.

``decide(article, at)`` is the decision; ``visible_body_html``, ``visible_text`` and
``rights_metadata`` render only what the decision allows. Every public surface goes through
them, and through ``Article.objects.published()``, which asks the same questions in SQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import (
    Article,
    AttributionPosition,
    Origin,
    Permission,
    PermissionGrant,
    ReprintRule,
    SearchEngines,
    Source,
    Status,
)
from articles.models.rights import EDITS_RANK, in_force_by_key
from articles.rights.attribution import _call_to_action, render_attribution
from articles.rights.decision import EXCERPT, FULL, LINK_ONLY, NOTHING, Decision
from articles.rights.excerpts import own_summary
from articles.rights.licences import stated_licence
from articles.rights.notices import NoticeMatch, RulePatterns, choose_rule

# --- The rule that governs an article -----------------------------------------------------


def rule_patterns(rule: ReprintRule) -> RulePatterns:
    """What the pure notice matcher needs to know of a rule version."""
    return RulePatterns(
        key=rule.pk,
        patterns=tuple(rule.pattern_list),
        rank=(rule.permission_rank, EDITS_RANK.get(rule.edits, 0)),
        license=rule.license_spdx,
        source=rule.source_id,
    )


def match_rule(
    notice: str, at: datetime | None = None, *, source: Source | None = None
) -> tuple[ReprintRule | None, NoticeMatch | None]:
    """The rule version in force at ``at`` that governs a story with ``notice`` (from
    ``source``, if known): the strictest of those its lines match and the licence it states
    (``notices.choose_rule``)."""
    rules = list(ReprintRule.objects.in_force(at).select_related("source").order_by("priority"))
    default = source.default_license if source is not None else ""
    licence = stated_licence(notice or "", default=default)
    found = choose_rule(
        notice or "",
        [rule_patterns(r) for r in rules],
        licence=licence.spdx if licence else "",
        source=source.pk if source is not None else None,
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

    def by_pk(self, pk: int) -> ReprintRule | None:
        """The version ``pk``, if any."""
        return next((r for rules in self._by_key.values() for r in rules if r.pk == pk), None)

    def of(self, key: str) -> list[ReprintRule]:
        """Every version of the rule ``key``."""
        return list(self._by_key.get(key, ()))

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


def cached_rule_versions() -> RuleVersions | None:
    """The snapshot ``rule_versions_cached`` set for this block, if any."""
    return _rule_versions.get()


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
    cached = _rule_versions.get()
    if cached is not None:
        return cached.by_pk(pk)
    return ReprintRule.objects.select_related("source").filter(pk=pk).first()


_source_grants: ContextVar[dict[int, list[PermissionGrant]] | None] = ContextVar(
    "source_grants", default=None
)


@contextmanager
def new_story_grants(grants: dict[int, list[PermissionGrant]]) -> Iterator[None]:
    """Within the block, a story not saved yet is decided as covered by its source's grants
    in ``grants`` (source pk to every grant of source scope), as it would be once inserted:
    a grant on one story needs that story's id, so none can cover a story not stored yet.
    For a caller that decides stories before inserting them and holds the write lock (the
    importer's chunk), so no grant changes meanwhile."""
    token = _source_grants.set(grants)
    try:
        yield
    finally:
        _source_grants.reset(token)


def covering_grant(article: Article, at: datetime | None = None) -> PermissionGrant | None:
    """A permission grant valid at ``at`` that covers ``article``, if any."""
    if at is None and getattr(article, "rights_granted", None) is False:
        return None  # published() already asked
    if article.pk is None:
        cached = _source_grants.get()
        return _first_valid(cached.get(article.source_id, ()), at) if cached else None
    return PermissionGrant.objects.covering(article, at).order_by("expires_at").first()


def _first_valid(grants: Iterable[PermissionGrant], at: datetime | None) -> PermissionGrant | None:
    """What ``.valid(at).order_by("expires_at").first()`` returns among ``grants``."""
    at = at or timezone.now()
    valid = [grant for grant in grants if grant.is_valid(at)]
    # No expiry sorts where the database sorts NULL: first on SQLite, last on PostgreSQL.
    nulls_last = connection.features.nulls_order_largest
    far = datetime.max.replace(tzinfo=at.tzinfo)
    near = datetime.min.replace(tzinfo=at.tzinfo)
    none_as = far if nulls_last else near
    return min(
        valid,
        key=lambda g: (g.expires_at if g.expires_at is not None else none_as, g.pk),
        default=None,
    )


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

    if visibility in (FULL, EXCERPT) and article.text_is_partial:
        visibility = LINK_ONLY
        reasons.append(
            "The partner supplied only a summary of this story, or its page is not free to "
            "read: readers see the headline, our own summary and a link to the original."
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
