"""Suggestions for unknown companies: what the cue-word heuristic finds on the seeds (real
candidates, no noise), and what accepting and rejecting one does."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from articles.ingest.parsing import parse_text
from articles.ingest.storing import body_html
from articles.markup.text import html_to_text
from articles.models import Article
from companies.extraction.suggestions import find_suggestions
from companies.matching import Matcher, entries_from_registry
from companies.models import (
    Company,
    CompanyAlias,
    Mention,
    Suggestion,
    SuggestionStatus,
)
from companies.services.review import suggestion_accept, suggestion_reject

from .conftest import SEEDS
from .factories import ArticleFactory

REGISTRY = json.loads(
    (Path(__file__).resolve().parents[1] / "companies/data/registry.json").read_text("utf-8")
)


def seed_text(name):
    """A seed's body as the importer stores it, as plain text."""
    parsed = parse_text((SEEDS / name).read_text("utf-8"))
    return html_to_text(body_html(parsed))


def suggested(without=()):
    """Names suggested on both seeds by a registry lacking the companies ``without``."""
    registry = [c for c in REGISTRY if c["slug"] not in without]
    matcher = Matcher(entries_from_registry(registry))
    names = {}
    for path in sorted(SEEDS.iterdir()):
        text = seed_text(path.name)
        for candidate in find_suggestions(text, matcher.find(text)):
            names[candidate.name] = candidate
    return names


def test_with_the_full_registry_the_seeds_suggest_nothing():
    # Every company in the seeds is known, and nothing else in them looks like one: no
    # people, places, products or sentence openers are proposed.
    assert suggested() == {}


def test_unknown_companies_in_the_seeds_are_suggested_and_nothing_else():
    unknown = [
        "fortune-capital",
        "qiming-venture-partners",
        "tal-education",
        "tripo-ai",
        "aisphere",
        "shengshu",
    ]
    names = suggested(without=unknown)
    assert set(names) == {
        "Fortune Capital",  # "Capital", and "venture firm Fortune Capital"
        "Qiming Venture Partners",  # "Partners"
        "TAL Education",  # "participation from TAL Education"
        "Tripo AI",  # "AI"
        "AIsphere",  # "startup, AIsphere,"
        "ShengShu",  # "investment in ShengShu"
        "PixVerse",  # "investment in PixVerse": AIsphere's product, unknown without it
    }
    assert "Led by venture firm Fortune Capital" in names["Fortune Capital"].sentence
    assert names["ShengShu"].cue == "investment in"


def test_a_fund_named_after_a_known_parent_is_suggested():
    # "Baidu" is known; "Baidu Ventures" around it is a subsidiary worth asking about.
    names = suggested(without=["baidu-ventures"])
    assert set(names) == {"Baidu Ventures"}


@pytest.fixture
def queue(db, imported_seeds):
    """The seeds imported with Fortune Capital missing from the registry."""
    Company.objects.filter(slug="fortune-capital").delete()
    for article in Article.objects.all():
        from companies.services.mentions import mentions_refresh

        mentions_refresh(article=article, text=html_to_text(article.body))
    return Suggestion.objects.get(name="Fortune Capital")


def test_fresh_import_leaves_the_queue_without_noise(imported_seeds):
    assert not Suggestion.objects.exists()


def test_suggestion_shows_the_sentence_it_came_from(admin_client, queue):
    page = admin_client.get(reverse("admin:companies_suggestion_changelist")).content.decode()
    assert "Fortune Capital" in page
    assert "Led by venture firm Fortune Capital" in page
    page = admin_client.get(
        reverse("admin:companies_suggestion_change", args=[queue.pk])
    ).content.decode()
    assert "Accept as a new company" in page
    assert "Reject (never suggest again)" in page


def test_accepting_creates_the_company_and_links_existing_articles(queue):
    techtimes = Article.objects.get(source__domain="techtimes.com")
    company = suggestion_accept(suggestion=queue)
    assert (company.name, company.slug, company.kind) == (
        "Fortune Capital",
        "fortune-capital",
        "investor",
    )
    assert Mention.objects.get(company=company, article=techtimes).count == 2
    queue.refresh_from_db()
    assert queue.status == SuggestionStatus.ACCEPTED
    assert queue.company == company
    # The $14 million round now has its lead again.
    round_ = techtimes.funding_rounds.get()
    assert list(round_.leads.all()) == [company]


def test_accepting_as_an_alias_of_an_existing_company(db):
    ship = Company.objects.create(name="Shipwright Holdings", slug="shipwright", kind="other")
    article = ArticleFactory(body="<p>The startup Wavelet Labs sells sonar.</p>")
    suggestion = Suggestion.objects.get(name="Wavelet Labs")
    suggestion_accept(suggestion=suggestion, company=ship, alias_kind="brand")
    alias = CompanyAlias.objects.get(name="Wavelet Labs")
    assert (alias.company, alias.kind) == (ship, "brand")
    assert Mention.objects.filter(article=article, company=ship).exists()


def test_rejected_names_are_remembered(db):
    article = ArticleFactory(body="<p>The startup Wavelet Labs sells sonar.</p>")
    suggestion = Suggestion.objects.get(name="Wavelet Labs")
    suggestion_reject(suggestion=suggestion)
    article.body = "<p>The startup Wavelet Labs sells more sonar.</p>"
    article.save()
    ArticleFactory(body="<p>Investors love the startup Wavelet Labs.</p>")
    assert Suggestion.objects.get().status == SuggestionStatus.REJECTED
    assert suggestion.sightings.count() == 1  # no new sightings for a rejected name


def test_a_suggestion_no_article_supports_any_more_disappears(db):
    article = ArticleFactory(body="<p>The startup Wavelet Labs sells sonar.</p>")
    assert Suggestion.objects.filter(name="Wavelet Labs").exists()
    article.body = "<p>A company sells sonar.</p>"
    article.save()
    assert not Suggestion.objects.exists()


def test_admin_buttons_accept_alias_and_reject(admin_client, db):
    ship = Company.objects.create(name="Shipwright Holdings", slug="shipwright", kind="other")
    ArticleFactory(body="<p>The startup Wavelet Labs and the firm Gullwing Partners met.</p>")
    wavelet = Suggestion.objects.get(name="Wavelet Labs")
    gullwing = Suggestion.objects.get(name="Gullwing Partners")

    url = reverse("admin:companies_suggestion_change", args=[wavelet.pk])
    response = admin_client.post(
        url,
        {
            "company": "",
            "alias_kind": "alias",
            "_accept_alias": "1",
        },
        follow=True,
    )
    assert "Choose the company this name belongs to." in response.content.decode()
    wavelet.refresh_from_db()
    assert wavelet.status == SuggestionStatus.PENDING

    response = admin_client.post(
        url,
        {
            "company": ship.pk,
            "alias_kind": "product",
            "_accept_alias": "1",
        },
    )
    assert response.status_code == 302
    assert CompanyAlias.objects.get(name="Wavelet Labs").kind == "product"

    changelist = reverse("admin:companies_suggestion_changelist")
    admin_client.post(
        changelist, {"action": "reject_suggestions", "_selected_action": [gullwing.pk]}
    )
    gullwing.refresh_from_db()
    assert gullwing.status == SuggestionStatus.REJECTED


def test_accepting_twice_is_refused_with_a_message(db):
    ArticleFactory(body="<p>The startup Wavelet Labs sells sonar.</p>")
    suggestion = Suggestion.objects.get(name="Wavelet Labs")
    suggestion_accept(suggestion=suggestion)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already accepted"):
        suggestion_accept(suggestion=suggestion)


def test_a_press_release_suggests_its_companies_and_no_boilerplate(db):
    # The importer keeps a press release's About section and contacts when no pattern strips
    # them; the suggestions queue still only gets the companies the release's prose names.
    text = (Path(__file__).parent / "fixtures/suggestions/press_release.txt").read_text("utf-8")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    ArticleFactory(body=body)
    kinds = {
        s.name: suggestion_accept(suggestion=s).kind for s in Suggestion.objects.order_by("name")
    }
    assert kinds == {
        "Aleph Robotics": "other",  # "Robotics": nothing says more
        "Blue Harbor Ventures": "investor",
        "Hermes": "other",  # "customers such as"
        "Kestrel Partners": "investor",
        "Lumen Fund": "investor",  # "investors Kestrel Partners and Lumen Fund"
        "Northwind Capital": "investor",
        "Rhenus": "other",
    }
