from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from ..sanitize import EDITOR_EXTENSIONS, sanitize_html
from .grants import GrantScope, PermissionGrant
from .rights import (
    PERMISSION_RANK,
    Permission,
    ReprintRule,
    permission_rank_expression,
)


class BodyField(ProseEditorField):
    """The rich-text body. Sanitising happens in ``Article.save()`` rather than at
    ``full_clean()``, because the importer's escaped HTML must be stored byte for byte."""

    def clean(self, value, model_instance):
        return models.TextField.clean(self, value, model_instance)


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
        """The one definition of "a reader may see this" (in full, as an excerpt or as a link):
        live status, publish time reached, and the partner's reprint rule allows it at ``at``.

        Rights are checked at query time: the rule version in force at ``at`` when it is
        stricter than the one the article was decided under, and permission grants valid at
        ``at``. The annotations let ``articles.rights.decide`` answer without more queries.
        """
        at = at or timezone.now()
        live = Q(status__in=[Status.PUBLISHED, Status.SCHEDULED], publish_at__lte=at)
        in_force = (
            ReprintRule.objects.in_force(at)
            .filter(key=OuterRef("rule__key"))
            .order_by("-valid_from", "-version")
        )
        pinned_rank = permission_rank_expression("rule__")
        in_force_rank = Subquery(
            in_force.annotate(rank=permission_rank_expression()).values("rank")[:1]
        )
        grants = PermissionGrant.objects.valid(at).filter(
            Q(scope=GrantScope.ARTICLE, article=OuterRef("pk"))
            | Q(scope=GrantScope.SOURCE, source=OuterRef("source"))
        )
        link_back_unmet = Q(original_url="") & (
            Q(rule__link_back_required=True) | Exists(in_force.filter(link_back_required=True))
        )
        return (
            self.annotate(
                rights_rank=Case(
                    When(origin=Origin.STAFF, then=Value(-1)),
                    When(rule__isnull=True, then=Value(99)),
                    default=Greatest(pinned_rank, Coalesce(in_force_rank, pinned_rank)),
                    output_field=models.IntegerField(),
                ),
                rights_in_force_id=Subquery(in_force.values("pk")[:1]),
                rights_granted=Exists(grants),
            )
            .filter(live, rights_rank__lte=PERMISSION_RANK[Permission.PERMISSION_REQUIRED])
            .exclude(Q(origin=Origin.PARTNER) & link_back_unmet)
        )

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
    # A TextField underneath (no migration); the editor's toolbar matches the sanitiser's
    # allowlist, and save() sanitises whatever arrives by any other road.
    body = BodyField(
        blank=True,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
        help_text="The story as readers see it. Headings, links, lists, quotes, bold and "
        "italic; anything else is removed on save.",
    )

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

    authors = models.ManyToManyField(
        "articles.Author",
        through="articles.ArticleAuthor",
        blank=True,
        related_name="articles",
    )
    lead_image = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_of",
        help_text="Shown above the story and in lists. Its alt text is required to publish.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Writers may edit the drafts they created.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every editorial save; a save made from an older version is "
        "refused instead of overwriting someone else's work.",
    )

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
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
            ("kill_article", "Can kill articles"),
            ("edit_any_article", "Can edit anyone's articles in any status"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        # The importer's body is escaped plain text in <p>/<h2> blocks, safe by construction
        # and kept byte for byte so re-imports can tell editors' edits apart; every other
        # body is sanitised, whichever road it came by.
        if self.body and self.body != (self.imported_values or {}).get("body"):
            self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        """Refuse body or headline edits the partner's reprint rule forbids."""
        super().clean()
        from ..rights import edit_violations, publish_violation

        errors = edit_violations(self)
        refused = publish_violation(self)
        if refused:
            errors["status"] = refused
        if errors:
            raise ValidationError(errors)

    @property
    def permission(self) -> str:
        """The rule's permission level; ``unknown`` for a partner story no rule matched."""
        if self.rule_id:
            return self.rule.permission
        return "unknown" if self.origin == Origin.PARTNER else "staff"
