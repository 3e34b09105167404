"""Search as a reader meets it: long queries, author names, and a suggestion for a typo."""

import pytest

from articles.models import ArticleAuthor, Status
from search.query import MAX_QUERY_CHARS, MAX_TERMS, parse_query

from .factories import ArticleFactory, AuthorFactory, PartnerArticleFactory

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [r["article"].headline for r in response.context["results"]]


# --- Long queries ----------------------------------------------------------------------------


def test_a_very_long_query_is_cut_at_a_word_boundary_and_still_matches(client):
    story = ArticleFactory(headline="A world model for robots", body="<p>World models.</p>")
    response = search(client, "world model " * 300)
    query = response.context["query"]
    assert query.words == ["world", "model"]  # never a fragment such as "mo"
    assert titles(response) == [story.headline]
    html = response.content.decode()
    assert "only its first words were used" in html
    assert "“world model”" in html


@pytest.mark.parametrize(
    "raw",
    [
        "x" * 150 + " " + "abcdefghijklmnopqrstuvwxyz" * 3,  # the cut falls inside a word
        ("semiconductor " * 40).strip(),
        " ".join(f"word{n}" for n in range(80)),
        '"an open phrase ' + "longword " * 40,
        "a" * 500,  # one enormous word
    ],
)
def test_long_queries_never_search_for_a_cut_word(raw):
    query = parse_query(raw)
    assert query.shortened
    kept = raw.split()
    for word in query.words:
        assert any(word in original.lower() for original in kept)
    whole_words = {w.strip('"').lower() for w in kept}
    cut = [w for w in query.words if w not in whole_words]
    assert cut in ([], [("a" * 500)[:MAX_QUERY_CHARS]])  # only the one-word query is cut
    assert len(query.groups) <= MAX_TERMS
    assert query.notes
    assert query.text in query.notes[0]


def test_a_query_at_the_limit_is_left_alone():
    raw = ("robots " * 40)[:MAX_QUERY_CHARS]
    assert not parse_query(raw).shortened
    assert parse_query(raw).notes == ()


# --- Authors ---------------------------------------------------------------------------------


def test_the_seed_is_found_by_its_authors_name(client, imported_seeds):
    assert titles(search(client, "Tobias")) == [
        "Alibaba Cloud is strategically investing in a new frontier of artificial intelligence"
    ]


def test_staff_bylines_are_searchable_and_follow_changes(client):
    story = ArticleFactory(headline="Chips in space")
    author = AuthorFactory(name="Marguerite Okonkwo")
    byline = ArticleAuthor.objects.create(article=story, author=author)
    assert titles(search(client, "Okonkwo")) == [story.headline]
    author.name = "Marguerite Adeyemi"
    author.save()
    assert titles(search(client, "Okonkwo")) == []
    assert titles(search(client, "Adeyemi")) == [story.headline]
    byline.delete()
    assert titles(search(client, "Adeyemi")) == []


def test_a_partner_story_without_bylines_is_found_by_its_original_author(client):
    story = PartnerArticleFactory(original_author="Zhou Wenjing")
    assert titles(search(client, "Wenjing")) == [story.headline]


def test_deleting_a_story_with_bylines_leaves_no_document(client):
    from search.models import SearchDocument

    story = ArticleFactory()
    ArticleAuthor.objects.create(article=story, author=AuthorFactory(name="Ada Byline"))
    story.delete()
    assert not SearchDocument.objects.filter(article_id=story.pk).exists()
    assert titles(search(client, "Byline")) == []


def test_unpublished_stories_are_not_found_by_author(client):
    story = ArticleFactory(status=Status.DRAFT, publish_at=None)
    ArticleAuthor.objects.create(article=story, author=AuthorFactory(name="Hidden Writer"))
    assert titles(search(client, "Hidden Writer")) == []


# --- Did you mean ----------------------------------------------------------------------------


def suggestion(response):
    found = response.context["suggestion"]
    return found.text if found else None


def test_a_typo_gets_the_closest_indexed_word_that_finds_something(client, imported_seeds):
    response = search(client, "Alibbaba")
    assert titles(response) == []
    assert suggestion(response) == "alibaba"
    html = response.content.decode()
    assert 'Did you mean <a class="suggestion" href="/search/?q=alibaba">alibaba</a>?' in html
    assert titles(search(client, suggestion(response)))  # and the suggestion finds the seed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("semicondutcor", "semiconductor"),  # transposed letters
        ("robotz", "robots"),  # a plural as the stories spell it
        ("compnies", "companies"),  # the index holds the stem "compani"
        ("tobais", "tobias"),  # an author's name
    ],
)
def test_typos_of_every_kind(client, typed, meant):
    ArticleFactory(
        headline="Semiconductor companies build robots",
        body="<p>Robots everywhere; companies agree.</p>",
    )
    PartnerArticleFactory(original_author="Tobias")
    assert suggestion(search(client, typed)) == meant


def test_each_wrong_word_of_a_query_is_corrected_and_the_right_ones_kept(client):
    ArticleFactory(headline="World models for robots", body="<p>World models, robots.</p>")
    assert suggestion(search(client, "world modles robots")) == "world models robots"
    assert suggestion(search(client, '"wrold models"')) == '"world models"'


def test_no_suggestion_when_nothing_is_close_or_the_words_are_right(client):
    ArticleFactory(headline="World models for robots")
    assert suggestion(search(client, "xylophonist")) is None
    # Every word is in the index, they just never meet in one story.
    ArticleFactory(headline="Quantum chips")
    response = search(client, "quantum robots")
    assert titles(response) == []
    assert suggestion(response) is None


def test_a_suggestion_never_comes_from_a_story_readers_cannot_see(client):
    from django.utils import timezone

    ArticleFactory(
        headline="Shengshu unveils Vidu four",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timezone.timedelta(days=2),
    )
    ArticleFactory(headline="Secret merger", status=Status.DRAFT, publish_at=None)
    ArticleFactory(headline="Something public")
    assert suggestion(search(client, "shengsu")) is None
    assert suggestion(search(client, "mergr")) is None
