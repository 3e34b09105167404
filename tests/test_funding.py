"""Funding rounds: extraction from the seed sentences and from variants, storage as suggestions
at import (idempotent), and confirmation in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from articles.ingest.importing import import_paths
from articles.models import Article
from companies.extraction.rounds import find_rounds
from companies.matching import Entry, Matcher
from companies.models import FundingRound, ReviewStatus
from companies.services.funding import funding_rounds_suggest
from companies.services.mentions import mentions_refresh

from .factories import ArticleFactory

M = Decimal(10**6)

# A small registry for the variant sentences, keyed by slug.
VARIANTS = {
    "acme": ("Acme Robotics", "startup"),
    "northwind": ("Northwind Capital", "investor"),
    "blue-fund": ("Blue Fund", "investor"),
    "orbit": ("Orbit Labs", "startup"),
    "kite": ("Kite Ventures", "investor"),
    "tal": ("TAL Education", "education"),
}


def rounds_in(text, registry=VARIANTS):
    matcher = Matcher(Entry(name, slug) for slug, (name, _) in registry.items())
    kinds = {slug: kind for slug, (_, kind) in registry.items()}
    return find_rounds(text, matcher.find(text), kinds)


def only(text, registry=VARIANTS):
    found = rounds_in(text, registry)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- the seeds


@pytest.fixture
def seed_rounds(db, imported_seeds):
    """Every round the importer found in the seeds, by (company slug, amount)."""
    return {
        (r.company.slug, r.amount): r
        for r in FundingRound.objects.select_related("company", "source_article")
    }


def investors(round_):
    return (
        sorted(round_.leads.values_list("slug", flat=True)),
        sorted(round_.participants.values_list("slug", flat=True)),
    )


def test_seed_rounds_come_out_as_the_stories_state_them(seed_rounds):
    assert set(seed_rounds) == {
        ("shengshu", 2000 * M),
        ("shengshu", 600 * M),
        ("tripo-ai", 50 * M),
        ("aisphere", 60 * M),
        ("aisphere", 14 * M),
    }
    big = seed_rounds["shengshu", 2000 * M]
    assert (big.currency, big.amount_usd, big.round_name) == ("CNY", 290 * M, "")
    assert investors(big) == (["alibaba-cloud"], ["baidu-ventures", "tal-education"])
    assert "2 billion yuan ($290 million)" in big.source_sentence

    series_a = seed_rounds["shengshu", 600 * M]
    assert (series_a.currency, series_a.amount_usd) == ("CNY", None)
    assert series_a.round_name == "Series A"
    assert series_a.amount_is_minimum
    assert investors(series_a) == ([], ["qiming-venture-partners"])
    assert series_a.amount_display == "over 600 million yuan"

    tripo = seed_rounds["tripo-ai", 50 * M]
    assert (tripo.currency, tripo.amount_usd) == ("USD", 50 * M)
    assert investors(tripo) == ([], ["alibaba-cloud", "baidu-ventures"])

    # "Alibaba led a $60 million investment in PixVerse": PixVerse is AIsphere's product.
    pixverse = seed_rounds["aisphere", 60 * M]
    assert investors(pixverse) == (["alibaba"], [])
    assert "PixVerse" in pixverse.source_sentence

    # The lead is named in the next paragraph ("Led by venture firm Fortune Capital, this
    # investment ..."); OpenAI, named in the round's own sentence, is not an investor.
    fourteen = seed_rounds["aisphere", 14 * M]
    assert investors(fourteen) == (["fortune-capital"], [])
    assert fourteen.source_article.source.domain == "techtimes.com"


def test_shengshus_rounds_ship_confirmed_and_the_import_links_their_source(seed_rounds):
    aicnbc = Article.objects.get(source__domain="aicnbc.com")
    for amount in (2000 * M, 600 * M):
        round_ = seed_rounds["shengshu", amount]
        assert round_.status == ReviewStatus.CONFIRMED
        assert round_.source_article == aicnbc
    # The seeds' other rounds wait for an editor.
    pending = {key for key, r in seed_rounds.items() if r.status == ReviewStatus.PENDING}
    assert pending == {("tripo-ai", 50 * M), ("aisphere", 60 * M), ("aisphere", 14 * M)}


def test_extraction_from_scratch_finds_shengshus_rounds_as_suggestions(db):
    FundingRound.objects.all().delete()  # as if the editor-confirmed data were not shipped
    import_paths([__import__("tests.conftest").conftest.SEEDS])
    shengshu = FundingRound.objects.filter(company__slug="shengshu")
    assert shengshu.count() == 2
    assert set(shengshu.values_list("status", flat=True)) == {ReviewStatus.PENDING}


def test_reimport_changes_nothing_and_keeps_editors_decisions(seed_rounds, seeds_dir):
    tripo = seed_rounds["tripo-ai", 50 * M]
    fourteen = seed_rounds["aisphere", 14 * M]
    FundingRound.objects.filter(pk=tripo.pk).update(status=ReviewStatus.REJECTED)
    FundingRound.objects.filter(pk=fourteen.pk).update(status=ReviewStatus.CONFIRMED)
    before = list(FundingRound.objects.order_by("pk").values_list("pk", "status", "amount"))

    # Force the extraction to run again on unchanged text, as a re-import of an edited file does.
    for article in Article.objects.all():
        from articles.markup.text import html_to_text

        mentions_refresh(article=article, text=html_to_text(article.body))
    import_paths([seeds_dir])

    after = list(FundingRound.objects.order_by("pk").values_list("pk", "status", "amount"))
    assert after == before


def test_a_round_the_text_no_longer_states_is_dropped_unless_an_editor_decided(db):
    article = ArticleFactory(body="<p>Acme Robotics raised $5 million in a seed round.</p>")
    from companies.models import Company

    Company.objects.create(name="Acme Robotics", slug="acme-robotics", kind="startup")
    text = "Acme Robotics raised $5 million in a seed round."
    (round_,) = funding_rounds_suggest(article=article, text=text)
    assert (round_.amount, round_.round_name) == (5 * M, "Seed")
    funding_rounds_suggest(article=article, text="Acme Robotics builds robots.")
    assert not FundingRound.objects.filter(source_article=article).exists()

    (round_,) = funding_rounds_suggest(article=article, text=text)
    FundingRound.objects.filter(pk=round_.pk).update(status=ReviewStatus.CONFIRMED)
    funding_rounds_suggest(article=article, text="Acme Robotics builds robots.")
    assert FundingRound.objects.get(source_article=article).status == ReviewStatus.CONFIRMED


# --------------------------------------------------------------------------- variants


def test_raised_with_lead_and_participants():
    found = only(
        "Acme Robotics raised $12.5 million in a Series A round led by Northwind Capital, "
        "with participation from Blue Fund and Kite Ventures."
    )
    assert (found.company, found.amount, found.currency) == ("acme", Decimal("12500000"), "USD")
    assert found.round_name == "Series A"
    assert found.leads == ["northwind"]
    assert found.participants == ["blue-fund", "kite"]


def test_closed_a_round_in_euros():
    found = only("Orbit Labs has closed a €20 million Series B round, co-led by Kite Ventures.")
    assert (found.company, found.amount, found.currency) == ("orbit", 20 * M, "EUR")
    assert found.amount_usd is None
    assert found.leads == ["kite"]


def test_backed_by_in_yuan_symbol_with_a_usd_equivalent():
    found = only(
        "Acme Robotics, backed by Northwind Capital and Blue Fund, secured ¥500 million "
        "(about $69 million) in new funding."
    )
    assert (found.company, found.amount, found.currency) == ("acme", 500 * M, "CNY")
    assert found.amount_usd == 69 * M
    assert found.leads == []
    assert found.participants == ["northwind", "blue-fund"]


def test_yen_when_the_sentence_says_yen():
    found = only("Orbit Labs raised ¥1.2 billion yen from Kite Ventures.")
    assert (found.currency, found.amount) == ("JPY", Decimal("1200000000"))
    assert found.participants == ["kite"]


def test_series_b_plus_and_a_date():
    found = only(
        "In March 2024, Acme Robotics completed a Series B+ financing of RMB 300 million "
        "led by Northwind Capital."
    )
    assert found.round_name == "Series B+"
    assert (found.amount, found.currency) == (300 * M, "CNY")
    assert found.leads == ["northwind"]
    assert str(found.announced_on) == "2024-03-01"


def test_investors_before_the_verb():
    found = only("Northwind Capital and Blue Fund led a $30m round in Orbit Labs.")
    assert found.company == "orbit"
    assert found.leads == ["northwind", "blue-fund"]
    assert found.amount == 30 * M


def test_a_valuation_or_revenue_is_not_a_round():
    assert rounds_in("Acme Robotics is valued at $1 billion after revenue of $20 million.") == []
    found = only("Acme Robotics raised $40 million at a valuation of $400 million.")
    assert found.amount == 40 * M


def test_no_round_without_a_company_or_a_funding_word():
    assert rounds_in("An unnamed startup raised $3 million from friends.") == []
    assert rounds_in("Acme Robotics sold robots worth $3 million to Blue Fund.") == []


def test_continuation_sentence_adds_investors_to_the_previous_round():
    (found,) = rounds_in(
        "Orbit Labs secured $8 million. The round also saw participation from Kite Ventures. "
        "Separately, Blue Fund praised TAL Education."
    )
    assert found.participants == ["kite"]


# --------------------------------------------------------------------------- the admin


def test_confirm_in_one_click_from_the_list(admin_client, seed_rounds):
    pending = FundingRound.objects.filter(status=ReviewStatus.PENDING)
    url = reverse("admin:companies_fundinground_changelist")
    page = admin_client.get(url + "?status__exact=pending").content.decode()
    assert "Tripo AI" in page
    assert "Fortune Capital (lead)" in page
    response = admin_client.post(
        url,
        {
            "action": "confirm_rounds",
            "_selected_action": list(pending.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "Confirmed 3 round(s)." in response.content.decode()
    assert not FundingRound.objects.filter(status=ReviewStatus.PENDING).exists()


def test_confirm_button_on_the_round_saves_the_editors_fix_and_confirms(admin_client, seed_rounds):
    round_ = seed_rounds["tripo-ai", 50 * M]
    url = reverse("admin:companies_fundinground_change", args=[round_.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="_confirm"' in page
    response = admin_client.post(
        url,
        {
            "company": round_.company_id,
            "round_name": "Series B",
            "announced_on": "2025-03-01",
            "amount": "50000000",
            "currency": "USD",
            "amount_usd": "50000000",
            "leads": [],
            "participants": list(round_.participants.values_list("pk", flat=True)),
            "source_article": round_.source_article_id,
            "source_sentence": round_.source_sentence,
            "_confirm": "1",
        },
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == ReviewStatus.CONFIRMED
    assert round_.round_name == "Series B"


def test_reject_button(admin_client, seed_rounds):
    round_ = seed_rounds["aisphere", 60 * M]
    url = reverse("admin:companies_fundinground_changelist")
    admin_client.post(url, {"action": "reject_rounds", "_selected_action": [round_.pk]})
    round_.refresh_from_db()
    assert round_.status == ReviewStatus.REJECTED


def test_confirming_a_round_with_an_amount_but_no_currency_is_refused(admin_client, seed_rounds):
    round_ = seed_rounds["tripo-ai", 50 * M]
    FundingRound.objects.filter(pk=round_.pk).update(currency="")
    url = reverse("admin:companies_fundinground_changelist")
    response = admin_client.post(
        url, {"action": "confirm_rounds", "_selected_action": [round_.pk]}, follow=True
    )
    assert "Give the currency of the amount." in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == ReviewStatus.PENDING
