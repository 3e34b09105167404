"""The new files of a chunk stored together: decided and validated one by one in Python, then
written in one INSERT per table (stories, tagged items, mentions, partner writers, bylines,
audit entries, revisions, search documents) inside one transaction (``importing`` gives it
as many of the chunk's new files as fit in ``ImportBatch.chunk_seconds``).

A file stored alone (``storing._create``) costs about 18 statements; here 45 files cost about
20 in all. The outcome is the per-file path's, row for row: the same decision
(``decide_new`` below is ``storing._publish_or_hold_new`` and ``_publish_or_hold`` in one,
exact for a story not stored yet because only its source's grants can cover it), the same
``full_clean``, slugs unique within the chunk and against the database, the same revision
rows, search documents and audit entries, and ``post_save`` sent for each story so every
listener (the webhooks, the public cache) hears of it as before. A file ``full_clean``
refuses is rejected on its own line; anything else that fails raises, the transaction rolls
back whole, and the importer stores those files again a file at a time (``storing``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Q
from django.db.models.signals import post_save
from taggit.models import Tag

from articles.editorial.bylines import partner_writers_many
from articles.editorial.publishing import publish_new_prepare, publish_new_record_many
from articles.editorial.revision_records import NewStoryRevision, revisions_record_new
from articles.ingest.batch import ImportBatch
from articles.ingest.files import _Pending
from articles.ingest.report import FileResult
from articles.ingest.slugs import readable_slug
from articles.ingest.storing import (
    NEW_CLEAN_EXCLUDE,
    held_for_editor,
    hold_reason,
    new_article,
)
from articles.markup.text import html_to_text
from articles.models import Article, ArticleAuthor, GrantScope, Origin, PermissionGrant
from articles.rights.decision import Decision
from articles.rights.engine import new_story_grants, rights_decision, rule_versions_cached
from articles.rights.moments import StoryRights
from articles.site.caching import additions
from companies.services.mentions import mentions_create_new
from search.indexing import index_new_articles, indexed_by_caller


@dataclass
class _Story:
    index: int
    pending: _Pending
    article: Article
    decision: Decision | None  # None: held
    tags: list = field(default_factory=list)
    byline: ArticleAuthor | None = None


def chunk_store_new(
    files: Sequence[tuple[int, _Pending, dict]], *, batch: ImportBatch
) -> dict[int, FileResult]:
    """Store ``files`` (index in the chunk, pending file, its credit fields), every one new,
    inside the caller's transaction; returns each one's result by index."""
    if not files:
        return {}
    results: dict[int, FileResult] = {}
    grants = _source_grants({credit["source"] for _, _, credit in files})
    slugs = _Slugs([readable_slug(p.parsed.headline[:300]) for _, p, _ in files])
    stories: list[_Story] = []
    with rule_versions_cached(batch.versions), new_story_grants(grants):
        for index, pending, credit in files:
            article = new_article(pending.parsed, name=pending.name, credit=credit)
            try:
                decision = decide_new(article)
                article.slug = slugs.take(article.headline)
                article.full_clean(exclude=NEW_CLEAN_EXCLUDE, validate_unique=False)
            except ValidationError as exc:
                error = "invalid data: " + "; ".join(exc.messages)
                results[index] = FileResult(pending.path, "rejected", error=error)
                continue
            article.body = article.body_as_stored()  # what save() would store
            stories.append(_Story(index, pending, article, decision))
        if stories:
            # New stories only add to what readers see, and so do the tags, partner writers
            # and funding-round suggestions made for them: list pages pick them up within
            # seconds instead of the whole page cache being dropped (as for a file alone).
            with additions():
                _write(stories, batch=batch, grants=grants)
    for story in stories:
        results[story.index] = FileResult(story.pending.path, "created", record=story.article)
    return results


def decide_new(article: Article) -> Decision | None:
    """Publish ``article`` (not saved yet) or hold it, as the importer does a file stored
    alone; returns the decision to record, or None when it is held (with its hold reason)."""
    decision = rights_decision(article)
    if not decision.may_autopublish or held_for_editor(article):
        article.hold_reason = hold_reason(article, decision)
        return None
    return publish_new_prepare(article=article)  # repins to the version in force now


def _write(stories: list[_Story], *, batch: ImportBatch, grants: dict) -> None:
    articles = Article.objects.bulk_create([story.article for story in stories])
    _tag(stories, known=batch.tags)
    mentions_create_new(
        stories=[(a, html_to_text(a.body)) for a in articles], registry=batch.registry
    )
    _credit_authors(stories, known=batch.authors)
    publish_new_record_many(
        (story.article, story.decision) for story in stories if story.decision is not None
    )
    revisions_record_new(
        [
            NewStoryRevision(
                story.article,
                f"Imported from {story.pending.name}",
                bylines=[story.byline] if story.byline else [],
                tags=[tag.name for tag in story.tags],
            )
            for story in stories
        ]
    )
    versions = batch.versions

    def rights(article: Article) -> StoryRights:
        if article.origin != Origin.PARTNER or not article.rule_id:
            return StoryRights(article, [], [])
        return StoryRights(
            article, versions.of(article.rule.key), grants.get(article.source_id, [])
        )

    index_new_articles(
        articles,
        tags={s.article.pk: [tag.name for tag in s.tags] for s in stories},
        names={s.article.pk: [s.byline.author.name] for s in stories if s.byline},
        rights=rights,
    )
    # Every listener hears of each new story as if it had been saved on its own (the
    # webhooks note it; the public cache takes it as an addition); search has it already.
    using = router.db_for_write(Article)
    with indexed_by_caller(a.pk for a in articles):
        for article in articles:
            post_save.send(
                sender=Article,
                instance=article,
                created=True,
                update_fields=None,
                raw=False,
                using=using,
            )


def _source_grants(sources: set) -> dict[int, list[PermissionGrant]]:
    """Every grant on the partners of the chunk's stories, by partner: the only grants that
    can cover a story not stored yet."""
    ids = {source.pk for source in sources if source is not None}
    grants: dict[int, list[PermissionGrant]] = {}
    if ids:
        for grant in PermissionGrant.objects.filter(scope=GrantScope.SOURCE, source_id__in=ids):
            grants.setdefault(grant.source_id, []).append(grant)
    return grants


class _Slugs:
    """Free slugs for the chunk's headlines: one query for every base slug, and the slugs
    given out in the chunk kept, so two stories of one chunk never share one."""

    def __init__(self, bases: list[str]) -> None:
        taken = Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True)
        self._taken = set(taken)
        self._given: set[str] = set()

    def take(self, headline: str) -> str:
        base = readable_slug(headline)
        slug, n = base, 2
        while slug in self._given or slug in self._taken or self._exists(slug, base):
            slug, n = f"{base}-{n}", n + 1
        self._given.add(slug)
        return slug

    def _exists(self, slug: str, base: str) -> bool:
        # The bases were all looked up at once; a suffixed slug only when its base is taken.
        return slug != base and Article.objects.filter(slug=slug).exists()


def _tag(stories: list[_Story], *, known: dict) -> None:
    """Each story's tags (taggit's, found or created, as ``storing._tag_new_article`` finds
    them), in one query for the names not yet known and one INSERT of the tagged items."""
    names = {name for story in stories for name in story.pending.parsed.tags} - known.keys()
    if names:
        query = Q()
        for name in names:
            query |= Q(name__iexact=name)
        by_lower: dict[str, list[Tag]] = {}
        for tag in Tag.objects.filter(query).order_by("pk"):
            by_lower.setdefault(tag.name.lower(), []).append(tag)
        for name in names:
            found = by_lower.get(name.lower(), [])
            if len(found) == 1 and name.isascii():
                known[name] = found[0]
    items = []
    for story in stories:
        if not story.pending.parsed.tags:
            continue
        manager = story.article.tags
        seen: set[int] = set()
        for name in story.pending.parsed.tags:
            tag = known.get(name)
            if tag is None:  # new, or a name only taggit's own look-up can be trusted with
                tag = known[name] = manager._to_tag_model_instances([name], {})[0]
            if tag.pk not in seen:  # "AI" and "ai" are one tag, as in taggit
                seen.add(tag.pk)
                story.tags.append(tag)
                items.append(manager.through(tag=tag, **manager._lookup_kwargs()))
    if items:
        items[0].__class__.objects.bulk_create(items)


def _credit_authors(stories: list[_Story], *, known: dict) -> None:
    """The original author's byline for each story that names one (as
    ``article_credit_original_author`` gives it), in one INSERT."""
    credited = [story for story in stories if story.article.original_author.strip()]
    authors = partner_writers_many(
        [(story.article.original_author.strip(), story.article.source) for story in credited],
        known=known,
    )
    for story, author in zip(credited, authors, strict=True):
        story.byline = ArticleAuthor(article=story.article, author=author, order=0)
    ArticleAuthor.objects.bulk_create([story.byline for story in stories if story.byline])
