"""The background tasks (Django's tasks API through django-tasks, queue ``webhooks``):
working out what changed, sending one delivery, and watching for the moments that change
visibility without a write. ``manage.py db_worker`` runs them; so does an RQ worker with
``TASKS_BACKEND=django_tasks_rq.RQBackend``."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from api.items.common import fetch_items
from api.models import (
    DeliveryStatus,
    Event,
    VisibilityWatch,
    WebhookDelivery,
    WebhookSubscriber,
)
from api.webhooks import delivery as http
from api.webhooks import events, signing
from articles.models import Article
from articles.site.caching import next_visibility_change

logger = logging.getLogger(__name__)
QUEUE = "webhooks"


# --- What changed -------------------------------------------------------------------------


@task(queue_name=QUEUE)
def announce_task(article_ids: list[int], source_ids: list[int], rule_keys: list[str]) -> int:
    """Announce every story these changes may touch; then make sure the next moment that
    changes visibility by itself is watched for."""
    ids = events.affected_articles(
        article_ids=article_ids, source_ids=source_ids, rule_keys=rule_keys
    )
    sent = announce_now(ids)
    schedule_visibility_check()
    return sent


def announce_now(article_ids: list[int], *, at: datetime | None = None) -> int:
    """Announce these stories' changes and send the deliveries once committed."""
    return send_later(events.announce(article_ids, at=at))


@task(queue_name=QUEUE)
def announce_deleted_task(article_id: int, version: int) -> int:
    return send_later(events.announce_deleted(article_id=article_id, version=version))


@task(queue_name=QUEUE)
def visibility_check_task() -> int:
    return visibility_check()


def visibility_check(now: datetime | None = None) -> int:
    """Announce the stories whose visibility changed since the last check without a write
    (a grant started or expired, a scheduled story went live, a rule version began or
    ended), then schedule the next check at the next such moment. Idempotent: a second run
    over the same window finds nothing new to say."""
    now = now or timezone.now()
    with transaction.atomic():
        watch, _ = VisibilityWatch.objects.select_for_update().get_or_create(pk=1)
        since = watch.checked_until
        watch.checked_until = max(since, now) if since else now
        if watch.next_check_at is not None and watch.next_check_at <= now:
            watch.next_check_at = None
        watch.save()
    sent = 0
    if since is not None and since < now:
        ids = events.affected_articles(**events.moments_between(since, now))
        sent = announce_now(ids, at=now)
    schedule_visibility_check(now)
    return sent


def schedule_visibility_check(now: datetime | None = None) -> datetime | None:
    """Enqueue a check for the next moment visibility changes by itself, unless one is
    already due by then. No cron: each check schedules the next."""
    now = now or timezone.now()
    upcoming = next_visibility_change(now)
    with transaction.atomic():
        watch, _ = VisibilityWatch.objects.select_for_update().get_or_create(pk=1)
        if watch.checked_until is None:
            watch.checked_until = now  # nothing before the first watch is news
        due = watch.next_check_at
        if upcoming is not None and (due is None or due <= now or due > upcoming):
            watch.next_check_at = upcoming
            transaction.on_commit(lambda: visibility_check_task.using(run_after=upcoming).enqueue())
        watch.save()
    return upcoming


# --- Sending ------------------------------------------------------------------------------


def send_later(delivery_ids: list[int], *, attempt: int = 0, delay: float = 0) -> int:
    """Enqueue the deliveries' next attempt once the current transaction commits."""
    run_after = timezone.now() + timedelta(seconds=delay) if delay else None
    for delivery_id in delivery_ids:

        def enqueue(pk=delivery_id):
            queued = deliver_task.using(run_after=run_after) if run_after else deliver_task
            queued.enqueue(pk, attempt)

        transaction.on_commit(enqueue)
    return len(delivery_ids)


@task(queue_name=QUEUE)
def deliver_task(delivery_id: int, attempt: int) -> str:
    return deliver(delivery_id, attempt)


def deliver(delivery_id: int, attempt: int) -> str:
    """Attempt ``attempt`` (0 first) of one delivery; returns its status afterwards."""
    delivery = WebhookDelivery.objects.select_related("subscriber").filter(pk=delivery_id).first()
    if delivery is None:
        return "missing"
    if delivery.attempts != attempt or delivery.status not in (
        DeliveryStatus.PENDING,
        DeliveryStatus.RETRYING,
    ):
        return delivery.status  # a duplicate or stale task: the delivery moved on
    subscriber = delivery.subscriber
    if not subscriber.sending:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.HELD)
        return DeliveryStatus.HELD
    if _superseded(delivery):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SUPERSEDED,
            last_error="What readers see of the story changed before this could be sent; "
            "the newer message carries it.",
        )
        return DeliveryStatus.SUPERSEDED
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = signing.headers(
        secret=subscriber.secret,
        message_id=delivery.message_id,
        timestamp=int(time.time()),
        body=body,
    )
    headers["newsroom-event"] = delivery.event
    outcome = http.post(
        subscriber.url,
        body=body,
        headers=headers,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        allow_loopback=settings.WEBHOOKS_ALLOW_LOOPBACK,
    )
    return _record(delivery, outcome)


def _superseded(delivery: WebhookDelivery) -> bool:
    """Rights are checked again at every attempt: a message made before a grant expired must
    not carry the text after it."""
    if delivery.event == Event.PING:
        return False
    if delivery.article_id is None:
        return delivery.payload.get("pubstatus") == "usable"
    return events.current_fingerprint(delivery.article_id) != delivery.fingerprint


def _record(delivery: WebhookDelivery, outcome: http.Outcome) -> str:
    now = timezone.now()
    with transaction.atomic():
        subscriber = WebhookSubscriber.objects.select_for_update().get(pk=delivery.subscriber_id)
        delivery.attempts += 1
        delivery.last_status_code = outcome.status
        delivery.last_error = outcome.error[:2000]
        if outcome.ok:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            subscriber.consecutive_failures = 0
            subscriber.last_success_at = now
        else:
            subscriber.consecutive_failures += 1
            subscriber.last_failure_at = now
            # Backoff from settings.WEBHOOK_RETRY_DELAYS: 30 s growing to 8 h, nine retries
            # over about 24 hours; after the last the delivery has failed and is given up.
            delays = settings.WEBHOOK_RETRY_DELAYS
            retries_left = delivery.attempts <= len(delays)
            if retries_left:
                delay = delays[delivery.attempts - 1]
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = now + timedelta(seconds=delay)
                send_later([delivery.pk], attempt=delivery.attempts, delay=delay)
            else:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
            if subscriber.paused_at is None and (
                not retries_left
                or subscriber.consecutive_failures >= settings.WEBHOOK_PAUSE_AFTER_FAILURES
            ):
                subscriber.paused_at = now
                subscriber.pause_reason = (
                    f"Paused after {subscriber.consecutive_failures} failed attempts in a row"
                    + ("" if retries_left else ", one delivery failing for 24 hours")
                    + f". Last error: {outcome.error[:300]}"
                )
        delivery.save()
        subscriber.save()
    return delivery.status


def subscriber_resume(*, subscriber: WebhookSubscriber) -> int:
    """Unpause a subscriber and send what was held for it meanwhile (rights rechecked)."""
    with transaction.atomic():
        subscriber.paused_at = None
        subscriber.pause_reason = ""
        subscriber.consecutive_failures = 0
        subscriber.save()
        held = list(
            subscriber.deliveries.filter(status=DeliveryStatus.HELD).values_list("pk", "attempts")
        )
        WebhookDelivery.objects.filter(pk__in=[pk for pk, _ in held]).update(
            status=DeliveryStatus.PENDING
        )
        for pk, attempts in held:
            send_later([pk], attempt=attempts)
    return len(held)


def delivery_resend(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """A new message with what readers may see of the story now (never the old body)."""
    if delivery.article_id is None:
        if delivery.payload.get("pubstatus") == "usable":
            raise ValueError("The story was deleted; there is nothing to resend.")
        payload, fingerprint, event = delivery.payload, delivery.fingerprint, delivery.event
    else:
        (article,) = fetch_items(Article.objects.filter(pk=delivery.article_id))
        current = events.Current(article, timezone.now())
        payload, fingerprint, event = current.item, current.fingerprint, delivery.event
        if current.fingerprint == events.KILLED:
            event = Event.KILLED
        elif current.fingerprint == events.HIDDEN:
            event = Event.UNPUBLISHED
        elif event in (Event.UNPUBLISHED, Event.KILLED):
            event = Event.UPDATED
    with transaction.atomic():
        fresh = WebhookDelivery.objects.create(
            subscriber=delivery.subscriber,
            event=event,
            message_id=f"msg_{uuid.uuid4().hex}",
            article_id=delivery.article_id,
            article_headline=delivery.article_headline,
            payload=payload,
            fingerprint=fingerprint,
        )
        send_later([fresh.pk])
    return fresh
