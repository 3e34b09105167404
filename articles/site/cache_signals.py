"""Which saves and deletions make cached public pages stale: every model a page shows is
hooked to ``caching.content_changed``. Imported from the articles app's ``ready()``."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Image,
    PermissionGrant,
    ReprintRule,
    Source,
)
from articles.site.caching import content_changed


# Anything a public page shows. Tags, mentions and companies are imported lazily to keep this
# module free of import cycles with the companies app.
@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=ReprintRule)
@receiver([post_save, post_delete], sender=Source)
@receiver([post_save, post_delete], sender=PermissionGrant)
@receiver(m2m_changed, sender=Article.tags.through)
# A story page shows its lead image's words and picture, its bylines and its corrections,
# which are edited on their own admin pages too.
@receiver([post_save, post_delete], sender=Image)
@receiver([post_save, post_delete], sender=Author)
@receiver([post_save, post_delete], sender=ArticleAuthor)
@receiver([post_save, post_delete], sender=Correction)
def _article_content_changed(**kwargs) -> None:
    content_changed(**kwargs)


def connect_related_signals() -> None:
    """Hook the companies app's and taggit's models; called from the app's ready()."""
    from taggit.models import Tag

    from articles.models import ArticleAuthor, Author, Correction, Image
    from companies.models import Company, CompanyAlias, FundingRound, Mention

    # Bylines, author pages, corrections and images (alt text, caption, credit) are on pages.
    shown = (ArticleAuthor, Author, Correction, Image)
    for model in (Company, CompanyAlias, FundingRound, Mention, Tag, *shown):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-d")
    for through in (FundingRound.leads.through, FundingRound.participants.through):
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"cache-{through}")
