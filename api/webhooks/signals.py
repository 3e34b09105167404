"""The hooks that start webhook work: every change that can alter what readers see notes
the story (or the partner, or the rule) and, when the transaction commits, one task per
transaction is enqueued. Nothing else happens in the request that made the change."""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from api.models import AnnouncedState
from articles.models import Article, Correction, PermissionGrant, ReprintRule
from articles.rights.decision import NOTHING
from companies.models import Mention

logger = logging.getLogger(__name__)


class _Pending(threading.local):
    def __init__(self):
        self.articles: set[int] = set()
        self.sources: set[int] = set()
        self.rules: set[str] = set()


_pending = _Pending()


def _flush() -> None:
    from api.webhooks.tasks import announce_task

    articles, sources, rules = (
        sorted(_pending.articles),
        sorted(_pending.sources),
        sorted(_pending.rules),
    )
    _pending.articles, _pending.sources, _pending.rules = set(), set(), set()
    if not (articles or sources or rules):
        return
    try:
        announce_task.enqueue(articles, sources, rules)
    except Exception:  # an editor's save must never fail on a webhook
        logger.exception("could not enqueue webhook announcements for %s", articles)


def _note(*, article: int | None = None, source: int | None = None, rule: str | None = None):
    if article:
        _pending.articles.add(article)
    if source:
        _pending.sources.add(source)
    if rule:
        _pending.rules.add(rule)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _flush()
        return
    # Every note registers the flush; the first to run after the commit sends everything
    # noted so far as one task and the rest find nothing left. (A flag "already registered"
    # would go wrong when a savepoint rolls back and takes the registration with it.)
    transaction.on_commit(_flush)


def _article_saved(sender, instance, **kwargs):
    _note(article=instance.pk)


def _related_saved(sender, instance, **kwargs):
    _note(article=instance.article_id)


def _grant_changed(sender, instance, **kwargs):
    _note(article=instance.article_id, source=instance.source_id)


def _rule_changed(sender, instance, **kwargs):
    _note(rule=instance.key)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        _note(article=instance.pk)
    else:
        for pk in pk_set or ():
            _note(article=pk)


def _article_deleted(sender, instance, **kwargs):
    """A story readers could see is going: its subscribers get a tombstone."""
    state = AnnouncedState.objects.filter(article_id=instance.pk).first()
    if state is None or state.visibility == NOTHING:
        return
    article_id, version = instance.pk, instance.version

    def enqueue():
        from api.webhooks.tasks import announce_deleted_task

        try:
            announce_deleted_task.enqueue(article_id, version)
        except Exception:  # as above: never fail the delete
            logger.exception("could not enqueue the tombstone for story %s", article_id)

    transaction.on_commit(enqueue)


def connect() -> None:
    uid = "api-webhooks"
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}-article")
    pre_delete.connect(_article_deleted, sender=Article, dispatch_uid=f"{uid}-article-d")
    for model in (Correction, Mention):
        post_save.connect(_related_saved, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_related_saved, sender=model, dispatch_uid=f"{uid}-{model.__name__}-d")
    post_save.connect(_grant_changed, sender=PermissionGrant, dispatch_uid=f"{uid}-grant")
    post_delete.connect(_grant_changed, sender=PermissionGrant, dispatch_uid=f"{uid}-grant-d")
    post_save.connect(_rule_changed, sender=ReprintRule, dispatch_uid=f"{uid}-rule")
    post_delete.connect(_rule_changed, sender=ReprintRule, dispatch_uid=f"{uid}-rule-d")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid=f"{uid}-tags")
