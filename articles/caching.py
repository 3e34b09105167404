"""HTTP caching for the public site.

Every anonymous page carries an ``ETag`` and ``Last-Modified`` derived from one site-wide
*content state*: a version token, the time of the last change, and the next scheduled
publication. Signals replace the version whenever anything readers see changes (an article
saved or deleted, its tags or companies, a reprint rule, a company), and the state renews
itself when the next scheduled story goes live. Rendered pages are kept in the cache under
their ETag, so a changed version is a clean invalidation; the ``max-age`` sent to browsers
never reaches past the next scheduled publication.

The state lives in Django's cache: use a shared cache (``REDIS_URL``) when several
processes serve the site, or each keeps its own and learns of another's edits only
through the renewal at the next publication. ``QuerySet.update()`` sends no signals.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .models import Article, PermissionGrant, ReprintRule, Source, Status

STATE_KEY = "public:content-state:v1"
PAGE_KEY = "public:page:{}"


@dataclass(frozen=True)
class ContentState:
    version: str
    last_modified: datetime
    next_publish_at: datetime | None


def content_state(now: datetime | None = None) -> ContentState:
    """The current content state, renewed when missing or once the next change came due."""
    now = now or timezone.now()
    state = cache.get(STATE_KEY)
    if state is not None and (state.next_publish_at is None or state.next_publish_at > now):
        return state
    # After a scheduled story went live, its publish time is the moment content last changed.
    changed = now if state is None else max(state.last_modified, state.next_publish_at)
    next_publish_at = next_visibility_change(now)
    state = ContentState(uuid.uuid4().hex, changed.replace(microsecond=0), next_publish_at)
    cache.set(STATE_KEY, state, timeout=None)
    return state


def next_visibility_change(now: datetime) -> datetime | None:
    """The next moment what readers see changes with no write: a scheduled story goes live, a
    permission grant starts or expires, or a reprint-rule version starts or ends."""
    grants = PermissionGrant.objects.filter(revoked_at__isnull=True).aggregate(
        starts=Min("valid_from", filter=Q(valid_from__gt=now)),
        ends=Min("expires_at", filter=Q(expires_at__gt=now)),
    )
    rules = ReprintRule.objects.aggregate(
        starts=Min("valid_from", filter=Q(valid_from__gt=now)),
        ends=Min("valid_to", filter=Q(valid_to__gt=now)),
    )
    candidates = [
        Article.objects.filter(
            status__in=[Status.PUBLISHED, Status.SCHEDULED], publish_at__gt=now
        ).aggregate(next=Min("publish_at"))["next"],
        *grants.values(),
        *rules.values(),
    ]
    return min((moment for moment in candidates if moment is not None), default=None)


def content_changed(**kwargs) -> None:
    """Signal receiver: something readers may see changed; every cached page is stale."""
    cache.delete(STATE_KEY)
    # Inside a transaction a reader may rebuild the state from the rows as they were before
    # the commit; dropping it again once the change is committed closes that window.
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def _max_age(state: ContentState, now: datetime) -> int:
    max_age = settings.PUBLIC_CACHE_SECONDS
    if state.next_publish_at is not None:
        max_age = min(max_age, int((state.next_publish_at - now).total_seconds()))
    return max(max_age, 0)


def public_page(view):
    """Conditional GET (304), response caching and Cache-Control for an anonymous page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        now = timezone.now()
        state = content_state(now)
        digest = hashlib.sha256(f"{state.version}|{request.get_full_path()}".encode())
        etag = f'"{digest.hexdigest()[:32]}"'
        last_modified = state.last_modified.timestamp()
        max_age = _max_age(state, now)

        def finish(response):
            # Ours replace any the view set (feeds set their own Last-Modified), so the
            # validators a client sends back are always the ones checked above.
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=max_age)
            return response

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return finish(not_modified)
        key = PAGE_KEY.format(etag.strip('"'))
        cached = cache.get(key)
        if cached is not None:
            return finish(cached)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming:
            finish(response)
            if max_age:
                cache.set(key, response, timeout=max(max_age, settings.PUBLIC_CACHE_SECONDS))
        return response

    return wrapper


# Anything a public page shows. Tags, mentions and companies are imported lazily to keep this
# module free of import cycles with the companies app.
@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=ReprintRule)
@receiver([post_save, post_delete], sender=Source)
@receiver([post_save, post_delete], sender=PermissionGrant)
@receiver(m2m_changed, sender=Article.tags.through)
def _article_content_changed(**kwargs) -> None:
    content_changed()


def connect_related_signals() -> None:
    """Hook the companies app's and taggit's models; called from the app's ready()."""
    from taggit.models import Tag

    from companies.models import Company, Mention

    for model in (Company, Mention, Tag):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-d")
