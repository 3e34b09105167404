"""Public company pages and the company index: what readers see, and what they must not."""

from decimal import Decimal

import pytest
from django.utils import timezone

from articles.models import Article, Status
from companies.models import Company, CompanyAlias, FundingRound, ReviewStatus
from companies.services.funding import funding_round_confirm

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_aispheres_page_lists_the_story_readers_may_see(client, imported_seeds):
    aicnbc = Article.objects.get(source__domain="aicnbc.com")
    techtimes = Article.objects.get(source__domain="techtimes.com")
    # Both seeds are linked to AIsphere (one through PixVerse) ...
    assert set(Company.objects.get(slug="aisphere").mentions.values_list("article", flat=True)) == {
        aicnbc.pk,
        techtimes.pk,
    }
    page = html(client, "/companies/aisphere/")
    # ... but the TECHTIMES story is held (all rights reserved), so only aicnbc's is listed.
    assert aicnbc.headline in page
    assert techtimes.headline not in page
    assert "PixVerse" in page
    assert "爱诗科技" in page
    # Once the held story may be published, it joins the list, newest first.
    techtimes.origin, techtimes.status = "staff", Status.PUBLISHED
    techtimes.publish_at = timezone.now()
    techtimes.save()  # a save, so the cached company page is invalidated
    page = html(client, "/companies/aisphere/")
    assert page.index(techtimes.headline) < page.index(aicnbc.headline)


def test_shengshus_page_shows_its_two_rounds_with_investors(client, imported_seeds):
    page = html(client, "/companies/shengshu/")
    assert "2 billion yuan" in page
    assert "$290 million" in page
    assert "Series A" in page
    assert "over 600 million yuan" in page
    for investor in ["Alibaba Cloud", "TAL Education", "Baidu Ventures", "Qiming Venture Partners"]:
        assert f">{investor}</a>" in page
    assert "<svg" in page
    assert "<script" not in page
    # Newest first in the table: the unnamed 2 billion round follows the Series A.
    table = page[page.index("<table") :]
    assert table.index("2 billion yuan") < table.index("over 600 million yuan")
    # The source sentence's story is published, so it is linked.
    aicnbc = Article.objects.get(source__domain="aicnbc.com")
    assert f'href="{aicnbc.get_absolute_url()}">Story</a>' in table


def test_unconfirmed_rounds_stay_off_the_page(client, imported_seeds):
    page = html(client, "/companies/tripo-ai/")
    assert "$50 million" not in page
    assert "Funding" not in page
    for round_ in FundingRound.objects.filter(company__slug="tripo-ai"):
        funding_round_confirm(round_=round_)  # what the admin does; the cached page follows
    page = html(client, "/companies/tripo-ai/")
    assert "$50 million" in page
    assert "Baidu Ventures" in page


def test_round_from_a_held_story_is_shown_without_its_source(client, imported_seeds):
    FundingRound.objects.filter(company__slug="aisphere").update(status=ReviewStatus.CONFIRMED)
    techtimes = Article.objects.get(source__domain="techtimes.com")
    page = html(client, "/companies/aisphere/")
    assert "$14 million" in page
    assert "Fortune Capital" in page
    assert techtimes.get_absolute_url() not in page
    assert "ByteDance gene" not in page


def test_investor_page_shows_its_portfolio(client, imported_seeds):
    page = html(client, "/companies/alibaba-cloud/")
    assert "Portfolio" in page
    assert ">ShengShu</a>" in page
    assert "Alibaba" in page  # parent
    assert "Investors" not in page
    page = html(client, "/companies/alibaba/")
    assert ">Alibaba Cloud</a>" in page
    assert ">South China Morning Post</a>" in page


def test_related_companies_by_co_mention_count_only_published_stories(client, imported_seeds):
    page = html(client, "/companies/shengshu/")
    related = page[page.index("Often in the same stories") :]
    assert ">Alibaba Cloud</a>" in related
    # Fortune Capital is named only in the held TECHTIMES story.
    page = html(client, "/companies/aisphere/")
    related = page[page.index("Often in the same stories") : page.index("</footer>")]
    assert ">Alibaba Cloud</a>" in related
    assert ">Fortune Capital</a>" not in related


def test_stories_are_paginated_newest_first(client):
    company = Company.objects.create(name="Pagination Labs", slug="pagination-labs")
    now = timezone.now()
    for i in range(12):
        ArticleFactory(
            headline=f"Story {i:02d}",
            body="<p>Pagination Labs did a thing.</p>",
            publish_at=now - timezone.timedelta(days=i),
        )
    ArticleFactory(headline="Draft story", body="<p>Pagination Labs.</p>", status=Status.DRAFT)
    first = html(client, company.get_absolute_url())
    assert first.index("Story 00") < first.index("Story 09")
    assert "Story 10" not in first
    assert "Draft story" not in first
    assert "Page 1 of 2" in first
    second = html(client, company.get_absolute_url() + "?page=2")
    assert "Story 10" in second
    assert "Story 11" in second
    assert client.get(company.get_absolute_url() + "?page=bogus").status_code == 200


def test_company_page_makes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    company = Company.objects.create(name="Busy Robotics", slug="busy", kind="startup")
    investors = [
        Company.objects.create(name=f"Fund {i}", slug=f"fund-{i}", kind="investor")
        for i in range(6)
    ]
    for i in range(4):
        CompanyAlias.objects.create(company=company, name=f"Busy Brand {i}", kind="brand")
        Company.objects.create(name=f"Busy Sub {i}", slug=f"busy-sub-{i}", parent=company)
        round_ = FundingRound.objects.create(
            company=company,
            amount=Decimal(10_000_000 * (i + 1)),
            currency="USD",
            round_name=f"Series {'ABCD'[i]}",
            status=ReviewStatus.CONFIRMED,
            source_article=ArticleFactory(body="<p>Busy Robotics raised money.</p>"),
        )
        round_.leads.add(investors[i])
        round_.participants.add(*investors[i + 1 :])
    for i in range(15):
        ArticleFactory(body=f"<p>Busy Robotics and Fund {i % 6} and Busy Sub {i % 4}.</p>")
    # Constant in the number of stories, rounds and investors; three of them renew the page
    # cache's content state, two read the rules and grants.
    with django_assert_max_num_queries(18):
        page = html(client, "/companies/busy/")
    assert "Series D" in page
    assert "Fund 5" in page
    assert "Busy Sub 3" in page
    with django_assert_max_num_queries(16):
        html(client, "/companies/fund-1/")


def test_company_index_filters_by_kind_and_country(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = html(client, "/companies/")
    assert ">ShengShu</a>" in page
    assert ">Microsoft</a>" in page
    page = html(client, "/companies/?kind=investor")
    assert ">Baidu Ventures</a>" in page
    assert ">ShengShu</a>" not in page
    page = html(client, "/companies/?kind=investor&hq_country=CN")
    assert ">Baidu Ventures</a>" in page
    page = html(client, "/companies/?hq_country=US")
    assert ">Microsoft</a>" in page
    assert ">ShengShu</a>" not in page
    assert '<option value="CN">China</option>' in html(client, "/companies/")
    page = html(client, "/companies/?q=aliyun")
    assert ">Alibaba Cloud</a>" in page
    assert ">Alibaba</a>" not in page


def test_company_index_explains_bad_filters(client):
    page = html(client, "/companies/?kind=spaceship&hq_country=XX")
    assert "Select a valid choice" in page
    assert "No company matches these filters." in page


def test_unknown_company_is_404(client):
    assert client.get("/companies/no-such-company/").status_code == 404
