"""Publishing and unpublishing, checked against the reprint rule. The admin, the importer,
the workflow and the tests all call these, and each records what it changed for readers in the
rights audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    RightsAction,
    RightsEvent,
    Status,
)
from articles.rights.decision import NOTHING, Decision
from articles.rights.engine import (
    decide,
    in_force_version,
    rights_decision,
)
from articles.rights.services import _audit


class PublishRefused(ValidationError):
    """Publishing would show readers what the article's reprint rule forbids."""


def _repin(article: Article) -> None:
    """Decide under the rule version in force now: publishing is a fresh decision."""
    if article.rule_id:
        current = in_force_version(article.rule)
        if current is not None and current.pk != article.rule_id:
            article.rule = current


def article_publish(*, article: Article, at: datetime | None = None, user=None) -> Article:
    """Publish ``article`` at ``at`` (now by default), if its reprint rule allows it.

    Raises ``PublishRefused`` naming the rule when readers could see nothing of it. A
    permission-required story without a grant publishes as link-only (headline, our summary,
    link), and the audit entry says so.
    """
    before = decide(article).visibility if article.pk else NOTHING
    _repin(article)
    decision = rights_decision(article)
    if not decision.may_publish:
        message = "Not published: " + decision.explanation
        if article.pk:  # logged outside any transaction the refusal rolls back
            _audit(
                action=RightsAction.PUBLISH_REFUSED,
                article=article,
                rule_id=decision.rule_id,
                user=user,
                reason=message,
                visibility_before=before,
                visibility_after=before,
            )
        raise PublishRefused(message, code="rights")
    with transaction.atomic():
        article.status = Status.PUBLISHED
        article.publish_at = at or article.publish_at or timezone.now()
        article.hold_reason = ""
        article.full_clean()
        article.save()
        _record_publish(article, decision, user=user, before=before)
    return article


def publish_new_prepare(*, article: Article) -> Decision:
    """The importer's lean ``article_publish``, for a new story before its first save.

    Saving the story as a draft and then calling ``article_publish`` would re-read what the
    caller has just decided (five checks) and rewrite the row; instead this repins, decides
    and refuses exactly as ``article_publish`` does and sets the published state on the unsaved
    story. The caller validates and inserts it, then calls ``publish_new_record``. Only for a
    story no permission grant can cover yet (grants are looked up by a stored story's id), so
    the decision is the one ``article_publish`` would make after the insert."""
    if article.pk is not None:
        raise ValueError("publish_new_prepare is for a story not saved yet")
    _repin(article)
    decision = rights_decision(article)
    if not decision.may_publish:
        # ``article_publish`` would also log the refusal, in the transaction the refusal rolls
        # back; the story is never stored either way.
        raise PublishRefused("Not published: " + decision.explanation, code="rights")
    article.status = Status.PUBLISHED
    article.publish_at = article.publish_at or timezone.now()
    article.hold_reason = ""
    return decision


def publish_new_record(*, article: Article, decision: Decision, user=None) -> None:
    """The audit entry ``article_publish`` writes, for a story ``publish_new_prepare``
    published and the caller has since inserted (a draft's readers saw nothing before)."""
    _record_publish(article, decision, user=user, before=NOTHING)


def publish_new_record_many(published: Iterable[tuple[Article, Decision]]) -> None:
    """``publish_new_record`` for many stories (no user: the importer's), in one INSERT."""
    now = timezone.now()
    RightsEvent.objects.bulk_create(
        RightsEvent(at=now, user=None, **_publish_event(article, decision, before=NOTHING))
        for article, decision in published
    )


def _publish_event(article: Article, decision: Decision, *, before: str) -> dict:
    return {
        "action": RightsAction.PUBLISH,
        "article": article,
        "rule_id": decision.rule_id,
        "grant_id": decision.grant_id,
        "reason": f"Published as {decision.visibility.replace('_', ' ')}. " + decision.explanation,
        "visibility_before": before,
        "visibility_after": decision.visibility,
    }


def _record_publish(article: Article, decision: Decision, *, user, before: str) -> None:
    _audit(user=user, **_publish_event(article, decision, before=before))


def article_unpublish(*, article: Article, user=None, reason: str = "") -> Article:
    """Take ``article`` away from readers, recording who and why."""
    with transaction.atomic():
        before = decide(article).visibility
        article.status = Status.UNPUBLISHED
        article.full_clean()
        article.save()
        _audit(
            action=RightsAction.UNPUBLISH,
            article=article,
            rule_id=article.rule_id,
            user=user,
            reason=reason or "Unpublished by an editor.",
            visibility_before=before,
            visibility_after=NOTHING,
        )
    return article
