"""What changed for readers, and which event that is.

Every change that can alter what readers see of a story (a save, a transition, a
correction, a tag or mention, a grant or rule) and every moment that alters it without a
write (``visibility_check``) leads here: the story's current item is compared with what
subscribers were last told (``AnnouncedState``), and a delivery is made for each
subscriber only when the visible item differs. So an edit to an invisible field sends
nothing, and running this twice sends nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from api.items.common import fetch_items, visible
from api.items.ninjs import ninjs_item, tombstone
from api.models import AnnouncedState, DeliveryStatus, Event, WebhookDelivery, WebhookSubscriber
from articles.models import Article, Origin, Status
from articles.rights import moments
from articles.rights.decision import NOTHING

HIDDEN, KILLED = "hidden", "killed"
_VOLATILE = ("version", "versioncreated")


def fingerprint(item: dict) -> str:
    """What readers see, as a hash: the item without its version counters."""
    content = {k: v for k, v in item.items() if k not in _VOLATILE}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


class Current:
    """A story as subscribers should know it now: its item (or tombstone) and fingerprint."""

    def __init__(self, article: Article, at: datetime):
        self.article = article
        view = visible(article, at=at)
        self.visibility = view.decision.visibility
        self.corrections = len(article.api_corrections)
        if article.status == Status.KILLED:
            self.visibility = NOTHING
            self.fingerprint = KILLED
            self.item = tombstone(
                article_pk=article.pk, version=article.version, at=at, killed=True
            )
        elif self.visibility == NOTHING:
            self.fingerprint = HIDDEN
            self.item = tombstone(
                article_pk=article.pk, version=article.version, at=at, killed=False
            )
        else:
            self.item = ninjs_item(view, language=settings.API_CONTENT_LANGUAGE)
            self.fingerprint = fingerprint(self.item)


def current_fingerprint(article_id: int, at: datetime | None = None) -> str:
    """The fingerprint of what subscribers should be told about the story now."""
    found = fetch_items(Article.objects.filter(pk=article_id))
    article = found[0] if found else None
    if article is None:
        return KILLED
    return Current(article, at or timezone.now()).fingerprint


def event_for(before: AnnouncedState | None, now: Current) -> str | None:
    """The event that takes subscribers from ``before`` to ``now``, if any."""
    was_visible = before is not None and before.visibility != NOTHING
    if now.fingerprint == KILLED:
        return Event.KILLED if before is not None and before.fingerprint != KILLED else None
    if now.visibility == NOTHING:
        if not was_visible:
            return None
        published = now.article.status in (Status.PUBLISHED, Status.SCHEDULED)
        return (
            Event.VISIBILITY
            if published and before.status == now.article.status
            else (Event.UNPUBLISHED)
        )
    if not was_visible:
        return Event.PUBLISHED
    if before.visibility != now.visibility:
        return Event.VISIBILITY
    if before.fingerprint == now.fingerprint:
        return None
    if now.corrections > before.corrections:
        return Event.CORRECTED
    return Event.UPDATED


def affected_articles(
    *, article_ids: Iterable[int] = (), source_ids: Iterable[int] = (), rule_keys=()
) -> list[int]:
    """Ids of the stories a change to these articles, partners' grants or rules may touch."""
    ids = set(article_ids)
    source_ids, rule_keys = list(source_ids), list(rule_keys)
    if source_ids:
        ids.update(
            Article.objects.filter(source_id__in=source_ids, origin=Origin.PARTNER).values_list(
                "pk", flat=True
            )
        )
    if rule_keys:
        ids.update(Article.objects.filter(rule__key__in=rule_keys).values_list("pk", flat=True))
    return sorted(ids)


def announce(article_ids: Iterable[int], *, at: datetime | None = None) -> list[int]:
    """Compare each story with what subscribers were told; make the deliveries. Returns the
    ids of the deliveries to send."""
    at = at or timezone.now()
    to_send: list[int] = []
    ids = list(article_ids)
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        states = AnnouncedState.objects.in_bulk(chunk)
        for article in fetch_items(Article.objects.filter(pk__in=chunk)):
            to_send += _announce_one(article, states.get(article.pk), at)
    return to_send


def announce_deleted(*, article_id: int, version: int, at: datetime | None = None) -> list[int]:
    """A story readers could see was deleted: the same tombstone as a kill."""
    payload = tombstone(
        article_pk=article_id, version=version, at=at or timezone.now(), killed=True
    )
    return deliveries_create(event=Event.KILLED, article=None, payload=payload, fingerprint=KILLED)


def _announce_one(article: Article, before: AnnouncedState | None, at: datetime) -> list[int]:
    now = Current(article, at)
    event = event_for(before, now)
    if before is None and now.visibility == NOTHING and now.fingerprint != KILLED:
        return []  # never seen by readers: nothing to remember yet
    with transaction.atomic():
        AnnouncedState.objects.update_or_create(
            article=article,
            defaults={
                "visibility": now.visibility,
                "fingerprint": now.fingerprint,
                "corrections": now.corrections,
                "status": article.status,
                "at": at,
            },
        )
        if event is None:
            return []
        return deliveries_create(
            event=event, article=article, payload=now.item, fingerprint=now.fingerprint
        )


def deliveries_create(*, event: str, article: Article | None, payload: dict, fingerprint: str):
    """One delivery per subscriber that wants ``event``; held for paused ones. Returns the
    ids of those to send."""
    ids = []
    for subscriber in WebhookSubscriber.objects.filter(active=True):
        if not subscriber.wants(event):
            continue
        delivery = WebhookDelivery.objects.create(
            subscriber=subscriber,
            event=event,
            message_id=f"msg_{uuid.uuid4().hex}",
            article=article,
            article_headline=article.headline[:300] if article else "",
            payload=payload,
            fingerprint=fingerprint,
            status=DeliveryStatus.PENDING if subscriber.sending else DeliveryStatus.HELD,
        )
        if subscriber.sending:
            ids.append(delivery.pk)
    return ids


def moments_between(since: datetime, until: datetime) -> dict:
    """What may have changed for readers in (since, until] without any write: scheduled
    stories going live, grants starting, expiring or revoked, rule versions starting or
    ending. The same moments ``next_visibility_change`` looks ahead to."""
    articles, sources, keys = moments.grant_and_rule_changes(since, until)
    articles.update(
        Article.objects.filter(
            moments.within("publish_at", since, until), status__in=moments.LIVE_STATUSES
        ).values_list("pk", flat=True)
    )
    return {
        "article_ids": sorted(articles),
        "source_ids": sorted(sources),
        "rule_keys": sorted(keys),
    }
