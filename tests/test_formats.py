"""The structured partner formats (HTML pages, RSS/Atom, NINJS): content sniffing and what each
parser reads. Pure: no database."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.ingest.formats.detect import parse_items, sniff
from articles.ingest.formats.structured import join_names, licence_words
from articles.ingest.parsed import ParseError

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def items(name: str):
    return parse_items((FIXTURES / name).read_bytes(), name=name)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>", "rss"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><!-- hi --><feed xmlns='x'/>", "rss"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"  <html><p>x</p></html>", "html"),
        (b'[{"uri": "urn:x", "headline": "A"}]', "ninjs"),
        (b'{"items": [{"uri": "urn:x", "body_html": "<p>A</p>"}]}', "ninjs"),
        (b'{"hello": "world"}', "text"),
        (b"A headline\n\nSome text that mentions <html> later.", "text"),
        (b"<3 robots\n\nA story that starts with a heart.", "text"),
    ],
)
def test_the_parser_is_chosen_by_content(data, kind):
    assert sniff(data) == kind


def test_a_page_states_come_before_guesses():
    fmt, (item,) = items("page_cc.html")
    page = item.parsed
    assert fmt == "html"
    assert item.entry == ""  # one story per page: reported by the file alone
    assert page.headline == "Lumen raises $40 million for photonic chips"
    assert not page.headline_is_provisional
    assert page.writer == "Ana de la Cruz and Tomasz J. Nowak"  # JSON-LD authors, in order
    assert page.canonical_url == "https://opencircuit.example/2026/11/lumen-raises-40-million"
    assert page.site_name == "Open Circuit"
    assert page.published_at.startswith("2026-11-20T08:00")
    assert page.tags == ["chips", "funding", "photonics"]
    assert "Licensed under CC BY 4.0: https://creativecommons.org/licenses/by/4.0/" in page.notice
    assert not page.paywalled
    assert not page.summary_only


def test_a_page_keeps_its_story_and_drops_the_site_around_it():
    page = items("page_cc.html")[1][0].parsed
    body = page.body_html
    assert body.startswith("<p>Lumen, a Munich-based designer")
    assert "<h2>What the money is for</h2>" in body
    assert '<a href="https://lumen.example/"' in body  # links kept
    assert "onclick" not in body
    for chrome in ("Most read", "Subscribe", "window.analytics", "By Ana de la Cruz"):
        assert chrome not in body
    assert "<h1>" not in body  # the page's own headline is not the body's first line


def test_a_paywalled_page_is_partial_text():
    page = items("page_paywalled.html")[1][0].parsed
    assert page.paywalled  # isAccessibleForFree "False", as a string
    assert page.writer == "Priya Raman"


def test_an_html_page_saved_as_txt_is_read_as_html():
    fmt, (item,) = items("page_saved_as.txt")
    assert fmt == "html"
    page = item.parsed
    assert page.headline == "Robot vacuum maker Dustin goes public"
    assert "All rights reserved" in page.notice  # the notice line inside the story still counts
    assert "All rights reserved" not in page.body_html


def test_rss_entries_are_stories_and_a_summary_stays_a_summary():
    fmt, entries = items("feed_rss.xml")
    assert fmt == "rss"
    full, teaser, empty = entries
    story = full.parsed
    assert full.entry == "opencircuit-2026-1101"
    assert story.headline == "Kestrel opens its first plant outside Europe"
    assert story.writer == "Li Wei"
    assert story.tags == ["robotics", "manufacturing"]
    assert story.canonical_url == "https://opencircuit.example/2026/11/kestrel-shenzhen"
    assert [c.credit for c in story.image_credits] == ["Kestrel Robotics"]
    assert "Creative Commons Attribution 4.0" in story.notice  # the channel's dc:rights
    assert not story.summary_only
    assert "battery makers" in story.body_html  # content:encoded, not the one-line description
    for attack in ("<script", "javascript:", "onerror"):
        assert attack not in story.body_html
    assert teaser.parsed.summary_only
    assert empty.parsed is None
    assert empty.error == "the item has no body text"


def test_atom_entries():
    fmt, (entry,) = items("feed_atom.xml")
    story = entry.parsed
    assert fmt == "rss"
    assert story.format == "atom"
    assert story.writer == "Adaeze Okafor"
    assert story.version == "2026-11-29T11:00:00Z"
    assert "All rights reserved" in story.notice  # the feed's <rights>


def test_ninjs_items_and_their_usage_terms():
    fmt, (wire, open_item, broken) = items("ninjs_items.json")
    assert fmt == "ninjs"
    story = wire.parsed
    assert wire.entry == "urn:newsml:wire.example:20261130:qubitra"
    assert story.headline == "Quantum start-up Qubitra raises $12 million"
    assert story.writer == "Sam Ortiz"  # "By " is the byline's label, not the name
    assert story.located == "DELFT"
    assert story.tags == ["quantum computing"]
    assert "All rights reserved" in story.notice
    assert "Not for republication" in story.notice
    assert story.version == "000000000003"  # compares as a number would
    assert "CC BY 4.0" in open_item.parsed.notice
    assert broken.parsed is None


def test_a_malformed_feed_is_one_clear_error():
    with pytest.raises(ParseError, match="not a readable RSS or Atom feed"):
        items("malformed.xml")


def test_licence_urls_in_the_words_notices_use():
    assert licence_words("https://creativecommons.org/licenses/by-nd/4.0/") == "CC BY-ND 4.0"
    assert licence_words("http://creativecommons.org/licenses/by-nc-sa/3.0/deed.en") == (
        "CC BY-NC-SA 3.0"
    )
    assert licence_words("https://creativecommons.org/publicdomain/zero/1.0/") == "CC0 1.0"
    assert licence_words("https://example.org/terms") == ""


def test_names_are_joined_in_order_once_each():
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A and B"
    assert join_names(["A", "B", "C", "b"]) == "A, B and C"
    assert join_names(["", " ", "王芳"]) == "王芳"


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["<rss version='2.0'><channel>", "<html><body>", '[{"uri": "u", ']).flatmap(
        lambda head: st.text(max_size=300).map(lambda tail: head + tail)
    )
)
def test_any_bytes_in_a_structured_shape_parse_or_fail_clearly(text):
    try:
        _fmt, found = parse_items(text.encode("utf-8", "surrogatepass"), name="fuzz")
    except ParseError as error:
        message = str(error)
    else:
        message = None
        for item in found:
            assert (item.parsed is None) != (item.error == "")
    if message is not None:
        assert message
