"""Full-text search: ranking, highlighted snippets from visible text only, odd queries, and an
index that follows every change."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.editorial.publishing import article_publish
from articles.models import Article, Status
from articles.rights import excerpts
from search.models import SearchDocument
from search.query import MAX_TERMS, parse_query

from .factories import ArticleFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [r["article"].headline for r in response.context["results"]]


def test_world_model_finds_the_aicnbc_seed_with_a_highlighted_snippet(client, imported_seeds):
    response = search(client, "world model")
    seed = Article.objects.get(source__domain="aicnbc.com")
    assert titles(response) == [seed.headline]
    snippet = str(response.context["results"][0]["snippet"])
    assert "<mark>world</mark> <mark>model</mark>" in snippet
    assert "<mark>world</mark> <mark>model</mark>" in response.content.decode()


def test_held_seed_is_never_found(client, imported_seeds):
    # Only the held TECHTIMES story mentions AIsphere's gene-editing aside.
    assert titles(search(client, "ByteDance gene")) == []
    assert "gene" not in search(client, "AIsphere").content.decode().lower()


def test_results_are_ranked_headline_matches_first(client):
    body_only = ArticleFactory(headline="Quarterly results", body="<p>Robots did well.</p>")
    in_headline = ArticleFactory(headline="Robots take over the warehouse")
    ArticleFactory(headline="Nothing to see", body="<p>Cats.</p>")
    assert titles(search(client, "robots")) == [in_headline.headline, body_only.headline]


def test_stemming_matches_word_forms(client):
    ArticleFactory(headline="Funding news", body="<p>The startup was funded by investors.</p>")
    assert titles(search(client, "investor")) == ["Funding news"]


def test_phrases_must_match_in_order(client):
    ArticleFactory(headline="A", body="<p>The world model is here.</p>")
    ArticleFactory(headline="B", body="<p>A model of the world.</p>")
    assert titles(search(client, '"world model"')) == ["A"]
    assert sorted(titles(search(client, "world model"))) == ["A", "B"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"unbalanced quote',
        "((( robots",
        "robots )",
        "AND OR NOT",
        "robots OR",
        "-robots",
        "robots*",
        "NEAR(robots cats)",
        "col:robots",
        "^robots",
        "'; DROP TABLE articles_article; --",
        "🤖 ☃",
        "x" * 5000,
        " ".join(["robots"] * 500),
        "\x00robots",
        "<script>alert(1)</script>",
    ],
)
def test_odd_queries_get_a_sensible_page(client, query):
    ArticleFactory(headline="Robots everywhere")
    response = search(client, query)
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "Search" in page


def test_empty_query_prompts_and_symbol_query_explains(client):
    assert "Type a few words" in search(client, "").content.decode()
    assert "no words in it" in search(client, "(((").content.decode()


def test_long_query_is_shortened_with_a_note(client):
    ArticleFactory(headline="Robots everywhere")
    words = " ".join(f"robots{i}" for i in range(40))
    response = search(client, words)
    assert len(response.context["query"].groups) == MAX_TERMS
    assert "was long" in response.content.decode()


def test_parse_query_keeps_phrases_and_drops_syntax():
    parsed = parse_query('cloud "world  model" (AND) OR -"')
    assert ("world", "model") in parsed.groups
    assert ("cloud",) in parsed.groups
    assert all(token.isalnum() for group in parsed.groups for token in group)
    assert parsed.fts5().count('"') % 2 == 0


def test_search_pages_are_paginated_and_out_of_range_pages_show_the_last(client):
    for n in range(25):
        ArticleFactory(headline=f"Robot story {n}")
    first = search(client, "robot")
    assert len(first.context["results"]) == 20
    last = search(client, "robot", page=99)
    assert last.context["page_obj"].number == 2
    assert len(last.context["results"]) == 5
    assert client.get("/search/", {"q": "robot", "page": "x"}).status_code == 404


def test_snippets_come_only_from_visible_text(client, monkeypatch):
    """If the rule shows only an excerpt, neither snippet nor match may use the rest."""
    article = PartnerArticleFactory(
        headline="Partner story",
        body="<p>Opening paragraph about robots.</p><p>Secret second paragraph about lasers.</p>",
    )

    def excerpt_only(article, decision):
        return article.body.split("</p>")[0] + "</p>"

    monkeypatch.setattr(excerpts, "visible_body_html", excerpt_only)
    article.save()  # re-index under the patched rule
    assert titles(search(client, "lasers")) == []
    response = search(client, "robots")
    assert titles(response) == ["Partner story"]
    assert "Secret" not in response.content.decode()
    assert "lasers" not in response.content.decode()


def test_index_follows_save_publish_unpublish_and_delete(client):
    article = ArticleFactory(headline="Original headline", status=Status.DRAFT, publish_at=None)
    assert not SearchDocument.objects.filter(article=article).exists()
    assert titles(search(client, "original")) == []

    article_publish(article=article)
    assert titles(search(client, "original")) == ["Original headline"]

    article.headline = "Edited headline"
    article.save()
    assert titles(search(client, "original")) == []
    assert titles(search(client, "edited")) == ["Edited headline"]

    article.status = Status.UNPUBLISHED
    article.save()
    assert titles(search(client, "edited")) == []
    assert not SearchDocument.objects.filter(article=article).exists()

    article.status = Status.PUBLISHED
    article.save()
    assert titles(search(client, "edited")) == ["Edited headline"]
    article.delete()
    assert titles(search(client, "edited")) == []
    assert not SearchDocument.objects.exists()


def test_tags_are_searchable_and_follow_changes(client):
    article = ArticleFactory(headline="Untagged yet")
    assert titles(search(client, "semiconductors")) == []
    article.tags.add("Semiconductors")
    assert titles(search(client, "semiconductors")) == ["Untagged yet"]


def test_scheduled_story_becomes_searchable_when_its_time_comes(client, monkeypatch):
    ArticleFactory(
        headline="Embargoed robots",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timezone.timedelta(hours=1),
    )
    assert titles(search(client, "embargoed")) == []
    # Time passes, nobody saves anything: the index already holds the story, and the
    # publication filter (and the page cache, renewed at publish time) let it through.
    later = timezone.now() + timezone.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert titles(search(client, "embargoed")) == ["Embargoed robots"]


def test_rule_change_reindexes_its_stories(client):
    rule = ReprintRuleFactory(permission="attribution_required")
    PartnerArticleFactory(rule=rule, headline="Partner robots")
    assert titles(search(client, "robots")) == ["Partner robots"]
    rule.permission = "prohibited"
    rule.save()
    assert not SearchDocument.objects.exists()
    assert titles(search(client, "robots")) == []


def test_rebuild_command_indexes_everything(imported_seeds):
    from django.core.management import call_command

    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", stdout=__import__("io").StringIO())
    seed = Article.objects.get(source__domain="aicnbc.com")
    document = SearchDocument.objects.get(article=seed)
    assert "world model" in document.body
    assert SearchDocument.objects.count() == 1  # the held story is not indexed


def _stale_document(article: Article) -> None:
    """Index ``article`` as if the index had missed a change (a bulk update, a grant expiring)."""
    SearchDocument.objects.update_or_create(
        article_id=article.pk,
        defaults={"headline": article.headline, "body": "robots " * 50},
    )


def test_what_published_forbids_never_appears_even_when_it_matches_best(client):
    """The index is a shortlist; ``published()`` has the last word, and counts follow it."""
    for n in range(3):
        ArticleFactory(headline=f"Robots report {n}")
    future = ArticleFactory(
        headline="Robots robots robots: Zeppelin embargo",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timezone.timedelta(days=1),
    )
    forbidden = PartnerArticleFactory(
        headline="Robots robots robots: Quokka partner",
        rule=ReprintRuleFactory(permission="prohibited"),
        status=Status.DRAFT,
    )
    # "Published" behind the indexer's back, and its full text in the index.
    Article.objects.filter(pk=forbidden.pk).update(status=Status.PUBLISHED)
    _stale_document(forbidden)
    draft = ArticleFactory(headline="Robots Wombat draft", status=Status.DRAFT, publish_at=None)
    _stale_document(draft)
    assert SearchDocument.objects.filter(pk__in=[future.pk, forbidden.pk, draft.pk]).count() == 3

    response = search(client, "robots")
    assert titles(response) == [f"Robots report {n}" for n in (2, 1, 0)]
    assert response.context["paginator"].count == 3
    page = response.content.decode()
    assert "3 stories match" in page
    assert not {"Zeppelin", "Quokka", "Wombat"} & set(page.split())


def test_pages_are_full_exact_and_never_overlap_when_hidden_stories_rank_high(client):
    visible = {ArticleFactory(headline=f"Robot story {n}").headline for n in range(45)}
    for n in range(12):  # hidden matches, ranked above every visible one
        ArticleFactory(
            headline=f"Robot robot robot embargoed {n}",
            status=Status.SCHEDULED,
            publish_at=timezone.now() + timezone.timedelta(days=1),
        )
    pages = [search(client, "robot", page=n) for n in (1, 2, 3)]
    assert [len(p.context["results"]) for p in pages] == [20, 20, 5]
    assert pages[0].context["paginator"].count == 45
    seen = [title for p in pages for title in titles(p)]
    assert len(seen) == len(set(seen)) == 45
    assert set(seen) == visible
    cache.clear()  # asked again, uncached: the same page
    assert titles(search(client, "robot", page=2)) == titles(pages[1])


def test_more_matches_than_listed_says_so(client, monkeypatch):
    monkeypatch.setattr("search.query.MAX_RESULTS", 30)
    stories = [ArticleFactory(headline=f"Robot story {n}") for n in range(30)]
    page = search(client, "robot").content.decode()
    assert "30 stories match" in page  # exactly as many as we list: a plain count
    ArticleFactory(headline="Robot story 30")
    cache.clear()
    response = search(client, "robot")
    assert response.context["paginator"].count == 30
    assert "here are the best 30" in response.content.decode()
    assert "30 stories match" not in response.content.decode()
    # The newest 30 matches are the ones listed.
    assert stories[0].headline not in titles(response)


def test_search_page_query_budget(client, django_assert_max_num_queries):
    for n in range(25):
        ArticleFactory(headline=f"Robot story {n}").tags.add("Robotics")
    with django_assert_max_num_queries(8):
        search(client, "robot")
