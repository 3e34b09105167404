"""The content API: articles, filters, cursors, formats, NINJS validity, HTTP behaviour."""

import pytest
from django.utils import timezone

from .factories import ArticleFactory
from .ninjs_schema import ninjs_validator

pytestmark = pytest.mark.django_db
VALIDATOR = ninjs_validator()


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (response.json() if response.content else None)


def test_list_is_newest_first_and_items_are_valid_ninjs(client):
    old = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=2), tags=["AI"])
    new = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(hours=1))
    response, data = get(client, "/api/v1/articles")
    assert response.status_code == 200, data
    assert [item["slugline"] for item in data["items"]] == [new.slug, old.slug]
    for item in data["items"]:
        VALIDATOR.validate(item)
    assert data["items"][1]["subjects"][0]["literal"] == "ai"
