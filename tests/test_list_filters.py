"""The list filter's tag and partner options and the front page's ways in are kept once per
listing content version: they must still follow every change and every moment readers'
view changes on its own (a stricter rule version taking effect); a reader's choice is still
checked."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status

from .factories import (
    ArticleFactory,
    CompanyFactory,
    PartnerArticleFactory,
    ReprintRuleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Every request renders, so what is checked is the options' own memo, not a stored page.
    settings.PUBLIC_PAGE_CACHE = False


def options(client, name: str, url: str = "/articles/", **params) -> list[str]:
    page = client.get(url, params).content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(1)) if select else []


def withdrawn_at(moment, source=None, **kwargs):
    """A partner story readers see in full until ``moment``, when a version of its rule
    that prohibits republishing takes effect (with no write at that moment)."""
    source = source or SourceFactory()
    rule = ReprintRuleFactory(
        key="wire-terms",
        source=source,
        valid_from=timezone.now() - timezone.timedelta(days=1),
        valid_to=moment,
    )
    article = PartnerArticleFactory(rule=rule, source=source, **kwargs)
    ReprintRuleFactory(
        key="wire-terms", version=2, source=source, permission="prohibited", valid_from=moment
    )
    return article


def test_options_follow_publishing_and_unpublishing(client, settings):
    # As in production: the content state is kept for a while; this process's own changes
    # still show at once.
    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 60
    robots = ArticleFactory(headline="Robots", tags=["Robots"])
    assert options(client, "tag") == ["", "robots"]
    ArticleFactory(headline="Drones", tags=["Drones"])
    assert options(client, "tag") == ["", "drones", "robots"]
    robots.status = Status.UNPUBLISHED
    robots.save()
    assert options(client, "tag") == ["", "drones"]
    draft = ArticleFactory(headline="Draft", tags=["Secret plans"], status=Status.DRAFT)
    assert "secret-plans" not in options(client, "tag")
    assert draft.tags.exists()


def test_options_drop_a_tag_and_partner_when_a_rule_withdraws_their_only_story(client, monkeypatch):
    now = timezone.now()
    expiry = now + timezone.timedelta(minutes=5)
    ArticleFactory(headline="Staff story", tags=["Robots"])
    wire = SourceFactory(name="Granted Wire", slug="granted-wire")
    withdrawn_at(expiry, source=wire, headline="Granted", tags=["Granted topic"])
    assert options(client, "tag") == ["", "granted-topic", "robots"]
    assert "granted-wire" in options(client, "source")

    later = expiry + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert options(client, "tag") == ["", "robots"]
    assert "granted-wire" not in options(client, "source")
    # And a link shared before that moment is refused, not applied.
    page = client.get("/articles/", {"tag": "granted-topic"}).content.decode()
    assert "were not understood" in page


def test_the_chosen_option_is_marked_only_on_its_page(client):
    ArticleFactory(headline="Robots", tags=["Robots"])
    ArticleFactory(headline="Drones", tags=["Drones"])
    chosen = client.get("/articles/", {"tag": "robots"}).content.decode()
    assert '<option value="robots" selected>Robots</option>' in chosen
    assert '<option value="">Any tag</option>' in chosen
    plain = client.get("/articles/").content.decode()
    assert '<option value="" selected>Any tag</option>' in plain
    assert "selected>Robots" not in plain
    # The label still names the control.
    assert '<label for="id_tag">' in plain
    assert 'id="id_tag"' in plain


def test_bad_choices_are_reported_and_ignored(client):
    ArticleFactory(headline="Robots", tags=["Robots"])
    response = client.get("/articles/", {"tag": "nowhere", "source": "nobody"})
    page = response.content.decode()
    assert "were not understood" in page
    assert page.count("Select a valid choice.") == 2
    assert 'aria-invalid="true" id="id_tag"' in page
    assert [a.headline for a in response.context["articles"]] == ["Robots"]


def test_options_are_escaped(client):
    ArticleFactory(headline="Odd", tags=['<b>"Bold" & co</b>'])
    page = client.get("/articles/").content.decode()
    assert "&lt;b&gt;&quot;Bold&quot; &amp; co&lt;/b&gt;</option>" in page
    assert "<b>" not in page.split('name="tag"')[1].split("</select>")[0]


def test_a_list_page_without_filters_reads_no_choice_list_twice(client):
    ArticleFactory(headline="Robots", tags=["Robots"])
    client.get("/articles/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/articles/?page=1").status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "taggit_tag" not in tables
    assert "companies_company" not in tables
    assert 'FROM "articles_source"' not in tables


def test_front_page_topics_and_companies_follow_rights_at_every_moment(client, monkeypatch):
    from companies.models import Mention

    acme = CompanyFactory(name="Acme", slug="acme")
    staff = ArticleFactory(headline="Staff robots", tags=["Robots"])
    Mention.objects.create(article=staff, company=acme)
    expiry = timezone.now() + timezone.timedelta(minutes=5)
    granted = withdrawn_at(expiry, headline="Granted wires", tags=["Wires"])
    secret = CompanyFactory(name="Granted Co", slug="granted-co")
    Mention.objects.create(article=granted, company=secret)

    page = client.get("/").content.decode()
    assert "/tags/wires/" in page
    assert "Granted Co" in page

    monkeypatch.setattr(timezone, "now", lambda: expiry + timezone.timedelta(seconds=1))
    page = client.get("/").content.decode()
    assert "Granted wires" not in page
    assert "/tags/wires/" not in page
    assert "Granted Co" not in page
    assert "/tags/robots/" in page
    assert "Acme" in page

    Article.objects.filter(pk=staff.pk).first().tags.add("Fresh")
    assert "/tags/fresh/" in client.get("/").content.decode()
