"""The registry on the seeds: aliases, brands and parents resolve; extraction runs at import
and whenever a staff story is saved; the matcher follows registry changes."""

import pytest

from articles.models import Article, Status
from companies.models import Company, CompanyAlias, Mention
from companies.services.mentions import companies_in_text

from .factories import ArticleFactory, PartnerArticleFactory

pytestmark = pytest.mark.django_db


def mentioned(article):
    return {m.company.slug: m for m in article.mentions.select_related("company")}


def test_both_seed_stories_belong_to_aisphere(imported_seeds):
    aicnbc = Article.objects.get(source__domain="aicnbc.com")
    techtimes = Article.objects.get(source__domain="techtimes.com")
    # aicnbc names only the product ("a $60 million investment in PixVerse, a company ...").
    assert "AIsphere" not in aicnbc.body
    assert "PixVerse" in aicnbc.body
    via_product = mentioned(aicnbc)["aisphere"]
    assert via_product.count == 1
    assert aicnbc.body.count("PixVerse") == 1
    # techtimes names AIsphere directly, and PixVerse once more.
    direct = mentioned(techtimes)["aisphere"]
    assert direct.count == techtimes.body.count("AIsphere") + techtimes.body.count("PixVerse")
    assert direct.first_position == 0 or direct.first_position < 60


def test_parents_and_subsidiaries_from_the_seeds(imported_seeds):
    alibaba = Company.objects.get(slug="alibaba")
    baidu = Company.objects.get(slug="baidu")
    assert set(alibaba.subsidiaries.values_list("slug", flat=True)) == {
        "alibaba-cloud",
        "south-china-morning-post",
    }
    assert Company.objects.get(slug="baidu-ventures").parent == baidu
    assert Company.objects.get(slug="baidu-ventures").kind == "investor"
    # "Alibaba Cloud" is Alibaba Cloud, not Alibaba; "Alibaba led ..." is Alibaba.
    aicnbc = mentioned(Article.objects.get(source__domain="aicnbc.com"))
    assert aicnbc["alibaba-cloud"].count == 3
    assert aicnbc["alibaba"].count == 3
    assert aicnbc["baidu-ventures"].count == 2
    assert "baidu" not in aicnbc  # only ever as part of "Baidu Ventures"


def test_brands_and_products_resolve_to_their_company(db):
    text = "Vidu beat Sora; Ernie Bot and ChatGPT answered; Aliyun hosted it."
    assert [c.slug for c in companies_in_text(text)] == [
        "shengshu",
        "openai",
        "baidu",
        "alibaba-cloud",
    ]


def test_longest_match_wins(db):
    company = Company.objects.create(name="Tencent Music", slug="tencent-music", kind="other")
    text = "Tencent Music Entertainment is not Tencent Holdings; Tencent owns Tencent Music."
    assert [c.slug for c in companies_in_text(text)] == ["tencent-music", "tencent-holdings"]
    article = ArticleFactory(body=f"<p>{text}</p>")
    found = mentioned(article)
    assert found["tencent-music"].count == 2
    assert found["tencent-holdings"].count == 2
    assert found["tencent-music"].first_position == 0
    assert company.mentions.count() == 1


def test_short_names_match_case_sensitively(db):
    assert companies_in_text("An apple a day; wired headphones; fortune capital.") == []
    assert [c.slug for c in companies_in_text("Apple and WIRED and Fortune Capital.")] == [
        "apple",
        "wired",
        "fortune-capital",
    ]


def test_staff_stories_are_scanned_on_every_save(db):
    article = ArticleFactory(body="<p>ShengShu and Kuaishou compete.</p>", status=Status.DRAFT)
    assert set(mentioned(article)) == {"shengshu", "kuaishou"}
    article.body = "<p>Only ByteDance now.</p>"
    article.save()
    assert set(mentioned(article)) == {"bytedance"}
    # Saving something else leaves the mentions alone and does no extraction work.
    Mention.objects.filter(article=article).delete()
    article.save(update_fields=["status"])
    assert mentioned(article) == {}


def test_partner_stories_are_left_to_the_importer(db):
    article = PartnerArticleFactory(body="<p>ShengShu.</p>")
    assert mentioned(article) == {}


def test_registry_changes_rebuild_the_matcher(db):
    article = ArticleFactory(body="<p>Zhipu AI launched GLM.</p>")
    assert mentioned(article) == {}
    zhipu = Company.objects.create(name="Zhipu AI", slug="zhipu-ai", kind="startup")
    article.save()
    assert set(mentioned(article)) == {"zhipu-ai"}
    CompanyAlias.objects.create(company=zhipu, name="GLM", kind="product")
    article.save()
    assert mentioned(article)["zhipu-ai"].count == 2
