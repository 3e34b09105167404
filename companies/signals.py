"""Drop the cached matcher as soon as this process changes the registry.

Other processes notice through the registry signature checked on every use.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import registry
from .models import Company, CompanyAlias


@receiver([post_save, post_delete], sender=Company)
@receiver([post_save, post_delete], sender=CompanyAlias)
def registry_changed(**kwargs) -> None:
    registry.invalidate()


@receiver(post_save, sender="articles.Article")
def staff_article_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    """Staff stories get their companies, suggestions and funding rounds on every save that
    touches the body. (Partner stories get them from the importer, which calls the same
    service once the body is final.)"""
    from articles.models import Origin
    from companies.services.mentions import article_text, mentions_refresh

    if raw or instance.origin != Origin.STAFF:
        return
    if update_fields is not None and "body" not in update_fields:
        return
    mentions_refresh(article=instance, text=article_text(instance))
