"""Changes of state for reprint rules, grants and an article's classification. The admin,
the importer and the tests all call these, and each records what it changed for readers in
the rights audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    Origin,
    PermissionGrant,
    ReprintRule,
    RightsAction,
    RightsEvent,
    Status,
)
from articles.rights.decision import NOTHING
from articles.rights.engine import (
    decide,
    effective_rule,
    match_rule,
    rights_decision,
)


def _audit(*, action: str, reason: str, user=None, at=None, **links) -> RightsEvent:
    user = user if getattr(user, "is_authenticated", False) else None
    return RightsEvent.objects.create(
        action=action, reason=reason, user=user, at=at or timezone.now(), **links
    )


def article_classify(*, article: Article, rule: ReprintRule | None = None, user=None) -> Article:
    """Give a partner article its rule: ``rule`` if given, else the one its notice matches now.

    The credit fields the notice names (author, URL, holder) fill in where still empty.
    """
    with transaction.atomic():
        found = None
        if rule is None:
            rule, found = match_rule(article.copyright_notice)
        elif article.copyright_notice:
            _, found = match_rule(article.copyright_notice)
            if found is not None and found.key != rule.pk:
                found = None
        if rule is None:
            raise ValidationError(
                "The story's notice matches no reprint rule in force; create one first."
            )
        groups = found.groups if found else {}
        article.rule = rule
        if rule.source_id and not article.source_id:
            article.source = rule.source
        if not article.original_url and groups.get("url"):
            article.original_url = groups["url"].rstrip(".,;)")[:500]
        if not article.original_author and groups.get("author"):
            article.original_author = groups["author"][:200]
        if not article.copyright_holder:
            article.copyright_holder = (
                groups.get("holder") or (rule.source.name if rule.source_id else "")
            )[:200]
        decision = rights_decision(article)
        if article.status == Status.DRAFT:
            article.hold_reason = (
                "" if decision.may_autopublish else "Held: " + decision.explanation
            )
        article.full_clean()
        article.save()
        _audit(
            action=RightsAction.CLASSIFIED,
            article=article,
            rule=rule,
            user=user,
            reason=f"Classified under “{rule.name}” (v{rule.version}). " + decision.explanation,
            visibility_before=NOTHING,
            visibility_after=decide(article).visibility,
        )
    return article


# --- Grants -------------------------------------------------------------------------------


def _covered_articles(grant: PermissionGrant):
    if grant.article_id:
        return Article.objects.filter(pk=grant.article_id)
    return Article.objects.filter(source_id=grant.source_id, origin=Origin.PARTNER)


def grant_add(*, grant: PermissionGrant, user=None) -> PermissionGrant:
    """Record a partner's permission; covered articles show in full while it is valid."""
    with transaction.atomic():
        covered = list(_covered_articles(grant).select_related("rule", "source"))
        before = {a.pk: decide(a).visibility for a in covered}
        if user is not None and getattr(user, "is_authenticated", False):
            grant.recorded_by = user
        grant.full_clean()
        grant.save()
        for article in covered:
            after = decide(article).visibility
            _audit(
                action=RightsAction.GRANT_ADDED,
                article=article,
                grant=grant,
                rule_id=article.rule_id,
                user=user,
                reason=f"Grant “{grant.reference}” from {grant.granted_by} recorded.",
                visibility_before=before[article.pk],
                visibility_after=after,
            )
        if not covered:
            _audit(
                action=RightsAction.GRANT_ADDED,
                grant=grant,
                user=user,
                reason=f"Grant “{grant.reference}” from {grant.granted_by} recorded "
                "(no articles covered yet).",
            )
    return grant


def grant_revoke(*, grant: PermissionGrant, user=None, reason: str = "") -> PermissionGrant:
    """End a grant now; covered articles fall back to what the rule allows without it."""
    with transaction.atomic():
        covered = list(_covered_articles(grant).select_related("rule", "source"))
        before = {a.pk: decide(a).visibility for a in covered}
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        for article in covered:
            _audit(
                action=RightsAction.GRANT_REVOKED,
                article=article,
                grant=grant,
                rule_id=article.rule_id,
                user=user,
                reason=reason or f"Grant “{grant.reference}” revoked.",
                visibility_before=before[article.pk],
                visibility_after=decide(article).visibility,
            )
    return grant


def grants_log_expiries(*, at: datetime | None = None) -> int:
    """Write the audit entries of grants that have expired (dated at their expiry).

    Readers never depend on this: expiry is enforced at query time. It only keeps the log
    complete, and runs whenever an editor opens the audit log or the grants list.
    """
    at = at or timezone.now()
    count = 0
    expired = PermissionGrant.objects.filter(
        expires_at__lte=at, expiry_logged=False, revoked_at__isnull=True
    )
    for grant in list(expired):
        with transaction.atomic():
            covered = list(_covered_articles(grant).select_related("rule", "source"))
            for article in covered:
                _audit(
                    action=RightsAction.GRANT_EXPIRED,
                    article=article,
                    grant=grant,
                    rule_id=article.rule_id,
                    at=grant.expires_at,
                    reason=f"Grant “{grant.reference}” expired; readers now see: "
                    f"{decide(article, at).visibility.replace('_', ' ')}.",
                    visibility_before=decide(article, grant.expires_at - _TICK).visibility,
                    visibility_after=decide(article, grant.expires_at).visibility,
                )
            if not covered:
                _audit(
                    action=RightsAction.GRANT_EXPIRED,
                    grant=grant,
                    at=grant.expires_at,
                    reason=f"Grant “{grant.reference}” expired.",
                )
            PermissionGrant.objects.filter(pk=grant.pk).update(expiry_logged=True)
            count += 1
    return count


_TICK = timezone.timedelta(microseconds=1)


# --- Rules --------------------------------------------------------------------------------


@dataclass
class RuleChange:
    rule: ReprintRule  # the new version (or the same one, for a note-only change)
    previous: ReprintRule | None
    stricter: list[str]  # the terms that became stricter, in words
    affected: list[Article]  # published articles whose readers now see less


def rule_create(*, rule: ReprintRule, user=None) -> ReprintRule:
    """Add a new rule (version 1)."""
    with transaction.atomic():
        if not rule.key:
            rule.key = _unique_key(rule.name)
        rule.version = 1
        rule.created_by = user if getattr(user, "is_authenticated", False) else None
        rule.full_clean()
        rule.save()
        _audit(
            action=RightsAction.RULE_CREATED,
            rule=rule,
            user=user,
            reason=rule.change_reason or f"Rule “{rule.name}” created.",
        )
    return rule


def _unique_key(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:90] or "rule"
    key, n = base, 2
    while ReprintRule.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def rule_revise(
    *, rule: ReprintRule, changes: dict, user=None, reason: str = "", at: datetime | None = None
) -> RuleChange:
    """Change a rule. Changing its terms closes the current version at ``at`` (now) and opens
    a new one, so articles keep the version they were decided under; a stricter new version
    applies to published articles from that moment, and each one affected is logged.
    """
    at = at or timezone.now()
    with transaction.atomic():
        current = ReprintRule.objects.select_for_update().get(pk=rule.pk)
        if current.valid_to is not None:
            raise ValidationError(
                f"v{current.version} of “{current.name}” is no longer the current version; "
                "edit the current one."
            )
        terms_changed = [k for k in changes if k in ReprintRule.TERMS]
        terms_changed = [k for k in terms_changed if _field_value(current, k) != _plain(changes[k])]
        if not terms_changed:
            for key, value in changes.items():
                setattr(current, key, value)
            current.full_clean()
            current.save()
            return RuleChange(current, None, [], [])

        live = Article.objects.published(at).filter(rule__key=current.key)
        before = {a.pk: decide(a, at).visibility for a in live.select_related("rule", "source")}

        new = ReprintRule.objects.get(pk=current.pk)
        new.pk = None
        new._state.adding = True
        for key, value in changes.items():
            setattr(new, key, value)
        new.version = (
            ReprintRule.objects.filter(key=current.key).order_by("-version").first().version + 1
        )
        new.valid_from = max(at, changes.get("valid_from") or at)
        new.valid_to = None
        new.created_by = user if getattr(user, "is_authenticated", False) else None
        new.change_reason = reason
        current.valid_to = new.valid_from
        current.full_clean()
        current.save(update_fields=["valid_to"])
        new.full_clean()
        new.save()

        stricter = new.stricter_terms(current)
        summary = ", ".join(_describe(k, current, new) for k in terms_changed)
        _audit(
            action=RightsAction.RULE_CHANGED,
            rule=new,
            user=user,
            at=at,
            reason=f"“{new.name}” v{current.version} → v{new.version}: {summary}."
            + (f" Why: {reason}" if reason else "")
            + (" Stricter: " + "; ".join(stricter) + "." if stricter else ""),
        )
        affected = []
        moment = max(at, new.valid_from)
        for article in Article.objects.filter(pk__in=before).select_related("rule", "source"):
            after_decision = decide(article, moment)
            governed_by_new = after_decision.rule_id == new.pk
            if not governed_by_new and after_decision.visibility == before[article.pk]:
                continue
            affected.append(article)
            _audit(
                action=RightsAction.STRICTER_RULE,
                article=article,
                rule=new,
                user=user,
                at=moment,
                reason=f"v{new.version} of “{new.name}” is stricter than v"
                f"{article.rule.version}, which the story was decided under, and applies "
                "from now: " + "; ".join(stricter) + ".",
                visibility_before=before[article.pk],
                visibility_after=after_decision.visibility,
            )
    return RuleChange(new, current, stricter, affected)


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


def _field_value(rule: ReprintRule, name: str):
    field = ReprintRule._meta.get_field(name)
    return getattr(rule, field.attname)


def _describe(name: str, old: ReprintRule, new: ReprintRule) -> str:
    label = ReprintRule._meta.get_field(name).verbose_name
    before, after = getattr(old, name), getattr(new, name)
    if name == "notice_patterns":
        return "notice patterns changed"
    return f"{label} {before!s:.60} → {after!s:.60}"


def articles_affected_by(rule: ReprintRule, at: datetime | None = None) -> list[Article]:
    """Live articles of this rule (any version) that a newer, stricter version now governs,
    including those it hides from readers altogether."""
    live = Article.objects.filter(
        rule__key=rule.key, status__in=[Status.PUBLISHED, Status.SCHEDULED]
    ).select_related("rule", "source")
    return [article for article in live if effective_rule(article, at)[1]]
