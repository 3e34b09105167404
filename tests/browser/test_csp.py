"""The Content Security Policy, checked in a real browser: no page of ours trips it, and
JSON-LD data blocks (which the public-site work adds) are not affected by script-src."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(page):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(str(e)))
    return messages


def test_public_and_admin_pages_raise_no_csp_violations(page, live_server, imported_seeds):
    get_user_model().objects.create_superuser("editor", "e@example.org", "right-horse-9")
    messages = csp_violations(page)
    article = Article.objects.published().first()
    article.tags.add("AI")  # only the held seed carries it, and a tag no reader sees is a 404
    for path in ["/", article.get_absolute_url(), "/tags/ai/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "right-horse-9")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    for path in ["/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/"]:
        assert page.goto(live_server.url + path).status == 200, path
    assert [m for m in messages if "Content Security Policy" in m] == []


def test_json_ld_needs_no_nonce_but_inline_script_is_blocked(page):
    """What browsers do with our policy: data blocks are read, inline code never runs."""
    html = (
        '<!doctype html><script type="application/ld+json">{"headline": "Data"}</script>'
        "<body><script>document.body.dataset.ran = 'yes'</script></body>"
    )
    policy = "default-src 'self'; script-src 'self'"
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            body=html,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
        ),
    )
    messages = csp_violations(page)
    page.goto("http://csp.test/")
    assert page.evaluate("document.body.dataset.ran") is None  # inline code blocked
    headline = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
        ".textContent).headline"
    )
    assert headline == "Data"
    violations = [m for m in messages if "Content Security Policy" in m]
    assert len(violations) == 1
    assert "Executing inline script" in violations[0]
