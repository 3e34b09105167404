from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query import ModelIterable
from django.db.models.sql import Query
from django.db.models.sql.where import AND, WhereNode
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles.markup.sanitize import EDITOR_EXTENSIONS, sanitize_html
from articles.models.visibility import KeyedMemo, RightsSnapshot, snapshot_now

# Checks ``Article.clean()`` runs, each returning {field: message}. The rights engine sits
# above the models and registers its edits policy here when the app is ready
# (``ArticlesConfig.ready``), so every full_clean() refuses a rule-breaking edit while the
# models import nothing from it.
CLEAN_CHECKS: list[Callable[["Article"], dict[str, str]]] = []


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


class PublishedIterable(ModelIterable):
    """Yields articles carrying the rights facts ``published()`` read, so that
    ``articles.rights.engine`` needs no further query for them."""

    def __iter__(self):
        snapshot = self.queryset._rights_snapshot
        for article in super().__iter__():
            if snapshot is not None:
                snapshot.annotate(article)
            yield article


def _rights_q(snapshot: RightsSnapshot) -> models.Q:
    return snapshot.rights_q(staff=Origin.STAFF, partner=Origin.PARTNER)


# The rights condition as Django builds it for a query on the articles table, per set of
# allowed rule versions: building it (``add_q``) cost more than the query's SQL did, and it
# depends on nothing but those sets, so a rule change brings a new key, never a stale entry.
_rights_wheres = KeyedMemo()


def _rights_where(snapshot: RightsSnapshot, model) -> WhereNode:
    """A fresh copy of the WHERE node ``filter(snapshot.rights_q(...))`` adds on ``model``'s
    table (its columns only, so no joins or aliases of the query it joins matter)."""
    key = (model, snapshot.publishable_rule_ids, snapshot.link_back_rule_ids)
    where = _rights_wheres.get(key)
    if where is None:
        query = Query(model)
        query.add_q(_rights_q(snapshot))
        where = _rights_wheres.put(key, query.where)
    return where.clone()


class ArticleQuerySet(models.QuerySet):
    _rights_snapshot = None

    def _clone(self):
        clone = super()._clone()
        clone._rights_snapshot = self._rights_snapshot
        return clone

    def published(self, at=None):
        """The one definition of "a reader may see this" (in full, as an excerpt or as a link):
        live status, publish time reached, and the partner's reprint rule allows it at ``at``.

        Rights are checked at query time: the rule version in force at ``at`` when it is
        stricter than the one the article was decided under, and permission grants valid at
        ``at``, read when this is called (``visibility.RightsSnapshot``). The articles it
        yields carry those facts, so ``articles.rights.engine`` answers without more queries.
        """
        snapshot = RightsSnapshot.read(at) if at else snapshot_now(timezone.now())
        at = snapshot.at
        queryset = self.filter(status__in=[Status.PUBLISHED, Status.SCHEDULED], publish_at__lte=at)
        if next(iter(queryset.query.alias_map), None) == self.model._meta.db_table:
            queryset.query.where.add(_rights_where(snapshot, self.model), AND)
        else:  # the articles table under another alias (no caller does this): build it
            queryset = queryset.filter(_rights_q(snapshot))
        queryset._rights_snapshot = snapshot
        if queryset._iterable_class is ModelIterable:
            queryset._iterable_class = PublishedIterable
        return queryset

    @property
    def rights_snapshot(self) -> RightsSnapshot | None:
        """What ``published()`` read of the rules and grants for this queryset, if it did."""
        return self._rights_snapshot

    def with_live_status(self, status: str, at=None):
        """Stories whose status, as readers experience it at ``at``, is ``status``: a
        scheduled story whose publish time has passed counts as published."""
        at = at or timezone.now()
        if status == Status.PUBLISHED:
            return self.filter(
                models.Q(status=Status.PUBLISHED)
                | models.Q(status=Status.SCHEDULED, publish_at__lte=at)
            )
        if status == Status.SCHEDULED:
            return self.filter(status=Status.SCHEDULED, publish_at__gt=at)
        return self.filter(status=status)

    def for_listing(self):
        """What list pages need, fetched without a query per row (thumbnails included)."""
        return self.select_related("source", "rule", "lead_image").prefetch_related(
            "tags", "lead_image__renditions"
        )


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

    # Not indexed on its own: article_live_idx (publish_at, status, ...) serves "newest
    # stories in this status" without sorting, which a status index made SQLite do.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Indexed by article_live_idx below, which leads with it.
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When readers first see the story."
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
    text_is_partial = models.BooleanField(
        "partner text is partial",
        default=False,
        help_text="The partner supplied only a summary (a feed entry without its story) or its "
        "page is not free to read: readers get the headline, our own summary and a link, never "
        "this text as if it were the story.",
    )
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
    # Nullable so that adding it is an ALTER TABLE, not a copy of every story (SQLite).
    import_facts = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="What the parser read beyond the fields above: the licence the notice "
        "states, the dateline, every author, the partner profile and the press-release flag.",
    )

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
            # The importer recognises a renamed file by its original URL; without this every
            # imported file scanned the whole table (5 s per file at 100,000 articles).
            models.Index(fields=["original_url"], name="article_original_url_idx"),
            # Covering indexes for published(): its whole filter (status, publish time, rule,
            # origin, link back) is answered from the index, so counting or scanning published
            # stories never reads the stories' rows (about 10 KB each with their text), and lists
            # walk it newest first without sorting. They replace the plain publish_at and
            # (status, publish_at) indexes, which SQLite's planner preferred, reading every row
            # (a sitemap's count: 0.6 s at 100,000 stories, 27 ms with these). The second
            # serves "this partner's published stories" (filters, sources page).
            models.Index(
                fields=["publish_at", "status", "rule", "origin", "original_url"],
                name="article_live_idx",
            ),
            models.Index(
                fields=["source", "publish_at", "status", "rule", "origin", "original_url"],
                name="article_source_live_idx",
            ),
            # The sitemap index's "last modified": the newest change among published stories,
            # read backwards from here instead of from every published row.
            models.Index(fields=["updated_at"], name="article_updated_idx"),
            # The desk's order (newest first, undated drafts first, then by id): without the id
            # PostgreSQL sorted every undated story to find the first page (2.3 s at a million).
            models.Index(fields=["publish_at", "id"], name="article_desk_order_idx"),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
            ("kill_article", "Can kill articles"),
            ("edit_any_article", "Can edit anyone's articles in any status"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        self.body = self.body_as_stored()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        """Refuse what the registered checks refuse (the reprint rule's edits policy)."""
        super().clean()
        errors: dict[str, str] = {}
        for check in CLEAN_CHECKS:
            errors.update(check(self))
        if errors:
            raise ValidationError(errors)

    def body_as_stored(self) -> str:
        """The body as ``save()`` stores it; the preview shows exactly this.

        The importer's body is escaped plain text in <p>/<h2> blocks, safe by construction
        and kept byte for byte so re-imports can tell editors' edits apart; every other body
        is sanitised, whichever road it came by."""
        if self.body and self.body != (self.imported_values or {}).get("body"):
            return sanitize_html(self.body)
        return self.body

    @property
    def live_status(self) -> str:
        """The status as readers experience it: a scheduled story whose publish time has
        passed is published (it went live by query-time filtering, with nothing stored)."""
        if (
            self.status == Status.SCHEDULED
            and self.publish_at
            and self.publish_at <= timezone.now()
        ):
            return Status.PUBLISHED
        return self.status

    def get_live_status_display(self) -> str:
        return Status(self.live_status).label

    @property
    def permission(self) -> str:
        """The rule's permission level; ``unknown`` for a partner story no rule matched."""
        if self.rule_id:
            return self.rule.permission
        return "unknown" if self.origin == Origin.PARTNER else "staff"
