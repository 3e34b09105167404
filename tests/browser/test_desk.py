"""Issue 13 in a real browser: the front page with one story and with many, the article form
(headline box, spell check, the provisional-headline confirmation), the rule tester and the
needs-attention panel. Screenshots go to test-artifacts/desk-*.png for a person to look at."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, ReprintRule, Status

from ..factories import ArticleFactory, ImageFactory, UserFactory
from .conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def roles():
    importlib.import_module("articles.migrations.0007_workflow_roles").create_roles(apps, None)


@pytest.fixture
def seeds():
    from articles.ingest.importing import import_paths
    from tests.conftest import SEEDS

    import_paths([SEEDS])
    return Article.objects.get(source__domain="aicnbc.com")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"desk-{name}.png"), full_page=True)


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_front_page_with_one_story_and_with_many(page, live_server, seeds):
    page.goto(live_server.url + "/")
    shot(page, "home-seeds")
    assert page.locator(".lead-title").inner_text() == seeds.headline
    assert page.locator(".lead .dek").inner_text()  # its opening words stand in for a standfirst
    assert page.locator("#latest-heading").count() == 0  # no empty "Latest"
    # The ways in sit beside the only story, not under it.
    lead, side = box(page, ".lead"), box(page, ".front .home-side")
    assert side["x"] > lead["x"] + lead["width"] - 1
    assert side["y"] < lead["y"] + lead["height"]
    meta = page.locator(".lead .meta").inner_text()
    assert meta.startswith("By ")
    assert "· ·" not in meta

    now = timezone.now()
    for n in range(18):
        ArticleFactory(
            headline=f"Robots story number {n} with a headline of a usual length",
            dek="A standfirst in our own words, about as long as they usually are.",
            publish_at=now - timezone.timedelta(minutes=n + 1),
            lead_image=ImageFactory(alt_text=f"Picture {n}") if n % 3 == 0 else None,
            tags=["Robots" if n % 2 else "Chips"],
        )
    page.reload()  # revalidates: the browser may keep the page it was given for a minute
    shot(page, "home-many")
    lead, top = box(page, ".lead"), box(page, ".top-stories")
    assert top["x"] > lead["x"] + lead["width"] - 1  # top stories beside the lead
    assert page.locator(".top-stories .story").count() == 3
    assert page.locator(".latest .story").count() == 10
    thumbs = page.locator(".latest .thumb img")
    assert thumbs.count() >= 3
    assert page.evaluate("(img) => img.naturalWidth", thumbs.first.element_handle()) > 0
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "home-many-phone")


def editor_page(browser, live_server):
    user = UserFactory(username="eddie", first_name="Eddie", role="Editor")
    user.groups.add(Group.objects.get(name="Rights manager"))
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_selector("#needs-attention")
    return page


def test_the_article_form_and_the_provisional_headline(browser, live_server, seeds):
    held = Article.objects.get(source__domain="techtimes.com")
    page = editor_page(browser, live_server)
    shot(page, "admin-index")
    assert page.locator("#needs-attention caption", has_text="Held for another reason").count()
    assert page.locator("#needs-attention caption", has_text="Funding rounds waiting").count()

    page.goto(f"{live_server.url}/admin/articles/article/{held.pk}/change/")
    headline, row = box(page, "#id_headline"), box(page, ".form-row.field-headline")
    assert headline["width"] > 0.6 * row["width"]  # the form's width, not a narrow box
    counter = page.locator(".headline-count")
    assert f"{len(held.headline)} / 110" in counter.inner_text()
    page.locator("#id_headline").press_sequentially(" and much more, said the people involved")
    assert "cut a headline this long" in counter.inner_text()  # counted while typing
    spellcheck = page.locator("div.ProseMirror").first.get_attribute("spellcheck")
    assert spellcheck != "false"
    assert page.locator("table.image-credits input[value^='Photo by']").count() == 1
    shot(page, "article-form")

    page.locator("#id_headline").fill(held.headline)  # still the importer's headline
    page.click("button[name=_transition][value=published]")
    panel = page.locator("#provisional-panel")
    panel.wait_for()
    shot(page, "provisional-confirm")
    held.refresh_from_db()
    assert held.status == Status.DRAFT
    page.click("button[name=_confirm_provisional]")
    page.wait_for_selector(".messagelist")
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED


def test_the_rule_tester_shows_a_result_panel(browser, live_server):
    rule = ReprintRule.objects.get(key="aicnbc")
    page = editor_page(browser, live_server)
    page.goto(f"{live_server.url}/admin/articles/reprintrule/{rule.pk}/change/")
    page.fill(
        "#id_test_notice",
        "Original article, Author: Zhang San. If you wish to reprint this article, please "
        "indicate the source: https://www.aicnbc.com/2026/01/x.html",
    )
    page.click("button[name=_test_patterns]")
    result = page.locator(".pattern-test")
    result.wait_for()
    assert page.locator(".errornote").count() == 0
    assert "author = “Zhang San”" in result.inner_text()
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "desk-rule-test.png"), full_page=False)
