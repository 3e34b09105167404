"""RSS 2.0 and Atom feeds with feedparser: each entry is a story. An entry that carries only a
summary is stored as a summary and never dressed up as the full text. Pure: no Django.
"""

from __future__ import annotations

import io
import time

import feedparser

from articles.ingest.formats.structured import Structured, plain
from articles.ingest.parsed import ParseError


def parse_feed(data: bytes) -> tuple[str, list[Structured]]:
    """(the feed's title, its entries); ``ParseError`` if it is not a readable feed."""
    # feedparser sanitises HTML its own way; ours (nh3) runs on every body later, so its output
    # stays raw here. It is given a stream, never a string: a string that looks like a URL or
    # a file name would make it fetch or open that.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=True)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
            parsed.get("bozo_exception") or "malformed XML"
        )
        raise ParseError(f"not a readable RSS or Atom feed ({' '.join(reason.split())[:200]})")
    if not parsed.version and not parsed.entries:
        raise ParseError("not an RSS or Atom feed")
    kind = "atom" if str(parsed.version).startswith("atom") else "rss"
    channel = parsed.feed
    channel_rights = plain(channel.get("rights") or channel.get("dc_rights") or "")
    return plain(channel.get("title", "")), [
        _entry(entry, kind=kind, channel_rights=channel_rights) for entry in parsed.entries
    ]


def _entry(entry, *, kind: str, channel_rights: str) -> Structured:
    content = [c for c in entry.get("content") or [] if c.get("value")]
    full = max(content, key=lambda c: len(c["value"]))["value"] if content else ""
    summary = entry.get("summary", "")
    body = full or summary
    link = (entry.get("link") or "").strip()
    authors = [plain(a.get("name", "")) for a in entry.get("authors") or [] if a.get("name")]
    if not authors and entry.get("author"):
        authors = [plain(entry["author"])]
    tags = [plain(t.get("term") or t.get("label") or "") for t in entry.get("tags") or []]
    rights = plain(entry.get("rights") or entry.get("dc_rights") or "") or channel_rights
    credits = [plain(c.get("content", "")) for c in entry.get("media_credit") or []]
    if entry.get("media_credit") and isinstance(entry["media_credit"], str):
        credits = [plain(entry["media_credit"])]
    license_url = next(
        (
            item.get("href", "")
            for item in entry.get("links") or []
            if item.get("rel") == "license" and item.get("href")
        ),
        "",
    )
    return Structured(
        body_html=body,
        format=kind,
        headline=plain(entry.get("title", "")),
        authors=authors,
        canonical_url=link,
        external_id=(entry.get("id") or entry.get("guid") or link or "").strip(),
        # dict.get: feedparser's own get() maps a missing "updated" to "published", with a
        # deprecation warning; an entry that states no update has no version.
        version=_iso(dict.get(entry, "updated_parsed")),
        published_at=_iso(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
        tags=[t for t in tags if t],
        rights=[rights] if rights else [],
        license_url=license_url,
        image_credits=[c for c in credits if c],
        summary_only=not full,
        raw=body,
    )


def _iso(value) -> str:
    if not value:
        return ""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
