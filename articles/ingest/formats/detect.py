"""Which parser a file needs, told by its content, not its name: a ``.txt`` that is an HTML
page is read as HTML, a JSON file holding NINJS items as NINJS, anything else as text.
Pure: no Django.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from articles.ingest.decoding import decode_bytes
from articles.ingest.formats.feed import parse_feed
from articles.ingest.formats.html import parse_html
from articles.ingest.formats.ninjs import looks_like_ninjs, parse_ninjs
from articles.ingest.formats.structured import Structured, to_parsed
from articles.ingest.parsed import MAX_FILE_BYTES, ParsedArticle, ParseError
from articles.ingest.parsing import parse_bytes
from articles.ingest.profiles import NO_PROFILES, Profiles

_SNIFF_BYTES = 4096
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|main|meta|title|div|p)\b", re.IGNORECASE
)
_XML_DECLARATION = re.compile(rb"^<\?xml[^>]*\?>\s*", re.IGNORECASE)
_COMMENT = re.compile(rb"^<!--.*?-->\s*", re.DOTALL)


@dataclass
class Item:
    """One story of a file: its parsed form or the reason it could not be parsed."""

    entry: str  # "" for a file that is one story; else the entry's id or position
    parsed: ParsedArticle | None = None
    error: str = ""


def sniff(data: bytes) -> str:
    """'rss' (RSS or Atom), 'html', 'ninjs' or 'text'."""
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    while True:
        stripped = _COMMENT.sub(b"", _XML_DECLARATION.sub(b"", head), count=1)
        if stripped == head:
            break
        head = stripped
    if head[:1] in (b"{", b"["):
        try:
            if looks_like_ninjs(json.loads(data.decode("utf-8-sig"))):
                return "ninjs"
        except (ValueError, RecursionError):
            pass
        return "text"
    if head[:1] == b"<":
        if _FEED_ROOT.match(head):
            return "rss"
        if _HTML_ROOT.match(head):
            return "html"
    return "text"


def parse_items(
    data: bytes,
    *,
    name: str = "input",
    max_bytes: int = MAX_FILE_BYTES,
    url: str = "",
    profiles: Profiles = NO_PROFILES,
) -> tuple[str, list[Item]]:
    """(format, items): every story in ``data``. A file that cannot be read at all raises
    ``ParseError``; a bad entry of a feed becomes an ``Item`` with its error, the others stay."""
    kind = sniff(data[:max_bytes])
    if kind == "text":
        parsed = parse_bytes(data, name=name, max_bytes=max_bytes, profiles=profiles)
        return "text", [Item("", parsed=parsed)]
    if len(data) > max_bytes:
        raise ParseError(f"file is {len(data)} bytes, over the limit of {max_bytes} bytes")
    if kind == "rss":
        _title, entries = parse_feed(data)
        if not entries:
            raise ParseError("the feed has no entries")
        return "rss", [
            _structured(entry, str(n + 1), profiles=profiles) for n, entry in enumerate(entries)
        ]
    text = decode_bytes(data, name=name, max_bytes=max_bytes)
    if kind == "html":
        return "html", [_structured(parse_html(text, url=url), "", keyed=False, profiles=profiles)]
    items = parse_ninjs(text)
    return "ninjs", [
        _structured(item, str(n + 1), profiles=profiles) for n, item in enumerate(items)
    ]


def _structured(
    item: Structured, position: str, *, keyed: bool = True, profiles: Profiles = NO_PROFILES
) -> Item:
    # A feed's or a NINJS list's entries are told apart in the report by their ids; a page is
    # one story, reported by its file alone.
    entry = (item.external_id or position) if keyed else ""
    try:
        return Item(entry, parsed=to_parsed(item, profiles=profiles))
    except ParseError as exc:
        return Item(entry, error=str(exc))
