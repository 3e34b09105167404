"""What a reader trips over on the public site: the front page, lists, bylines, tags, credits."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.markup.text import credit_line, lede
from articles.models import ArticleAuthor, Status
from companies.models import Mention

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CompanyFactory,
    ImageFactory,
    PartnerArticleFactory,
    ReprintRuleFactory,
)

pytestmark = pytest.mark.django_db


def meta_lines(html: str) -> list[str]:
    return re.findall(r'<p class="meta">(.*?)</p>', html, re.S)


# --- The story page ----------------------------------------------------------------------------


def test_a_story_without_a_byline_has_no_stray_dot(client):
    story = ArticleFactory(headline="Nobody wrote this")
    html = client.get(story.get_absolute_url()).content.decode()
    (meta,) = [m for m in meta_lines(html) if "<time" in m]
    # The separators are drawn between the parts present (site.css), none is typed in.
    assert "·" not in meta
    assert meta.strip().startswith("<time")


def test_byline_source_and_date_are_separate_parts(client):
    story = PartnerArticleFactory()
    ArticleAuthor.objects.create(article=story, author=AuthorFactory(name="Ada Lovelace"))
    html = client.get(story.get_absolute_url()).content.decode()
    (meta,) = [m for m in meta_lines(html) if "<time" in m]
    assert "·" not in meta
    assert re.search(r'<span class="byline">.*</span><a href="/sources/[^"]+/">.*</a><time', meta)


def test_renaming_an_author_reaches_cached_pages(client):
    story = ArticleFactory()
    author = AuthorFactory(name="Old Name")
    ArticleAuthor.objects.create(article=story, author=author)
    assert "Old Name" in client.get(story.get_absolute_url()).content.decode()
    author.name = "New Name"
    author.save()
    assert "New Name" in client.get(story.get_absolute_url()).content.decode()


def test_a_credit_that_says_photo_is_not_labelled_twice(client):
    image = ImageFactory(credit="Photo: Reuters", alt_text="A chip")
    story = ArticleFactory(lead_image=image)
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<span class="credit">Photo: Reuters</span>' in html
    assert "Photo: Photo:" not in html


@pytest.mark.parametrize(
    ("credit", "shown"),
    [
        ("Jane Doe", "Photo: Jane Doe"),
        ("Photo: Reuters", "Photo: Reuters"),
        ("photo : Reuters", "photo : Reuters"),
        ("PHOTO:Reuters", "PHOTO:Reuters"),
        ("Photo by Andrea Verdelli/Getty Images", "Photo by Andrea Verdelli/Getty Images"),
        ("Photograph: AP", "Photograph: AP"),
        ("Image: NASA", "Image: NASA"),
        ("Illustration by Kim", "Illustration by Kim"),
        ("Courtesy of Alibaba", "Courtesy of Alibaba"),
        ("© 2026 Tech Times", "© 2026 Tech Times"),
        ("Photographer Jane", "Photo: Photographer Jane"),  # a word, not a label
        ("  Jane   Doe ", "Photo: Jane Doe"),
        ("", ""),
    ],
)
def test_credit_line(credit, shown):
    assert credit_line(credit) == shown


# --- Navigation, tags, favicon -----------------------------------------------------------------


def test_the_site_navigation_links_companies(client):
    html = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group()
    assert f'href="{reverse("companies:index")}">Companies</a>' in nav


def test_a_tag_only_unpublished_stories_carry_is_a_404(client):
    ArticleFactory(status=Status.DRAFT, publish_at=None, tags=["Embargoed"])
    ArticleFactory(
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timezone.timedelta(days=1),
        tags=["Embargoed"],
    )
    assert client.get("/tags/embargoed/").status_code == 404
    assert client.get("/tags/no-such-tag/").status_code == 404
    ArticleFactory(tags=["Embargoed"])
    assert client.get("/tags/embargoed/").status_code == 200


def test_a_tag_whose_stories_a_rule_hides_is_a_404(client):
    rule = ReprintRuleFactory(permission="prohibited")
    PartnerArticleFactory(rule=rule, source=rule.source, tags=["Hidden"])
    assert client.get("/tags/hidden/").status_code == 404


def test_filters_that_match_nothing_on_a_real_tag_say_so(client):
    ArticleFactory(tags=["Robots"])
    response = client.get("/tags/robots/", {"origin": "partner"})
    assert response.status_code == 200
    assert "No stories match these filters" in response.content.decode()


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


# --- The front page and lists --------------------------------------------------------------------


def test_a_front_page_with_one_story_is_not_empty(client):
    company = CompanyFactory(name="Shengshu")
    story = PartnerArticleFactory(
        headline="Alibaba backs a world model startup",
        dek="",
        body="<p>Alibaba Cloud led a round in Shengshu. It makes video models.</p>"
        "<p>More follows.</p>",
        tags=["AI"],
    )
    Mention.objects.create(article=story, company=company)
    response = client.get("/")
    html = response.content.decode()
    assert "Alibaba backs a world model startup" in html
    # Its opening words stand in for the missing standfirst, and an empty "Latest" is gone.
    assert "Alibaba Cloud led a round in Shengshu. It makes video models." in html
    assert 'id="latest-heading"' not in html
    assert 'id="top-heading"' not in html
    # Ways in: the companies it names and its topics.
    assert f'href="{company.get_absolute_url()}">Shengshu</a>' in html
    assert 'href="/tags/ai/">AI</a>' in html


def test_the_front_page_has_a_lead_top_stories_and_the_latest(client):
    now = timezone.now()
    for n in range(15):
        ArticleFactory(headline=f"Story {n}", publish_at=now - timezone.timedelta(hours=n + 1))
    html = client.get("/").content.decode()
    top = re.search(r'<section class="top-stories".*?</section>', html, re.S).group()
    assert [f"Story {n}" for n in (1, 2, 3)] == re.findall(r"Story \d+", top)
    latest = re.search(r'<section class="latest".*?</section>', html, re.S).group()
    assert re.findall(r"Story \d+", latest) == [f"Story {n}" for n in range(4, 14)]


def test_lists_show_a_standfirst_and_the_lead_image(client):
    image = ImageFactory(alt_text="Chip fab")
    ArticleFactory(headline="With a picture", lead_image=image, dek="Our own standfirst.")
    PartnerArticleFactory(headline="Without a standfirst", dek="", body="<p>Its first words.</p>")
    html = client.get("/articles/").content.decode()
    assert "Our own standfirst." in html
    assert "Its first words." in html
    story = re.search(r'<li class="story has-thumb">.*?</li>', html, re.S).group()
    assert "With a picture" in story
    assert "/media/images/renditions/" in story


def test_thumbnails_cost_no_query_per_story(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.editorial.images import image_renditions

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/articles/").status_code == 200
        return len(queries)

    for _ in range(2):
        image_renditions(story_image := ImageFactory())
        ArticleFactory(lead_image=story_image)
    few = count()
    for _ in range(6):
        image_renditions(story_image := ImageFactory())
        ArticleFactory(lead_image=story_image)
    assert count() == few


def test_a_link_only_story_shows_no_text_of_the_partner_in_lists(client):
    rule = ReprintRuleFactory(permission="permission_required")
    PartnerArticleFactory(
        headline="Link only", rule=rule, source=rule.source, dek="", body="<p>Secret words.</p>"
    )
    html = client.get("/articles/").content.decode()
    assert "Link only" in html
    assert "Secret words" not in html


def test_lede():
    assert lede("One. Two three. Four.") == "One. Two three. Four."
    long = "word " * 100
    assert lede(long, words=10) == "word " * 9 + "word…"
    assert lede("First paragraph.\n\nSecond.") == "First paragraph."
    sentences = " ".join(f"Sentence number {n} is here." for n in range(20))
    assert lede(sentences, words=12) == "Sentence number 0 is here. Sentence number 1 is here."
    assert lede("", words=5) == ""


def test_the_standfirst_never_repeats_a_headline_made_from_the_lede():
    text = "Alibaba Cloud is investing in world models, says a report. It led a round.\n\nMore."
    assert lede(text, skip="Alibaba Cloud is investing in world models") == "It led a round."
    assert lede("Alibaba Cloud is investing.\n\nSecond one.", skip="Alibaba Cloud") == (
        "Second one."
    )
    assert lede("Something else. Then more.", skip="Alibaba") == "Something else. Then more."
