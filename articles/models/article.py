from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from .rights import FREELY_PUBLISHABLE


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    KILLED = "killed", "Killed"


class Origin(models.TextChoices):
    STAFF = "staff", "Staff"
    PARTNER = "partner", "Partner"


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """The one definition of "a reader may see this": live status, publish time reached,
        and the partner's reprint rule allows it."""
        at = at or timezone.now()
        live = Q(status__in=[Status.PUBLISHED, Status.SCHEDULED], publish_at__lte=at)
        rights = Q(origin=Origin.STAFF) | Q(rule__permission__in=FREELY_PUBLISHABLE)
        return self.filter(live & rights)

    def for_listing(self):
        """What list pages need, fetched without a query per row."""
        return self.select_related("source", "rule").prefetch_related("tags")


class Article(models.Model):
    headline = models.CharField(max_length=300)
    headline_is_provisional = models.BooleanField(
        default=False,
        help_text="The importer wrote this headline from the lede because the source had none. "
        "Write a real one, then untick.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    dek = models.TextField(blank=True, help_text="The standfirst shown under the headline.")
    body = models.TextField(blank=True, help_text="The story as readers see it (HTML).")

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When readers first see the story."
    )
    hold_reason = models.TextField(
        blank=True, help_text="Why the story is held back from readers, if it is."
    )

    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.STAFF)
    source = models.ForeignKey(
        "articles.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    original_url = models.URLField(max_length=500, blank=True)
    original_author = models.CharField(max_length=200, blank=True)
    copyright_notice = models.TextField(blank=True, help_text="The notice as found in the source.")
    copyright_holder = models.CharField(max_length=200, blank=True)
    rule = models.ForeignKey(
        "articles.ReprintRule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The reprint rule the notice was matched to.",
    )

    raw_text = models.TextField(blank=True, help_text="The imported text, verbatim.")
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    import_name = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="The file this story came from."
    )
    imported_values = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the importer last wrote, so a re-import can tell editors' edits apart.",
    )
    image_credits = models.JSONField(default=list, blank=True)
    upstream_credits = models.JSONField(default=list, blank=True)

    tags = TaggableManager(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            # The importer recognises a renamed file by its original URL; without this every
            # imported file scanned the whole table (5 s per file at 100,000 articles).
            models.Index(fields=["original_url"], name="article_original_url_idx"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def permission(self) -> str:
        """The rule's permission level; ``unknown`` for a partner story no rule matched."""
        if self.rule_id:
            return self.rule.permission
        return "unknown" if self.origin == Origin.PARTNER else "staff"
