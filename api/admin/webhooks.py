"""Webhook subscribers and their delivery log in the admin, with resend, resume and ping."""

import uuid

from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from api.items.common import item_uri
from api.items.ninjs import STANDARD
from api.models import DeliveryStatus, Event, WebhookDelivery, WebhookSubscriber
from api.models.webhooks import new_secret
from api.webhooks.tasks import delivery_resend, send_later, subscriber_resume


class PausedFilter(admin.SimpleListFilter):
    title = "paused"
    parameter_name = "paused"

    def lookups(self, request, model_admin):
        return [("yes", "Paused after failures"), ("no", "Receiving")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(paused_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(paused_at__isnull=True)
        return queryset


@admin.register(WebhookSubscriber)
class WebhookSubscriberAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "state", "consecutive_failures", "last_success_at", "log")
    list_filter = ("active", PausedFilter)
    search_fields = ("name", "url")
    readonly_fields = (
        "secret",
        "paused_at",
        "pause_reason",
        "consecutive_failures",
        "last_success_at",
        "last_failure_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "url", "events", "active")}),
        ("Signing", {"fields": ("secret",)}),
        (
            "Health",
            {
                "fields": (
                    "paused_at",
                    "pause_reason",
                    "consecutive_failures",
                    "last_success_at",
                    "last_failure_at",
                )
            },
        ),
    )
    actions = ("resume", "ping", "rotate_secret")

    @admin.display(description="state")
    def state(self, obj):
        if not obj.active:
            return "switched off"
        return "paused" if obj.paused_at else "receiving"

    @admin.display(description="deliveries")
    def log(self, obj):
        url = reverse("admin:api_webhookdelivery_changelist") + f"?subscriber__id__exact={obj.pk}"
        return format_html('<a href="{}">delivery log</a>', url)

    @admin.action(description="Resume the selected paused subscribers (and send what was held)")
    def resume(self, request, queryset):
        held = sum(
            subscriber_resume(subscriber=s) for s in queryset.filter(paused_at__isnull=False)
        )
        self.message_user(request, f"Resumed; {held} held message(s) queued.", messages.SUCCESS)

    @admin.action(description="Send a test ping to the selected subscribers")
    def ping(self, request, queryset):
        with transaction.atomic():
            for subscriber in queryset:
                delivery = WebhookDelivery.objects.create(
                    subscriber=subscriber,
                    event=Event.PING,
                    message_id=f"msg_{uuid.uuid4().hex}",
                    payload={"uri": item_uri("ping", uuid.uuid4().int >> 64), "standard": STANDARD},
                    status=DeliveryStatus.PENDING if subscriber.sending else DeliveryStatus.HELD,
                )
                if subscriber.sending:
                    send_later([delivery.pk])
        self.message_user(request, "Ping(s) queued; see the delivery log.", messages.SUCCESS)

    @admin.action(description="Give the selected subscribers a new signing secret")
    def rotate_secret(self, request, queryset):
        for subscriber in queryset:
            subscriber.secret = new_secret()
            subscriber.save(update_fields=["secret"])
        self.message_user(
            request, "New secrets set: give each subscriber its new one.", messages.WARNING
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "subscriber",
        "event",
        "article_headline",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    list_filter = ("status", "event", "subscriber")
    search_fields = ("article_headline", "message_id")
    list_select_related = ("subscriber",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ("resend",)
    readonly_fields = (
        "subscriber",
        "event",
        "message_id",
        "article",
        "article_headline",
        "payload",
        "fingerprint",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    )

    def has_add_permission(self, request):
        return False

    @admin.action(description="Resend the selected deliveries (with what readers see now)")
    def resend(self, request, queryset):
        sent, refused = 0, []
        for delivery in queryset.select_related("subscriber"):
            try:
                delivery_resend(delivery=delivery)
                sent += 1
            except ValueError as exc:
                refused.append(f"{delivery}: {exc}")
        self.message_user(request, f"{sent} message(s) queued again.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)
