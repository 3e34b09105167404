"""Feed providers in the admin: where each partner's feed is, how often the worker polls it,
and what the last fetch answered. Fetching happens on the worker, never in the request."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from articles.ingest.fetching import FetchError, check_url
from articles.ingest.providers import fetch_limits
from articles.ingest.tasks import poll_provider, schedule_feed_poll
from articles.models import FeedProvider


@admin.register(FeedProvider)
class FeedProviderAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "source",
        "format",
        "enabled",
        "interval_minutes",
        "last_fetch_column",
        "failures_column",
    ]
    list_filter = ["enabled", "format", "source"]
    search_fields = ["name", "url", "source__name"]
    autocomplete_fields = ["source"]
    actions = ["fetch_now", "enable", "disable"]
    readonly_fields = [
        "last_fetched_at",
        "last_status",
        "last_error",
        "last_summary",
        "consecutive_failures",
        "next_fetch_at",
        "etag",
        "last_modified",
    ]
    fieldsets = [
        (None, {"fields": ["name", "source", "url", "format", "interval_minutes", "enabled"]}),
        (
            "Last fetch",
            {
                "fields": [
                    "last_fetched_at",
                    "last_status",
                    "last_error",
                    "last_summary",
                    "consecutive_failures",
                    "next_fetch_at",
                ]
            },
        ),
        ("Conditional GET", {"classes": ["collapse"], "fields": ["etag", "last_modified"]}),
    ]

    @admin.display(description="last fetch", ordering="last_fetched_at")
    def last_fetch_column(self, obj):
        if obj.last_fetched_at is None:
            return "never"
        when = timezone.localtime(obj.last_fetched_at).strftime("%d %b %H:%M")
        return f"{when}: {obj.last_error or obj.last_status}"

    @admin.display(description="failures in a row", ordering="consecutive_failures")
    def failures_column(self, obj):
        if not obj.consecutive_failures:
            return "0"
        return format_html('<strong class="errornote">{}</strong>', obj.consecutive_failures)

    def save_model(self, request, obj, form, change):
        try:
            check_url(obj.url, allow_private=fetch_limits().allow_private)
        except FetchError as exc:
            messages.warning(request, f"{obj.url}: {exc}. The worker will report the same.")
        if not change or "url" in form.changed_data or "enabled" in form.changed_data:
            obj.next_fetch_at = None  # due at once
            obj.etag = obj.last_modified = ""
        super().save_model(request, obj, form, change)
        schedule_feed_poll()

    @admin.action(description="Fetch now (on the worker)")
    def fetch_now(self, request, queryset):
        providers = list(queryset.filter(enabled=True))
        for provider in providers:
            transaction.on_commit(lambda pk=provider.pk: poll_provider.enqueue(pk))
        self.message_user(
            request,
            f"Queued {len(providers)} feed(s) for fetching; the list shows the answer when the "
            "worker has fetched them.",
            messages.SUCCESS,
        )

    @admin.action(description="Turn on")
    def enable(self, request, queryset):
        count = queryset.update(enabled=True, next_fetch_at=None)
        schedule_feed_poll()
        self.message_user(request, f"Turned on {count} feed(s).", messages.SUCCESS)

    @admin.action(description="Turn off")
    def disable(self, request, queryset):
        count = queryset.update(enabled=False)
        self.message_user(request, f"Turned off {count} feed(s).", messages.SUCCESS)
