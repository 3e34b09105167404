"""The rights matrix on the API: every permission level, grant state (none, valid, expired,
revoked) and rule version, on the list, the detail, search, both formats and the webhook
body. Nothing a reprint rule hides may be read through any of them."""

import json
from urllib.parse import quote

import pytest
from django.utils import timezone

from api.items.common import fetch_items
from api.webhooks.events import Current
from articles.models import Article, GrantScope, PermissionGrant, Status
from articles.rights.services import grant_revoke, rule_revise

from .factories import ArticleFactory
from .ninjs_schema import ninjs_validator
from .test_rights_matrix import LEVELS, OPENING, make_article

pytestmark = pytest.mark.django_db
VALIDATOR = ninjs_validator()
HIDDEN_WORDS = ("zanzibar", "quokka")  # past the excerpt's limits; the partner's standfirst


def surfaces(client, article) -> dict:
    """Everything the API and the webhooks would say about ``article`` now."""
    found = {}
    for output in ("ninjs", "json"):
        listing = client.get(f"/api/v1/articles?format={output}&limit=100").json()["items"]
        key = "slugline" if output == "ninjs" else "slug"
        found[f"list-{output}"] = [i for i in listing if i.get(key) == article.slug]
        response = client.get(f"/api/v1/articles/{article.slug}?format={output}")
        found[f"detail-{output}"] = (response.status_code, response.json())
    found["search"] = client.get("/api/v1/articles?q=zanzibar").json()["items"]
    (fresh,) = fetch_items(Article.objects.filter(pk=article.pk))
    found["webhook"] = Current(fresh, timezone.now()).item
    return found


def check(client, article, expected: str) -> None:
    found = surfaces(client, article)
    text = json.dumps(found, ensure_ascii=False)
    status, item = found["detail-ninjs"]
    _, plain = found["detail-json"]
    if expected == "nothing":
        assert status == 404
        assert found["detail-json"][0] == 404
        assert found["list-ninjs"] == []
        assert found["list-json"] == []
        assert article.headline not in text
        assert "Alpha bravo" not in text
        assert found["webhook"]["pubstatus"] == "withheld"
        assert set(found["webhook"]) <= {
            "uri",
            "standard",
            "type",
            "version",
            "versioncreated",
            "pubstatus",
        }
        return
    assert status == 200
    VALIDATOR.validate(item)
    VALIDATOR.validate(found["webhook"])
    assert found["list-ninjs"] == [item]
    assert item["headlines"][0]["value"] == article.headline
    assert plain["rights"]["visibility"] == expected
    assert "do not reuse" in item["usageterms"] or "licence" in item["usageterms"]
    assert "rightsinfo" in item
    if expected == "full":
        assert "zanzibar" in item["bodies"][0]["value"]
        assert "zanzibar" in plain["body_html"]
        assert "quokka" in json.dumps(item["descriptions"])
        assert [i["slugline"] for i in found["search"]] == [article.slug]
        assert item["representationtype"] == "full"
        return
    for word in HIDDEN_WORDS:
        assert word not in text, word
    assert found["search"] == []
    assert item["representationtype"] == "partial"
    assert "associations" not in item or expected == "excerpt"
    if expected == "excerpt":
        assert item["bodies"][0]["role"] == "excerpt"
        assert "Alpha bravo charlie delta echo foxtrot golf hotel …" in item["bodies"][0]["value"]
        assert "india" not in text
        assert "quarterly figures" not in text
        assert f'href="{article.original_url}"' in item["bodies"][0]["value"]
        assert "Read the full story at" in plain["body_html"]
    else:  # link only: the headline, our own summary (none here) and the link
        assert [b["role"] for b in item.get("bodies", [])] in ([], ["link"])
        assert "Alpha bravo" not in text
        assert OPENING not in text
        assert item["bodies"][0]["value"].count("<p") == 1
        assert f'href="{article.original_url}"' in item["bodies"][0]["value"]
        assert "only its headline, our own summary and a link" in item["usageterms"]


@pytest.mark.parametrize("level", LEVELS)
def test_every_permission_level(client, level):
    article = make_article(level)
    check(client, article, LEVELS[level][2])


@pytest.mark.parametrize(
    ("grant_state", "scope", "expected"),
    [
        ("none", None, "link_only"),
        ("valid", GrantScope.ARTICLE, "full"),
        ("valid", GrantScope.SOURCE, "full"),
        ("expired", GrantScope.ARTICLE, "link_only"),
        ("expired", GrantScope.SOURCE, "link_only"),
        ("revoked", GrantScope.ARTICLE, "link_only"),
        ("revoked", GrantScope.SOURCE, "link_only"),
        ("not_started", GrantScope.ARTICLE, "link_only"),
    ],
)
def test_every_grant_state(client, grant_state, scope, expected):
    article = make_article("permission_required")
    if scope is not None:
        now = timezone.now()
        grant = PermissionGrant.objects.create(
            scope=scope,
            article=article if scope == GrantScope.ARTICLE else None,
            source=article.source if scope == GrantScope.SOURCE else None,
            granted_by="Partner editor",
            reference="email",
            valid_from=now + timezone.timedelta(hours=1)
            if grant_state == "not_started"
            else now - timezone.timedelta(days=2),
            expires_at=now - timezone.timedelta(hours=1) if grant_state == "expired" else None,
        )
        if grant_state == "revoked":
            grant_revoke(grant=grant)
    check(client, article, expected)


def test_grant_expiry_shows_at_that_moment_even_on_a_cached_response(client, monkeypatch):
    article = make_article("permission_granted")
    grant = article.grants.get()
    grant.expires_at = timezone.now() + timezone.timedelta(minutes=5)
    grant.save()
    first = client.get(f"/api/v1/articles/{article.slug}")
    assert "zanzibar" in first.content.decode()
    assert int(first["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 300
    later = grant.expires_at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    # Neither a 304 for the old ETag nor the cached body: the content state renewed itself.
    again = client.get(f"/api/v1/articles/{article.slug}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "zanzibar" not in again.content.decode()
    check(client, article, "link_only")


@pytest.mark.parametrize(
    ("change", "starts", "expected"),
    [
        ({"permission": "excerpt_only"}, "now", "excerpt"),
        ({"permission": "prohibited"}, "now", "nothing"),
        ({"permission": "permission_required"}, "now", "link_only"),
        ({"permission": "prohibited"}, "later", "full"),
        ({"permission": "open_license"}, "now", "full"),
        ({"link_back_required": True}, "now", "full"),
    ],
)
def test_every_rule_version(client, change, starts, expected):
    article = make_article("attribution_required")
    at = timezone.now() + timezone.timedelta(hours=1) if starts == "later" else None
    rule_revise(rule=article.rule, changes=change, at=at)
    article.refresh_from_db()
    assert article.rule.version == 1  # the story keeps its version; a stricter one governs
    check(client, article, expected)


def test_link_back_required_without_an_original_url_shows_nothing(client):
    article = make_article("attribution_required")
    Article.objects.filter(pk=article.pk).update(original_url="")
    rule_revise(rule=article.rule, changes={"link_back_required": True})
    article.refresh_from_db()
    check(client, article, "nothing")


def test_updated_since_brings_changes_that_happened_without_a_write(client):
    """A sync client asking for what changed since its last poll also gets the stories that
    went live on schedule and those a grant started showing in full since then, though no
    one saved them; stories that did not change stay out."""

    def ago(**delta):
        return timezone.now() - timezone.timedelta(**delta)

    last_poll = ago(hours=3)
    untouched = ArticleFactory(publish_at=ago(days=2))
    went_live = ArticleFactory(status=Status.SCHEDULED, publish_at=ago(hours=1))
    granted = make_article("permission_required")
    PermissionGrant.objects.create(
        scope=GrantScope.ARTICLE,
        article=granted,
        granted_by="Partner editor",
        reference="email",
        valid_from=ago(hours=1),
    )
    Article.objects.filter(pk__in=[untouched.pk, went_live.pk, granted.pk]).update(
        updated_at=ago(days=2)
    )
    Article.objects.filter(pk=granted.pk).update(publish_at=ago(days=2))

    url = f"/api/v1/articles?format=json&limit=100&updated_since={quote(last_poll.isoformat())}"
    found = [item["slug"] for item in client.get(url).json()["items"]]
    assert went_live.slug in found
    assert granted.slug in found
    assert untouched.slug not in found
