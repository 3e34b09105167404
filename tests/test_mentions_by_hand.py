"""Companies an editor adds to a story by hand: saved whatever the matcher finds, marked as
added by hand, and kept until an editor removes them."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.markup.text import html_to_text
from articles.models import Article
from companies.models import Mention
from companies.services.mentions import mentions_refresh

from .admin_forms import form_data
from .factories import ArticleFactory, CompanyFactory, PartnerArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    client = Client()
    client.force_login(UserFactory(username="eddie", role="Editor"))
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_mention_row(data, company, *, article=None):
    n = int(data["mentions-TOTAL_FORMS"])
    data[f"mentions-{n}-company"] = str(company.pk)
    data[f"mentions-{n}-article"] = str(article.pk) if article else ""
    data["mentions-TOTAL_FORMS"] = str(n + 1)
    return data


def mentions_of(article):
    return {m.company.name: m.manual for m in Mention.objects.filter(article=article)}


def test_adding_on_the_add_form_a_company_the_matcher_also_finds(desk):
    zorblax = CompanyFactory(name="Zorblax")
    data = form_data(desk.get(reverse("admin:articles_article_add")))
    data.update(headline="Zorblax grows", slug="zorblax-grows", body="<p>Zorblax is big.</p>")
    add_mention_row(data, zorblax)
    response = desk.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="zorblax-grows")
    assert mentions_of(article) == {"Zorblax": True}


def test_adding_on_the_change_form_a_company_the_edited_body_now_names(desk):
    zorblax = CompanyFactory(name="Zorblax")
    article = ArticleFactory(body="<p>Nothing yet.</p>")
    data = form_data(desk.get(change_url(article)))
    data["body"] = "<p>Zorblax is big.</p>"
    add_mention_row(data, zorblax, article=article)
    assert desk.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Zorblax is big.</p>"
    assert mentions_of(article) == {"Zorblax": True}
    mention = Mention.objects.get(article=article)
    assert (mention.count, mention.first_position) == (1, 0)


def test_adding_a_company_already_listed_marks_it_as_added_by_hand(desk):
    zorblax = CompanyFactory(name="Zorblax")
    article = ArticleFactory(body="<p>Zorblax is big.</p>")
    assert mentions_of(article) == {"Zorblax": False}
    data = add_mention_row(form_data(desk.get(change_url(article))), zorblax, article=article)
    assert desk.post(change_url(article), data).status_code == 302
    assert mentions_of(article) == {"Zorblax": True}


def test_a_company_added_by_hand_survives_later_saves_until_an_editor_removes_it(desk):
    zorblax, quux = CompanyFactory(name="Zorblax"), CompanyFactory(name="Quuxcorp")
    article = ArticleFactory(body="<p>Zorblax is big.</p>")
    data = add_mention_row(form_data(desk.get(change_url(article))), quux, article=article)
    assert desk.post(change_url(article), data).status_code == 302
    assert mentions_of(article) == {"Zorblax": False, "Quuxcorp": True}

    data = form_data(desk.get(change_url(article)))
    data["body"] = "<p>Neither is named now.</p>"
    assert desk.post(change_url(article), data).status_code == 302
    assert mentions_of(article) == {"Quuxcorp": True}  # the automatic one went with its text

    data = form_data(desk.get(change_url(article)))
    row = next(k for k, v in data.items() if k.endswith("-company") and v == str(quux.pk))
    data[row.replace("-company", "-DELETE")] = "on"
    assert desk.post(change_url(article), data).status_code == 302
    assert mentions_of(article) == {}
    assert zorblax.pk  # still in the registry


def test_the_matcher_never_removes_a_mention_added_by_hand():
    quux = CompanyFactory(name="Quuxcorp")
    article = PartnerArticleFactory(body="<p>Nothing about it.</p>")
    Mention.objects.create(article=article, company=quux, manual=True)
    mentions_refresh(article=article, text=html_to_text(article.body))
    mention = Mention.objects.get(article=article)
    assert mention.manual
    assert mention.count == 0
    # Ordered after what the text names, so it is never taken for what the story is about.
    CompanyFactory(name="Zorblax")
    article.body = "<p>Zorblax and Quuxcorp.</p>"
    mentions_refresh(article=article, text=html_to_text(article.body))
    found = list(Mention.objects.filter(article=article))
    assert [(m.company.name, m.manual, m.count) for m in found] == [
        ("Zorblax", False, 1),
        ("Quuxcorp", True, 1),
    ]


def test_the_inline_shows_which_mentions_were_added_by_hand(desk):
    CompanyFactory(name="Zorblax")
    quux = CompanyFactory(name="Quuxcorp")
    article = ArticleFactory(body="<p>Zorblax is big.</p>")
    Mention.objects.create(article=article, company=quux, manual=True, count=0)
    html = desk.get(change_url(article)).content.decode()
    assert "added by hand" in html
    assert "found in the text" in html


def test_merging_companies_keeps_the_mark():
    from companies.services.merge import company_merge

    keep, fold = CompanyFactory(name="Keepco"), CompanyFactory(name="Foldco")
    article = ArticleFactory(body="<p>Nothing.</p>")
    Mention.objects.create(article=article, company=fold, manual=True, count=0)
    company_merge(source=fold, target=keep)
    assert mentions_of(article) == {"Keepco": True}


def test_a_mention_added_on_the_mentions_page_is_added_by_hand(desk):
    quux = CompanyFactory(name="Quuxcorp")
    article = ArticleFactory(body="<p>Nothing.</p>")
    response = desk.post(
        reverse("admin:companies_mention_add"),
        {"article": article.pk, "company": quux.pk, "count": 1, "first_position": 0},
    )
    assert response.status_code == 302
    assert mentions_of(article) == {"Quuxcorp": True}
    # Adding it again explains instead of failing.
    again = desk.post(
        reverse("admin:companies_mention_add"),
        {"article": article.pk, "company": quux.pk, "count": 1, "first_position": 0},
    )
    assert again.status_code == 200
    assert "already exists" in again.content.decode()
