"""Feed providers: a partner's feed (RSS/Atom, a web page, NINJS) polled on a schedule by the
background worker, with what the last fetch answered."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class FeedFormat(models.TextChoices):
    AUTO = "auto", "Tell by content"
    RSS = "rss", "RSS or Atom"
    HTML = "html", "Web page"
    NINJS = "ninjs", "NINJS (IPTC JSON)"


class FeedProvider(models.Model):
    """Where a partner publishes copy we may take, and the state of polling it."""

    source = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        related_name="feed_providers",
        help_text="The partner whose copy this is. Its reprint rules decide what readers see.",
    )
    name = models.CharField(max_length=200, help_text="What editors call this feed.")
    url = models.URLField(
        "feed URL",
        max_length=500,
        help_text="http or https on a public host; addresses on our own network are refused.",
    )
    format = models.CharField(max_length=10, choices=FeedFormat.choices, default=FeedFormat.AUTO)
    interval_minutes = models.PositiveIntegerField(
        "poll every (minutes)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)],
    )
    enabled = models.BooleanField(default=True, help_text="Off: the worker skips this feed.")

    next_fetch_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    last_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.PositiveIntegerField(
        "last HTTP status", null=True, blank=True, editable=False
    )
    last_error = models.TextField(blank=True, editable=False)
    last_summary = models.JSONField(default=dict, blank=True, editable=False)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["url"], name="feedprovider_unique_url"),
        ]

    def __str__(self) -> str:
        return self.name
