"""The editorial workflow in a real browser: a writer files a story with a lead image, an
editor publishes it, a reader finds it; two editors race on one story and no text is lost."""

import importlib
import re

import pytest
from django.apps import apps
from taggit.models import Tag

from articles.models import Article, Status

from ..factories import ArticleFactory, AuthorFactory, UserFactory, make_png

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback restores the roles, rules and registry the migrations load, which a
    # live-server test's flush would otherwise wipe for the tests after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def roles():
    """The role groups, recreated if an earlier live-server test's flush removed them."""
    importlib.import_module("articles.migrations.0007_workflow_roles").create_roles(apps, None)


def log_in(browser, live_server, username, password="pw"):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#needs-attention")
    return page


def type_in_editor(page, text):
    editor = page.locator("div.prose-editor > div.ProseMirror")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_writer_files_editor_publishes_reader_reads(browser, live_server, tmp_path, artifacts_dir):
    writer = UserFactory(username="wendy", first_name="Wendy", role="Writer")
    AuthorFactory(name="Wendy Writer", slug="wendy-writer", user=writer)
    UserFactory(username="eddie", first_name="Eddie", role="Editor")
    Tag.objects.create(name="Semiconductors", slug="semiconductors")
    photo = tmp_path / "fab.png"
    photo.write_bytes(make_png(1400, 900))

    # The writer writes the story and uploads its lead image from the article form.
    page = log_in(browser, live_server, "wendy")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("New fab opens in Dresden")
    assert page.input_value("#id_slug") == "new-fab-opens-in-dresden"  # prefilled
    page.fill("#id_dek", "The plant will make chips for cars.")
    type_in_editor(page, "The plant opened on Monday with 2,000 staff.")
    # Tags: an existing one picked from the suggestions, a new one typed.
    page.click(".field-tags .select2-container")
    page.keyboard.type("Semi")
    page.wait_for_selector(".select2-results__option--highlighted:has-text('Semiconductors')")
    page.keyboard.press("Enter")
    page.keyboard.type("Dresden,")
    with page.expect_popup() as popup_info:
        page.click("#add_id_lead_image")
    popup = popup_info.value
    popup.set_input_files("#id_file", str(photo))
    popup.fill("#id_alt_text", "Clean-room workers beside a lithography machine")
    popup.fill("#id_caption", "Inside the new fab")
    popup.fill("#id_credit", "Press office")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=was added successfully")
    article = Article.objects.get(slug="new-fab-opens-in-dresden")
    assert article.lead_image.alt_text.startswith("Clean-room workers")
    assert "2,000 staff" in article.body
    assert sorted(article.tags.names()) == ["Dresden", "Semiconductors"]
    assert page.locator("button[value=published]").count() == 0  # writers can't publish
    page.click("button[value=in_review]")
    page.wait_for_selector("text=is now in review")
    page.screenshot(path=str(artifacts_dir / "editorial-writer-submitted.png"), full_page=True)

    # The editor sees it, previews it and publishes it.
    desk = log_in(browser, live_server, "eddie")
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    with desk.expect_popup() as preview_info:
        desk.click("text=Preview as saved")
    preview = preview_info.value
    preview.wait_for_selector("text=Preview")
    assert preview.locator("h1").inner_text() == "New fab opens in Dresden"
    assert preview.locator(".byline").inner_text() == "By Wendy Writer"
    desk.click("button[value=published]")
    desk.wait_for_selector("text=is now published")

    # A reader finds it on the home page, with its responsive lead image.
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + "/")
    reader.click("text=New fab opens in Dresden")
    image = reader.locator("figure.lead-image img")
    assert image.get_attribute("alt") == "Clean-room workers beside a lithography machine"
    assert re.search(r" 320w, .* 640w", image.get_attribute("srcset"))
    assert reader.locator("figure.lead-image source[type='image/webp']").count() == 1
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Inside the new fab" in reader.locator("figcaption").inner_text()
    reader.screenshot(path=str(artifacts_dir / "editorial-reader.png"), full_page=True)


def test_two_editors_race_and_no_text_is_lost(browser, live_server, artifacts_dir):
    UserFactory(username="eddie", first_name="Eddie", role="Editor")
    UserFactory(username="erin", first_name="Erin", role="Editor")
    article = ArticleFactory(headline="Race story", body="<p>Agreed opening.</p>")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    eddie = log_in(browser, live_server, "eddie")
    eddie.goto(url)
    erin = log_in(browser, live_server, "erin")
    erin.goto(url)
    assert "Eddie has been editing since" in erin.locator("#edit-lock").inner_text()

    type_in_editor(eddie, " Eddie's new sentence.")
    eddie.click("input[name=_continue]")
    eddie.wait_for_selector("text=was changed successfully")

    # Her form's next heartbeat warns her before she saves.
    erin.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    erin.wait_for_selector("#newer-version:not([hidden])")

    type_in_editor(erin, " Erin's careful paragraph.")
    erin.click("input[name=_continue]")
    erin.wait_for_selector("#stale-panel")
    panel = erin.locator("#stale-panel").inner_text()
    assert "someone else saved this story after you opened it" in panel
    assert "Eddie's new sentence." in panel  # what changed, so she can merge it
    assert (
        "Erin's careful paragraph."
        in erin.locator("div.prose-editor > div.ProseMirror").inner_text()
    )
    erin.screenshot(path=str(artifacts_dir / "editorial-stale-save.png"), full_page=True)
    article.refresh_from_db()
    assert "Eddie's new sentence." in article.body
    assert "Erin's careful paragraph." not in article.body

    # She merges Eddie's sentence into her text and saves her version knowingly.
    type_in_editor(erin, " Eddie's new sentence.")
    erin.check("input[name=overwrite_version]")
    erin.click("input[name=_continue]")
    erin.wait_for_selector("text=was changed successfully")
    article.refresh_from_db()
    assert "Erin's careful paragraph." in article.body
    assert "Eddie's new sentence." in article.body
    assert article.status == Status.PUBLISHED
