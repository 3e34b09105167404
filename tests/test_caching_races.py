"""The shared page-cache state when two servers race: one renews the state while another's
change commits. The change's drop must win, whichever write reaches the cache last.

On one machine the window is a few milliseconds; these tests open it on purpose by running
the other server's commit in the middle of the renewal (``_renewed_state``)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import GrantScope, PermissionGrant, Status
from articles.site import caching

from .factories import ArticleFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db


def _commit_meanwhile(monkeypatch, change):
    """Run ``change`` and its commit (the other server's) once, after this process has read
    the rows for a renewal and before it writes the renewed state."""
    real = caching._renewed_state
    calls = []

    def racing(found, now, clock):
        result = real(found, now, clock)
        if not calls:
            calls.append(now)
            change()
            caching._drop_state()  # what the other server's on_commit does
        return result

    monkeypatch.setattr(caching, "_renewed_state", racing)
    return calls


def test_a_grant_committed_during_a_renewal_still_ends_every_copy_when_it_expires(
    client, monkeypatch
):
    article = PartnerArticleFactory(
        body="<p>Granted words only.</p>", rule=ReprintRuleFactory(permission="permission_required")
    )
    expiry = timezone.now() + timedelta(seconds=30)

    def record_grant():
        PermissionGrant.objects.create(
            scope=GrantScope.ARTICLE,
            article=article,
            granted_by="Partner",
            reference="email",
            valid_from=timezone.now() - timedelta(days=1),
            expires_at=expiry,
        )

    calls = _commit_meanwhile(monkeypatch, record_grant)
    state = caching.content_state()
    assert calls, "the race was not run"
    # The renewal read the rows before the grant existed: the state it wrote knew no expiry.
    # It must not stay in the shared cache, or pages would outlive the grant.
    assert state.next_change == expiry
    assert cache.get(caching.STATE_KEY).next_change == expiry
    page = client.get(article.get_absolute_url())
    assert "Granted words" in page.content.decode()
    assert int(page["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 30


def test_an_unpublish_during_a_list_renewal_is_not_undone(client, settings, monkeypatch):
    settings.PUBLIC_CACHE_ADDITIONS_SECONDS = 0
    article = ArticleFactory(headline="Soon withdrawn")
    assert "Soon withdrawn" in client.get("/").content.decode()
    old = cache.get(caching.STATE_KEY)
    caching._mark_added()  # an import added a story: list pages are due a new version
    caching.forget_memo()

    def unpublish():
        article.status = Status.UNPUBLISHED
        article.save()

    calls = _commit_meanwhile(monkeypatch, unpublish)
    state = caching.content_state()
    assert calls, "the race was not run"
    # Writing back the renewed list version would bring the old content version back.
    assert state.version != old.version
    assert cache.get(caching.STATE_KEY).version != old.version
    assert "Soon withdrawn" not in client.get("/").content.decode()


def test_changes_that_never_stop_landing_leave_the_page_uncached(client, monkeypatch):
    article = ArticleFactory(headline="Busy story")

    def always_racing(found, now, clock):
        result = real(found, now, clock)
        caching._drop_state()
        return result

    real = caching._renewed_state
    monkeypatch.setattr(caching, "_renewed_state", always_racing)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "max-age=0" in page["Cache-Control"]
    assert cache.get(caching.STATE_KEY) is None
