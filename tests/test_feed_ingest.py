"""HTML pages, feeds and NINJS through the one import pipeline: rights, identity, versions,
summaries and paywalls, sanitising, cross-format duplicates."""

import contextlib
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.editorial.publishing import article_publish
from articles.ingest.importing import import_paths
from articles.models import Article, Status
from articles.rights.engine import decide
from articles.rights.excerpts import visible_body_html

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def report(*paths) -> dict:
    out = StringIO()
    # Some entries are rejected on purpose (exit status 1); the report says which.
    with contextlib.suppress(CommandError):
        call_command("import_seeds", *map(str, paths), "--json", stdout=out, stderr=StringIO())
    return {f["path"].split("/")[-1]: f for f in json.loads(out.getvalue())["files"]}


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "in"
    shutil.copytree(FIXTURES, target)
    return target


def test_every_format_imports_with_one_report_line_per_story(folder):
    files = report(folder)
    assert files["feed_rss.xml#opencircuit-2026-1101"]["status"] == "created"
    assert files["feed_rss.xml#opencircuit-2026-1101"]["format"] == "rss"
    assert files["feed_rss.xml#opencircuit-2026-1101"]["entry"] == "opencircuit-2026-1101"
    assert files["feed_rss.xml#opencircuit-2026-1103"]["status"] == "rejected"
    assert files["feed_rss.xml#opencircuit-2026-1103"]["error"] == "the item has no body text"
    assert files["malformed.xml"]["status"] == "rejected"
    assert "not a readable RSS or Atom feed" in files["malformed.xml"]["error"]
    assert files["page_cc.html"]["article"]["headline"] == (
        "Lumen raises $40 million for photonic chips"
    )
    assert files["page_saved_as.txt"]["format"] == "html"
    assert files["ninjs_items.json#urn:newsml:wire.example:20261130:qubitra"]["status"] == (
        "created"
    )


def test_licences_decide_what_goes_live(folder):
    files = report(folder)

    def status(name):
        return files[name]["article"]["status"]

    assert status("page_cc.html") == "published"  # CC BY 4.0 by rel=license and JSON-LD
    assert status("feed_rss.xml#opencircuit-2026-1101") == "published"  # the feed's dc:rights
    assert status("feed_atom.xml#tag:labnotes.example,2026:entry-77") == "draft"  # reserved
    assert status("ninjs_items.json#urn:newsml:wire.example:20261130:qubitra") == "draft"
    assert status("page_saved_as.txt") == "draft"  # "All rights reserved" in the page


def test_a_stated_author_and_canonical_url_are_the_credit(folder):
    report(folder)
    lumen = Article.objects.get(headline__startswith="Lumen raises")
    assert lumen.original_author == "Ana de la Cruz and Tomasz J. Nowak"
    assert lumen.original_url == "https://opencircuit.example/2026/11/lumen-raises-40-million"
    assert '<a href="https://lumen.example/"' in lumen.body


def test_partner_markup_is_sanitised_before_it_is_stored(folder):
    report(folder)
    kestrel = Article.objects.get(headline__startswith="Kestrel")
    for attack in ("<script", "javascript:", "onerror", "onclick"):
        assert attack not in kestrel.body
    assert "battery makers" in visible_body_html(kestrel, decide(kestrel))


def test_a_summary_is_never_shown_as_the_story(folder):
    report(folder)
    teaser = Article.objects.get(headline="A teaser with no story behind it")
    assert teaser.text_is_partial
    assert teaser.status == Status.DRAFT  # never published unattended
    assert "only a summary" in teaser.hold_reason
    article_publish(article=teaser)  # an editor publishes it anyway: readers get a link
    assert decide(teaser).visibility == "link_only"
    assert visible_body_html(teaser, decide(teaser)) == ""


def test_a_paywalled_page_is_never_published_in_full(folder):
    report(folder)
    page = Article.objects.get(headline="Inside the race for 2nm chips")
    assert page.text_is_partial
    assert page.status == Status.DRAFT
    article_publish(article=page)
    decision = decide(page)
    assert decision.visibility == "link_only"
    assert "Subscribers read on" not in visible_body_html(page, decision)


def test_reimporting_changes_nothing(folder):
    report(folder)
    again = report(folder)
    statuses = {name: f["status"] for name, f in again.items()}
    assert set(statuses.values()) == {"unchanged", "rejected"}


def test_a_newer_version_updates_and_keeps_the_editors_edit(tmp_path):
    items = json.loads((FIXTURES / "ninjs_items.json").read_text())["items"][:1]
    path = tmp_path / "wire.json"
    path.write_text(json.dumps(items))
    import_paths([path])
    story = Article.objects.get()
    story.headline = "Qubitra lands $12m (edited)"
    story.save()

    items[0]["version"] = "4"
    items[0]["body_html"] += "<p>It plans to hire 30 engineers.</p>"
    path.write_text(json.dumps(items))
    assert report(path)["wire.json#urn:newsml:wire.example:20261130:qubitra"]["status"] == (
        "updated"
    )
    story.refresh_from_db()
    assert "30 engineers" in story.body
    assert story.headline == "Qubitra lands $12m (edited)"  # the editor's headline survives

    items[0]["version"] = "2"  # an older version arrives late
    items[0]["body_html"] = "<p>Stale text.</p>"
    path.write_text(json.dumps(items))
    result = report(path)["wire.json#urn:newsml:wire.example:20261130:qubitra"]
    assert result["status"] == "unchanged"
    story.refresh_from_db()
    assert "Stale text" not in story.body


def test_the_same_story_by_feed_and_by_page_is_one_story(tmp_path):
    page = (FIXTURES / "page_cc.html").read_text()
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Open Circuit</title>
    <item><title>Lumen raises money</title><guid>oc-lumen</guid>
    <link>https://opencircuit.example/2026/11/lumen-raises-40-million</link>
    <description>&lt;p&gt;Lumen, a Munich chip designer, raised $40 million on Thursday
    in a round led by Northstar Ventures.&lt;/p&gt;</description></item></channel></rss>"""
    (tmp_path / "a-page.html").write_text(page)
    (tmp_path / "b-feed.xml").write_text(feed)
    files = report(tmp_path)
    assert files["a-page.html"]["status"] == "created"
    assert files["b-feed.xml#oc-lumen"]["status"] == "duplicate"
    assert Article.objects.count() == 1
