"""Index maintenance on every change that alters what a search may find.

Deleting an article deletes its document through the foreign key's CASCADE (and the FTS5
triggers follow). Bulk ``QuerySet.update()`` bypasses signals: run ``rebuild_search_index``
after one.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)
from django.dispatch import receiver

from articles.models import Article, ArticleAuthor, Author, GrantScope, PermissionGrant, ReprintRule

from .indexing import (
    index_article,
    index_articles,
    index_later,
    refresh_due_documents,
)
from .models import SearchDocument
from .rebuild import rebuild_index


@receiver(post_save, sender=Article)
def article_saved(
    sender, instance: Article, raw: bool = False, created: bool = False, **kwargs
) -> None:
    if raw:  # loaddata: the fixture's rows are indexed by post_migrate / the command
        return
    if not index_later(instance, created=created):
        index_article(instance)


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    changed = action in {"post_add", "post_remove", "post_clear"} and not reverse
    if changed and not index_later(instance):
        index_article(instance)


@receiver([post_save, post_delete], sender=ArticleAuthor)
def byline_changed(sender, instance: ArticleAuthor, raw: bool = False, **kwargs) -> None:
    # Readers search for the names in the byline.
    origin = kwargs.get("origin")
    if raw or _deleting_articles(origin):  # its story is going too, and its document with it
        return
    if not index_later(instance.article):
        index_article(instance.article)


def _deleting_articles(origin) -> bool:
    if isinstance(origin, QuerySet):
        return origin.model is Article
    return isinstance(origin, Article)


@receiver(post_save, sender=Author)
def author_saved(sender, instance: Author, raw: bool = False, created: bool = False, **kwargs):
    if not (raw or created):  # a renamed author: their stories answer to the new name
        index_articles(instance.articles.select_related("source", "rule"))


@receiver(post_save, sender=ReprintRule)
def rule_saved(sender, instance: ReprintRule, raw: bool = False, **kwargs) -> None:
    # A changed rule can widen or narrow the visible text of every story under it, and a
    # version's dates are moments for the stories of every version of that rule (a stricter
    # version governs them all once in force).
    if not raw:
        stories = Article.objects.filter(rule__key=instance.key)
        index_articles(stories.select_related("source", "rule").prefetch_related("tags"))


def _covered(grant: PermissionGrant) -> Q:
    if grant.scope == GrantScope.ARTICLE and grant.article_id:
        return Q(pk=grant.article_id)
    return Q(source_id=grant.source_id)


@receiver(pre_save, sender=PermissionGrant)
def grant_saving(sender, instance: PermissionGrant, raw: bool = False, **kwargs) -> None:
    # An edit may move the grant to another story or partner: the ones it covered before
    # lose it, so they are re-indexed too.
    if raw or instance.pk is None:
        return
    before = PermissionGrant.objects.filter(pk=instance.pk).first()
    instance._search_covered_before = _covered(before) if before is not None else None


@receiver([post_save, post_delete], sender=PermissionGrant)
def grant_changed(sender, instance: PermissionGrant, raw: bool = False, **kwargs) -> None:
    # A grant widens (or, revoked or deleted, narrows) the visible text of what it covers.
    if raw:
        return
    covered = _covered(instance)
    before = getattr(instance, "_search_covered_before", None)
    if before is not None:
        covered |= before
    stories = Article.objects.filter(covered)
    index_articles(stories.select_related("source", "rule").prefetch_related("tags"))


@receiver(post_migrate)
def fill_empty_index(sender, app_config, **kwargs) -> None:
    """Index existing articles once, the first time the search tables exist; and re-index
    documents whose moment has come (migration 0003 marks the older ones so)."""
    if app_config.label != "search":
        return
    tables = connection.introspection.table_names()
    if SearchDocument._meta.db_table not in tables:  # migrated back to before the index
        return
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, SearchDocument._meta.db_table
        )
    columns = {column.name for column in description}
    if "stale_at" not in columns:  # migrated back to before 0003
        return
    if not SearchDocument.objects.exists() and Article.objects.exists():
        rebuild_index()
    else:
        refresh_due_documents()
