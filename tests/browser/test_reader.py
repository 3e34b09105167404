"""The reader's path through the site in a real Chromium, checked with axe-core.

home → article → tag → company → search → feed link, at phone and desktop widths, in light
and dark mode. Screenshots go to test-artifacts/ for a person to look at.
"""

from pathlib import Path

import pytest

from articles.models import Article

from .conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Path(__file__).resolve().parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def reader_site(live_server):
    """The seed stories as `make run` imports them, plus a few staff stories for the rails."""
    from articles.ingest.importing import import_paths
    from companies.models import Company, Mention
    from tests.conftest import SEEDS
    from tests.factories import ArticleFactory

    summary = import_paths([SEEDS])
    assert summary.counts["created"] == 2, summary.counts
    seed = Article.objects.get(source__domain="aicnbc.com")
    seed.tags.add("AI", "China")  # as an editor would
    shengshu = Company.objects.get(slug="shengshu")
    for n in range(6):
        story = ArticleFactory(
            headline=f"Video models story {n}",
            dek="Why AI video generation matters for world models.",
            tags=["AI" if n % 2 else "Startups"],
        )
        Mention.objects.create(article=story, company=shengshu)
    return live_server.url


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, name: str, device: str, scheme: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"reader-{name}-{device}-{scheme}.png"), full_page=True)
    assert page.locator("main#main").count() == 1
    assert page.locator("header.site-header").count() == 1
    assert page.locator("footer.site-footer").count() == 1
    assert page.locator("h1").count() == 1, name
    for image in page.locator("img").all():
        assert image.get_attribute("alt") is not None
    violations = axe_violations(page)
    assert violations == [], f"{name} ({device}, {scheme}): {violations}"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run `npm ci` to install it")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(WIDTHS))
def test_reader_path_is_accessible_at_every_width(
    browser, reader_site, artifacts_dir, device, scheme
):
    # bypass_csp lets the test inject axe-core; the site itself runs no inline script.
    context = browser.new_context(viewport=WIDTHS[device], color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(reader_site + "/")
        check(page, "home", device, scheme)

        seed = Article.objects.get(source__domain="aicnbc.com")
        page.get_by_role("link", name=seed.headline).first.click()
        page.wait_for_url(f"**{seed.get_absolute_url()}")
        assert "spearheaded a 2 billion yuan" in page.content()
        check(page, "article", device, scheme)

        page.locator(".article-footer").get_by_role("link", name="AI", exact=True).click()
        page.wait_for_url("**/tags/ai/")
        check(page, "tag", device, scheme)

        page.get_by_role("link", name="Video models story 1").click()
        page.locator(".article-footer").get_by_role("link", name="ShengShu").click()
        page.wait_for_url("**/companies/shengshu/")
        assert page.locator('link[rel="alternate"][href="/feeds/companies/shengshu/"]').count()
        check(page, "company", device, scheme)

        search = page.get_by_role("searchbox", name="Search stories")
        search.fill("world model")
        search.press("Enter")
        page.wait_for_url("**/search/?q=world+model")
        result = page.locator(".results .story").filter(has_text=seed.headline)
        assert result.locator("mark").count() >= 2
        check(page, "search", device, scheme)

        with page.expect_response("**/feeds/") as feed_response:
            page.get_by_role("link", name="RSS feed").click()
        assert feed_response.value.status == 200
        assert "rss" in feed_response.value.headers["content-type"]
    finally:
        context.close()
    # No fonts, scripts or styles from anywhere but our own server.
    assert all(url.startswith(reader_site) for url in requests), requests


def test_skip_link_is_the_first_stop_for_keyboard_users(page, reader_site):
    page.goto(reader_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Then on through the header by keyboard alone.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run `npm ci` to install it")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_other_pages_have_no_serious_axe_violations(browser, reader_site, scheme):
    from articles.models import Status
    from tests.factories import ArticleFactory

    killed = ArticleFactory(status=Status.KILLED)
    context = browser.new_context(viewport=WIDTHS["desktop"], color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        for number, path in enumerate(
            [
                "/articles/?since=not-a-date&company=nobody",
                "/articles/?origin=partner",
                "/archive/",
                "/sources/",
                "/sources/aicnbc/",
                "/search/?q=%28%28%28",
                "/search/?q=nothing+matches+this",
                "/no-such-page/",
                killed.get_absolute_url(),
            ]
        ):
            page.goto(reader_site + path)
            shot = ARTIFACTS / f"reader-more-{number}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert axe_violations(page) == [], path
    finally:
        context.close()
