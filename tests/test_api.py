"""The content API: articles, filters, cursors, formats, NINJS validity, HTTP behaviour."""

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import ArticleAuthor, Correction, Status
from companies.models import Company, CompanyAlias, CompanySlugRedirect, FundingRound, Mention

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CompanyFactory,
    PartnerArticleFactory,
)
from .ninjs_schema import ninjs_validator

pytestmark = pytest.mark.django_db
VALIDATOR = ninjs_validator()
NOW = timezone.now


def ago(**delta):
    return timezone.now() - timezone.timedelta(**delta)


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (response.json() if response.content else None)


def slugs(data):
    return [item.get("slugline") or item.get("slug") for item in data["items"]]


def assert_problem(response, status, *words):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"]
    for word in words:
        assert word in body["detail"], body["detail"]
    return body


def test_list_is_newest_first_and_items_are_valid_ninjs(client):
    old = ArticleFactory(publish_at=ago(days=2), tags=["AI"])
    new = ArticleFactory(publish_at=ago(hours=1))
    ArticleFactory(status=Status.DRAFT)
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(hours=1), status="scheduled")
    response, data = get(client, "/api/v1/articles")
    assert response.status_code == 200, data
    assert slugs(data) == [new.slug, old.slug]
    for item in data["items"]:
        VALIDATOR.validate(item)
    item = data["items"][1]
    assert item["subjects"][0] == {
        "name": "AI",
        "uri": "http://testserver/tags/ai/",
        "literal": "ai",
        "rel": "tag",
    }
    assert item["pubstatus"] == "usable"
    assert item["type"] == "text"
    assert item["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": old.headline}
    ]
    assert item["bodies"][0]["value"] == old.body
    assert item["descriptions"][0] == {
        "role": "summary",
        "contenttype": "text/plain",
        "value": old.dek,
    }
    assert "Ask us before republishing" in item["usageterms"] or "ask us" in item["usageterms"]
    assert item["rightsinfo"] == {"linkedrights": "http://testserver/"}


def test_item_carries_bylines_companies_corrections_and_the_lead_image(client):
    from .factories import ImageFactory

    image = ImageFactory()
    image.renditions.create(width=640, height=427, format="webp", file="images/renditions/x.webp")
    article = ArticleFactory(lead_image=image)
    author = AuthorFactory(name="Ada Writer")
    ArticleAuthor.objects.create(article=article, author=author, order=0)
    company = CompanyFactory(name="Zeta Corp", slug="zeta", ticker="ZETA", exchange="NASDAQ")
    Mention.objects.create(article=article, company=company)
    Correction.objects.create(article=article, text="The date was wrong.", corrected_at=NOW())
    _, item = get(client, f"/api/v1/articles/{article.slug}")
    VALIDATOR.validate(item)
    assert item["by"] == "Ada Writer"
    assert item["people"] == [
        {
            "name": "Ada Writer",
            "rel": "author",
            "uri": f"http://testserver/authors/{author.slug}/",
        }
    ]
    assert item["organisations"][0]["symbols"] == [{"ticker": "ZETA", "exchange": "NASDAQ"}]
    assert {"name": "Zeta Corp", "rel": "about"}.items() <= item["subjects"][0].items()
    assert any(
        d["role"] == "correction" and "date was wrong" in d["value"] for d in item["descriptions"]
    )
    (lead,) = item["associations"]
    assert lead["name"] == "leadimage"
    assert lead["type"] == "picture"
    assert lead["renditions"][0]["width"] == 640
    assert {"role": "alt", "contenttype": "text/plain", "value": "A red rectangle"} in lead[
        "descriptions"
    ]


def test_filters_narrow_the_list(client):
    tagged = ArticleFactory(tags=["Chips"], publish_at=ago(days=10))
    partner = PartnerArticleFactory(publish_at=ago(days=5))
    company = CompanyFactory(slug="acme")
    mentioned = ArticleFactory(publish_at=ago(days=3))
    Mention.objects.create(article=mentioned, company=company)
    written = ArticleFactory(publish_at=ago(days=1))
    author = AuthorFactory(slug="ada")
    ArticleAuthor.objects.create(article=written, author=author)
    assert slugs(get(client, "/api/v1/articles?tag=chips")[1]) == [tagged.slug]
    assert slugs(get(client, f"/api/v1/articles?source={partner.source.slug}")[1]) == [partner.slug]
    assert slugs(get(client, "/api/v1/articles?company=acme")[1]) == [mentioned.slug]
    assert slugs(get(client, "/api/v1/articles?author=ada")[1]) == [written.slug]
    since = (timezone.now() - timezone.timedelta(days=4)).date().isoformat()
    assert slugs(get(client, f"/api/v1/articles?since={since}")[1]) == [
        written.slug,
        mentioned.slug,
    ]
    until = (timezone.now() - timezone.timedelta(days=5)).date().isoformat()
    assert slugs(get(client, f"/api/v1/articles?until={until}")[1]) == [partner.slug, tagged.slug]
    cutoff = timezone.now() - timezone.timedelta(seconds=1)
    type(written).objects.filter(pk=tagged.pk).update(updated_at=ago(days=9))
    from urllib.parse import quote

    recent = get(client, f"/api/v1/articles?updated_since={quote(cutoff.isoformat())}")[1]
    assert tagged.slug not in slugs(recent)
    assert written.slug in slugs(recent)


def test_search_filter_with_snippets_from_visible_text(client):
    ArticleFactory(body="<p>Nothing relevant here.</p>")
    match = ArticleFactory(headline="Quantum chips arrive", body="<p>The quantum chip ships.</p>")
    _, data = get(client, "/api/v1/articles?q=quantum")
    assert slugs(data) == [match.slug]
    snippets = [d for d in data["items"][0]["descriptions"] if d["role"] == "snippet"]
    assert "<mark>quantum</mark>" in snippets[0]["value"]
    _, plain = get(client, "/api/v1/articles?q=quantum&format=json")
    assert "<mark>quantum</mark>" in plain["items"][0]["snippet"]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("tag=nope", 400, ["No tag has the slug “nope”"]),
        ("company=nope", 400, ["No company"]),
        ("source=nope", 400, ["No partner"]),
        ("author=nope", 400, ["No author"]),
        ("tag=a%20b", 400, ["takes a slug"]),
        ("since=yesterday", 400, ["since must be an ISO 8601 date", "yesterday"]),
        ("until=2026-02-30", 400, ["until must be"]),
        ("updated_since=2026-01-01T25:00", 400, ["updated_since"]),
        ("since=2026-02-01&until=2026-01-01", 400, ["since is later than until"]),
        ("since=9999-12-31T23:59:59-12:00", 400, ["since must be"]),
        ("cursor=garbage", 400, ["is not a cursor this API issued"]),
        ("cursor=WyJ4IiwxXQ", 400, ["is not a cursor"]),
        ("limit=0", 400, ["limit must be between 1 and 100; got 0"]),
        ("limit=101", 400, ["limit must be between 1 and 100; got 101"]),
        ("limit=many", 400, ["limit"]),
        ("fields=headlines,nonsense", 400, ["Unknown field 'nonsense'"]),
        ("fields=headline", 400, ["NINJS 2.1 calls headline headlines"]),
        ("format=xml", 400, ["format must be ninjs"]),
        ("tags=ai", 400, ["Unknown parameter 'tags'"]),
        ("q=%22%22", 400, ["q holds no words"]),
        ("tag=%00", 400, ["takes a slug"]),
    ],
)
def test_bad_input_is_a_problem_document_naming_it(client, query, status, words):
    ArticleFactory()
    response = client.get(f"/api/v1/articles?{query}")
    body = assert_problem(response, status, *words)
    assert body["instance"].startswith("/api/v1/articles")


def test_unknown_story_path_and_method_are_problem_documents(client):
    ArticleFactory(slug="killed-one", status=Status.KILLED)
    assert_problem(client.get("/api/v1/articles/nope"), 404, "No story readers may see")
    assert_problem(client.get("/api/v1/articles/killed-one"), 410, "withdrawn")
    assert_problem(client.get("/api/v1/nothing-here"), 404, "No such endpoint")
    assert_problem(client.post("/api/v1/articles"), 405, "read-only")


def test_cursor_pagination_walks_forward_and_back_without_gaps(client):
    moment = ago(hours=2)
    made = [ArticleFactory(publish_at=moment if i % 2 else ago(hours=i + 3)) for i in range(7)]
    expected = [a.slug for a in sorted(made, key=lambda a: (a.publish_at, a.pk), reverse=True)]
    seen, cursor, pages = [], None, []
    while True:
        url = "/api/v1/articles?limit=3" + (f"&cursor={cursor}" if cursor else "")
        response, data = get(client, url)
        assert response.status_code == 200
        pages.append(data)
        seen += slugs(data)
        cursor = data["next"]
        if cursor is None:
            break
    assert seen == expected
    assert pages[0]["prev"] is None
    assert pages[0]["limit"] == 3
    back = get(client, f"/api/v1/articles?limit=3&cursor={pages[-1]['prev']}")[1]
    assert slugs(back) == slugs(pages[-2])
    assert slugs(get(client, f"/api/v1/articles?limit=3&cursor={back['prev']}")[1]) == slugs(
        pages[0]
    )


def test_fields_trims_items_and_keeps_the_uri(client):
    ArticleFactory()
    _, data = get(client, "/api/v1/articles?fields=headlines,usageterms")
    assert set(data["items"][0]) == {"uri", "headlines", "usageterms"}
    VALIDATOR.validate(data["items"][0])
    _, plain = get(client, "/api/v1/articles?format=json&fields=headline")
    assert set(plain["items"][0]) == {"id", "headline"}


def test_plain_json_format(client):
    article = PartnerArticleFactory(tags=["AI"])
    _, data = get(client, f"/api/v1/articles/{article.slug}?format=json")
    assert data["headline"] == article.headline
    assert data["url"] == f"http://testserver/articles/{article.slug}/"
    assert data["rights"]["visibility"] == "full"
    assert data["rights"]["original_url"] == article.original_url
    assert "do not reuse" in data["rights"]["usage_terms"]
    assert data["tags"] == [{"name": "AI", "slug": "ai", "url": "http://testserver/tags/ai/"}]
    assert data["byline"] == "Jane Partner"


def test_etag_304_and_cache_control_bounded_by_the_next_visibility_change(client):
    article = ArticleFactory()
    response = client.get("/api/v1/articles")
    etag = response["ETag"]
    assert etag
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    again = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    detail = client.get(f"/api/v1/articles/{article.slug}")
    assert (
        client.get(
            f"/api/v1/articles/{article.slug}", HTTP_IF_NONE_MATCH=detail["ETag"]
        ).status_code
        == 304
    )
    ArticleFactory(status="scheduled", publish_at=timezone.now() + timezone.timedelta(seconds=20))
    response = client.get("/api/v1/articles")
    assert response["ETag"] != etag  # the save made every cached response stale
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 <= max_age <= 20


def test_cors_allows_get_from_any_origin(client):
    ArticleFactory()
    response = client.get("/api/v1/articles", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The public site is not opened up.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://x.example")


def test_docs_and_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/companies",
        "/api/v1/tags",
    } <= set(schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_companies_with_other_names_and_confirmed_rounds(client):
    Company.objects.all().delete()  # the shipped registry; only these companies here
    parent = CompanyFactory(name="Alpha Group", slug="alpha-group")
    company = CompanyFactory(name="Alpha Cloud", slug="alpha-cloud", parent=parent)
    CompanyAlias.objects.create(company=company, name="AlphaC", kind="alias")
    CompanyAlias.objects.create(company=company, name="Alpha Studio", kind="product")
    investor = CompanyFactory(name="Beta Ventures", slug="beta-ventures")
    readable = ArticleFactory()
    hidden = ArticleFactory(status=Status.DRAFT)
    confirmed = FundingRound.objects.create(
        company=company,
        amount=290_000_000,
        currency="USD",
        round_name="Series B",
        status="confirmed",
        source_article=readable,
    )
    confirmed.leads.add(investor)
    FundingRound.objects.create(
        company=company, amount=1, currency="USD", status="confirmed", source_article=hidden
    )
    FundingRound.objects.create(company=company, amount=5, currency="USD", status="pending")
    CompanySlugRedirect.objects.create(old_slug="alpha-old", company=company)

    _, data = get(client, "/api/v1/companies/alpha-cloud")
    assert data["parent"]["slug"] == "alpha-group"
    assert {"name": "AlphaC", "kind": "alias"} in data["other_names"]
    assert {"name": "Alpha Studio", "kind": "product"} in data["other_names"]
    rounds = data["funding_rounds"]
    assert len(rounds) == 2  # the pending one is not shown
    series_b = next(r for r in rounds if r["round_name"] == "Series B")
    assert series_b["amount_display"] == "$290 million"
    assert series_b["leads"][0]["slug"] == "beta-ventures"
    assert series_b["source_article"]["slug"] == readable.slug
    assert next(r for r in rounds if r is not series_b)["source_article"] is None
    moved = client.get("/api/v1/companies/alpha-old")
    assert moved.status_code == 301
    assert moved["Location"] == "/api/v1/companies/alpha-cloud"
    assert_problem(client.get("/api/v1/companies/nope"), 404, "No company")

    first = get(client, "/api/v1/companies?limit=2")[1]
    assert [c["slug"] for c in first["items"]] == ["alpha-cloud", "alpha-group"]
    second = get(client, f"/api/v1/companies?limit=2&cursor={first['next']}")[1]
    assert [c["slug"] for c in second["items"]] == ["beta-ventures"]


def test_tags_and_sources_only_where_readers_see_a_story(client):
    ArticleFactory(tags=["Visible"])
    ArticleFactory(tags=["Hidden"], status=Status.DRAFT)
    partner = PartnerArticleFactory()
    PartnerArticleFactory(status=Status.DRAFT)
    assert Tag.objects.count() == 2
    assert [t["slug"] for t in get(client, "/api/v1/tags")[1]["items"]] == ["visible"]
    assert [s["slug"] for s in get(client, "/api/v1/sources")[1]["items"]] == [partner.source.slug]


def test_list_queries_do_not_grow_with_the_page(client, django_assert_max_num_queries):
    for i in range(3):
        article = ArticleFactory(tags=[f"t{i}"])
        Mention.objects.create(article=article, company=CompanyFactory())
    with django_assert_max_num_queries(12) as small:
        client.get("/api/v1/articles?format=json")
    for i in range(40):
        article = PartnerArticleFactory(tags=[f"t{i}", "x"])
        Mention.objects.create(article=article, company=CompanyFactory())
        Correction.objects.create(article=article, text="Fix.", corrected_at=NOW())
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/articles?limit=40")
    assert len(response.json()["items"]) == 40
