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
