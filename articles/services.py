"""Changes of state for articles. The admin, the importer and the tests all call these."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, Status
from .rights import rights_decision


class PublishRefused(ValidationError):
    """Publishing would show readers what the article's reprint rule forbids."""


def article_publish(*, article: Article, at: datetime | None = None, user=None) -> Article:
    """Publish ``article`` at ``at`` (now by default), if its reprint rule allows it.
    ``user`` is who asked (None for the importer); roles are checked by
    ``articles.workflow.article_transition``, which editors' publishing goes through."""
    decision = rights_decision(article)
    if not decision.may_publish:
        raise PublishRefused(" ".join(decision.reasons))
    with transaction.atomic():
        article.status = Status.PUBLISHED
        article.publish_at = at or article.publish_at or timezone.now()
        article.hold_reason = ""
        article.full_clean()
        article.save()
    return article
