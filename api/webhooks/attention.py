"""The needs-attention panel's section for webhook subscribers that were paused."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from api.models import WebhookSubscriber

ROWS = 10


@dataclass
class Section:  # the shape the admin's panel renders
    title: str
    empty: str
    items: list = field(default_factory=list)  # (label, url, note)
    total: int = 0
    more_url: str = ""
    model: type | None = None  # the panel shows the section to those who may view these


def paused_subscribers(now=None) -> Section:
    paused = WebhookSubscriber.objects.filter(active=True, paused_at__isnull=False).order_by(
        "-paused_at"
    )
    return Section(
        "Webhook subscribers paused",
        "Every webhook subscriber is receiving.",
        [
            (
                s.name,
                reverse("admin:api_webhooksubscriber_change", args=[s.pk]),
                f"paused {timezone.localtime(s.paused_at):%a %d %b %H:%M}: "
                f"{s.consecutive_failures} failures in a row",
            )
            for s in paused[:ROWS]
        ],
        paused.count(),
        reverse("admin:api_webhooksubscriber_changelist") + "?paused=yes",
        model=WebhookSubscriber,
    )
