"""API keys, rate limits through the cache, and the access log the admin filters."""

import pytest
from django.core.cache import cache

from api.models import ApiAccess, ApiKey

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.API_ANONYMOUS_RATE_PER_MINUTE = 3
    settings.API_KEY_RATE_PER_MINUTE = 6


def test_anonymous_reads_are_limited_per_address(client):
    ArticleFactory()
    statuses = [client.get("/api/v1/articles").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/articles")
    assert response["Content-Type"] == "application/problem+json"
    assert "More than 3 requests a minute" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["RateLimit-Remaining"] == "0"
    # Another address has its own allowance.
    assert client.get("/api/v1/articles", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_limit_is_kept_in_the_shared_cache(client):
    """Counting in Django's cache is what makes the limit hold across app servers."""
    from api import ratelimit

    ArticleFactory()
    client.get("/api/v1/articles")
    # Another server process counting for the same address sees this request's hit.
    assert ratelimit.hit("ip:127.0.0.1", 3).remaining == 1


def test_a_key_raises_the_limit_and_every_request_is_logged(client):
    ArticleFactory()
    key, text = ApiKey.issue(name="Mobile app")
    key.save()
    assert text not in (key.hashed, key.prefix)
    assert len(text) > 30
    statuses = [
        client.get("/api/v1/articles", HTTP_AUTHORIZATION=f"Bearer {text}").status_code
        for _ in range(7)
    ]
    assert statuses == [200] * 6 + [429]
    assert client.get("/api/v1/tags", HTTP_X_API_KEY=text).status_code == 429
    log = list(ApiAccess.objects.filter(key=key).order_by("id"))
    assert len(log) == 8
    assert {entry.path for entry in log} == {"/api/v1/articles", "/api/v1/tags"}
    assert [entry.status for entry in log].count(429) == 2
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_wrong_or_revoked_key_is_refused_clearly(client):
    key, text = ApiKey.issue(name="Old partner")
    key.save()
    response = client.get("/api/v1/articles", HTTP_AUTHORIZATION="Bearer nrk_abcd1234_wrong")
    assert response.status_code == 401
    assert "not valid or has been revoked" in response.json()["detail"]
    key.revoke()
    assert client.get("/api/v1/articles", HTTP_X_API_KEY=text).status_code == 401


def test_admin_shows_a_new_key_once_and_stores_only_its_hash(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/api/apikey/add/", {"name": "Partner feed", "rate_per_minute": "", "notes": ""}
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="Partner feed")
    page = response.content.decode()
    text = page.split('id="api-key-text"')[1].split(">", 1)[1].split("<", 1)[0]
    assert text.startswith(f"nrk_{key.prefix}_")
    assert ApiKey.objects.find(text) == key
    assert text not in client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert text not in client.get("/admin/api/apikey/").content.decode()
    client.logout()
    cache.clear()
    client.get("/api/v1/articles", HTTP_AUTHORIZATION=f"Bearer {text}")
    client.force_login(admin)
    log = client.get(f"/admin/api/apiaccess/?key__id__exact={key.pk}")
    assert log.status_code == 200
    assert "/api/v1/articles" in log.content.decode()
