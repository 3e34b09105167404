"""Webhook subscribers, their deliveries, and what was last announced about each story."""

import base64
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from api.addresses import url_problem


class Event(models.TextChoices):
    PUBLISHED = "article.published", "Published"
    UPDATED = "article.updated", "Updated (what readers see changed)"
    CORRECTED = "article.corrected", "Corrected"
    VISIBILITY = "article.visibility_changed", "Visibility changed (grant or rule)"
    UNPUBLISHED = "article.unpublished", "Unpublished"
    KILLED = "article.killed", "Killed"
    PING = "ping", "Test ping"


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def validate_subscriber_url(value: str) -> None:
    problem = url_problem(value, allow_loopback=settings.WEBHOOKS_ALLOW_LOOPBACK)
    if problem:
        raise ValidationError(problem)


class WebhookSubscriber(models.Model):
    """A system that wants a signed POST whenever what readers see of a story changes."""

    name = models.CharField(max_length=200)
    url = models.URLField(
        max_length=500,
        validators=[validate_subscriber_url],
        help_text="Where we POST. http or https on a public host; private and local "
        "addresses are refused.",
    )
    secret = models.CharField(
        max_length=80,
        default=new_secret,
        help_text="Give this to the subscriber: it verifies our signature with it "
        "(Standard Webhooks, HMAC-SHA256).",
    )
    events = models.JSONField(
        default=list,
        blank=True,
        help_text='Event types to send, e.g. ["article.published"]. Empty: all of them.',
    )
    active = models.BooleanField(default=True, help_text="Untick to stop sending for now.")
    paused_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when deliveries kept failing; resume it from the list once fixed.",
    )
    pause_reason = models.TextField(blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_failure_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook subscriber"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if not isinstance(self.events, list) or any(
            event not in Event.values for event in self.events
        ):
            raise ValidationError(
                {"events": f"A list of event types, from: {', '.join(Event.values)}."}
            )

    def wants(self, event: str) -> bool:
        return event == Event.PING or not self.events or event in self.events

    @property
    def sending(self) -> bool:
        return self.active and self.paused_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    RETRYING = "retrying", "Failed, will retry"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed for 24 hours; given up"
    HELD = "held", "Held: the subscriber is paused"
    SUPERSEDED = "superseded", "Not sent: what readers see changed first"


class WebhookDelivery(models.Model):
    """One message to one subscriber, with every attempt's outcome."""

    subscriber = models.ForeignKey(
        WebhookSubscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    message_id = models.CharField(max_length=40, unique=True, help_text="The webhook-id header.")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article_headline = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(help_text="The body: the NINJS item, or a tombstone.")
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="What readers saw when the message was made; if it changed before an "
        "attempt, the message is not sent (the newer one is).",
    )
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["subscriber", "created_at"], name="webhook_delivery_sub_idx"),
            models.Index(fields=["status"], name="webhook_delivery_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.subscriber}"


class AnnouncedState(models.Model):
    """What subscribers were last told about a story, to tell the next change's kind."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    visibility = models.CharField(max_length=16)
    fingerprint = models.CharField(max_length=64, blank=True)
    corrections = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.article_id}: {self.visibility}"


class VisibilityWatch(models.Model):
    """One row: up to when moments that change visibility without a write (a scheduled
    story going live, a grant starting or expiring, a rule version starting or ending) were
    checked, and when the next check is due."""

    checked_until = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"checked until {self.checked_until}"
