"""Merging two companies loses nothing and leaves a permanent redirect."""

from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import (
    Company,
    CompanyAlias,
    CompanySlugRedirect,
    FundingRound,
    Mention,
    ReviewStatus,
)
from companies.services.merge import company_merge

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins():
    """The same lab entered twice, each with its own stories, names and money."""
    keep = Company.objects.create(name="DeepLab", slug="deeplab", kind="startup", hq_country="CN")
    dupe = Company.objects.create(
        name="Deep Lab Inc", slug="deep-lab-inc", kind="startup", website="https://deeplab.example"
    )
    CompanyAlias.objects.create(company=dupe, name="DLX", kind="product")
    fund = Company.objects.create(name="Pine Fund", slug="pine-fund", kind="investor")
    child = Company.objects.create(name="Deep Lab Robotics", slug="dlr", parent=dupe)
    both = ArticleFactory(body="<p>DeepLab, also written Deep Lab Inc, ships DLX.</p>")
    only_dupe = ArticleFactory(body="<p>Deep Lab Inc hired.</p>")
    round_ = FundingRound.objects.create(
        company=dupe, amount=Decimal(5_000_000), currency="USD", status=ReviewStatus.CONFIRMED
    )
    round_.leads.add(fund)
    # The duplicate also appears as an investor in somebody's round.
    other = FundingRound.objects.create(company=fund, amount=Decimal(1), currency="USD")
    other.participants.add(dupe)
    return keep, dupe, fund, child, both, only_dupe, round_, other


def test_merge_moves_everything_and_redirects(client, twins):
    keep, dupe, fund, child, both, only_dupe, round_, other = twins
    assert Mention.objects.get(article=both, company=dupe).count == 2  # its name and DLX

    company_merge(source=dupe, target=keep)

    assert not Company.objects.filter(slug="deep-lab-inc").exists()
    keep.refresh_from_db()
    assert keep.website == "https://deeplab.example"  # filled from the duplicate
    assert keep.hq_country == "CN"  # kept
    names = dict(CompanyAlias.objects.filter(company=keep).values_list("name", "kind"))
    assert names == {"DLX": "product", "Deep Lab Inc": "alias"}
    # Mentions in the same article are added up, the others move.
    merged = Mention.objects.get(article=both, company=keep)
    assert merged.count == 3
    assert merged.first_position == 0
    assert Mention.objects.filter(article=only_dupe, company=keep).exists()
    child.refresh_from_db()
    assert child.parent == keep
    round_.refresh_from_db()
    assert round_.company == keep
    assert list(round_.leads.all()) == [fund]
    assert list(other.participants.all()) == [keep]

    response = client.get("/companies/deep-lab-inc/")
    assert response.status_code == 301
    assert response["Location"] == "/companies/deeplab/"
    assert client.get("/companies/deeplab/").status_code == 200


def test_a_second_merge_keeps_the_first_redirect_working(client, twins):
    keep, dupe, *_ = twins
    company_merge(source=dupe, target=keep)
    final = Company.objects.create(name="DeepLab Group", slug="deeplab-group")
    company_merge(source=keep, target=final)
    assert CompanySlugRedirect.objects.get(old_slug="deep-lab-inc").company == final
    assert client.get("/companies/deep-lab-inc/")["Location"] == "/companies/deeplab-group/"


def test_names_found_again_after_the_merge(twins):
    keep, dupe, *_ = twins
    company_merge(source=dupe, target=keep)
    article = ArticleFactory(body="<p>Deep Lab Inc and DLX.</p>")
    assert Mention.objects.get(article=article).company == keep


def test_merging_a_company_into_itself_is_refused(twins):
    from django.core.exceptions import ValidationError

    keep, *_ = twins
    with pytest.raises(ValidationError, match="two different"):
        company_merge(source=keep, target=keep)


def test_merge_action_in_the_admin(admin_client, twins):
    keep, dupe, *_ = twins
    url = reverse("admin:companies_company_changelist")
    selected = {"action": "merge_companies", "_selected_action": [keep.pk, dupe.pk]}
    page = admin_client.post(url, selected)
    assert page.status_code == 200
    assert "Keep" in page.content.decode()
    assert "Deep Lab Inc" in page.content.decode()

    response = admin_client.post(url, {**selected, "do_merge": "1", "target": keep.pk}, follow=True)
    assert "Merged Deep Lab Inc into DeepLab." in response.content.decode()
    assert list(Company.objects.filter(slug__in=["deeplab", "deep-lab-inc"])) == [keep]


def test_merge_action_needs_two_companies(admin_client, twins):
    keep, *_ = twins
    url = reverse("admin:companies_company_changelist")
    response = admin_client.post(
        url, {"action": "merge_companies", "_selected_action": [keep.pk]}, follow=True
    )
    assert "Select at least two companies to merge." in response.content.decode()
