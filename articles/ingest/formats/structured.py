"""From a partner's structured item (an HTML page's metadata, a feed entry, a NINJS item) to the
same ``ParsedArticle`` the text parser makes.

What the partner states plainly (headline, author, canonical URL, licence) comes first; the body
still goes through the text parser's line conventions, so a "Topics:" line, a photo credit or a
notice inside the body is recognised exactly as in a plain-text file. Pure: no Django.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field, replace

import nh3

from articles.ingest.decoding import normalise_text
from articles.ingest.headlines import provisional_headline
from articles.ingest.parsed import Block, ImageCredit, ParsedArticle, ParseError
from articles.ingest.parsing import parse_text
from articles.ingest.profiles import NO_PROFILES, Profiles
from articles.markup.sanitize import sanitize_html
from articles.rights.licences import stated_licence

# Creative Commons licence URLs -> the words a notice uses for them ("CC BY-ND 4.0").
_CC_URL = re.compile(
    r"creativecommons\.org/(?:licenses/(?P<kind>[a-z-]+)/(?P<version>\d\.\d)|publicdomain/(?P<pd>zero|mark))",
    re.IGNORECASE,
)
_BLOCK_HTML = re.compile(
    r"<(p|h[1-6]|blockquote|ul|ol|pre|figure)\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Structured:
    """One item as a structured format gives it; every field optional but the body."""

    body_html: str
    format: str  # "html", "rss", "atom", "ninjs"
    headline: str = ""
    authors: list[str] = field(default_factory=list)
    canonical_url: str = ""
    external_id: str = ""  # guid, NINJS uri, or the page's canonical URL
    version: str = ""  # comparable: an ISO timestamp or a zero-padded number
    published_at: str = ""  # ISO 8601, as the partner states it
    site_name: str = ""
    tags: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)  # the partner's own rights statements
    license_url: str = ""
    image_credits: list[str] = field(default_factory=list)
    upstream_credits: list[str] = field(default_factory=list)
    located: str = ""
    summary_only: bool = False  # the feed gave a summary, not the story
    paywalled: bool = False  # the partner marks the page isAccessibleForFree: false
    raw: str = ""  # the item as received, verbatim, for the story's raw text


def licence_words(url: str) -> str:
    """'CC BY-ND 4.0' for a Creative Commons licence URL, '' for anything else."""
    found = _CC_URL.search(url or "")
    if not found:
        return ""
    if found.group("pd"):
        return "CC0 1.0" if found.group("pd").lower() == "zero" else "Public Domain Mark"
    return f"CC {found.group('kind').upper()} {found.group('version')}"


def rights_notice(item: Structured) -> str:
    """The notice the rules are matched against: the partner's own statements, then the
    machine-readable licence in the words notices use for it."""
    lines = [" ".join(text.split()) for text in item.rights if text and text.strip()]
    if item.license_url:
        words = licence_words(item.license_url)
        lines.append(
            f"Licensed under {words}: {item.license_url}"
            if words
            else f"Licence: {item.license_url}"
        )
    if item.canonical_url and lines:
        lines.append(f"Read the original article: {item.canonical_url}")
    return "\n".join(dict.fromkeys(lines))


def html_blocks(body_html: str) -> list[str]:
    """The body's top-level blocks as sanitised HTML, loose text wrapped in paragraphs."""
    clean = sanitize_html(body_html or "")
    blocks = []
    position = 0
    for found in _BLOCK_HTML.finditer(clean):
        _loose_text(clean[position : found.start()], blocks)
        blocks.append(found.group(0))
        position = found.end()
    _loose_text(clean[position:], blocks)
    return blocks


def _loose_text(fragment: str, blocks: list[str]) -> None:
    parts = re.split(r"(?:<br\s*/?>\s*){2,}|\n\s*\n", fragment)
    blocks.extend(f"<p>{part.strip()}</p>" for part in parts if _text(part))


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def to_parsed(item: Structured, *, profiles: Profiles = NO_PROFILES) -> ParsedArticle:
    """The ``ParsedArticle`` for ``item``, its lines read with the partner ``profiles``;
    raises ``ParseError`` when no body text remains."""
    blocks_html = html_blocks(item.body_html)
    texts = [_text(block) for block in blocks_html]
    if not any(texts):
        raise ParseError("the item has no body text")
    # The text parser classifies the body's lines (notices, topics, credits, boilerplate);
    # the HTML blocks whose text it keeps are the body, with their links and formatting.
    headline_line = [item.headline] if item.headline else []
    parsed = parse_text("\n\n".join(headline_line + [t for t in texts if t]), profiles=profiles)
    kept = {_key(block.text) for block in parsed.blocks}
    body = []
    for block, text in zip(blocks_html, texts, strict=True):
        if not text or _key(text) not in kept:
            continue
        if item.headline and _key(text) == _key(item.headline):
            continue  # the page's own <h1>
        body.append(_demote_h1(block))
    if not body:
        raise ParseError("no article text remains once notices and credits go")
    body_html = "\n".join(body)
    body_blocks = [Block("h2" if re.match(r"<h\d", b, re.I) else "p", _text(b)) for b in body]
    headline = " ".join(item.headline.split())
    notice = "\n".join(n for n in (parsed.notice, rights_notice(item)) if n)
    licence, problem = parsed.licence, parsed.licence_problem
    if notice != parsed.notice:  # the item's own rights statement may name a licence
        profile = profiles.by_key(parsed.source_key)
        stated = stated_licence(notice, default=profile.default_license if profile else "")
        if stated is not None:
            licence, problem = stated.spdx, "" if stated.spdx else "not_stated"
    credits = parsed.image_credits + [ImageCredit("", c) for c in item.image_credits if c]
    lede = next((b.text for b in body_blocks if b.kind == "p"), body_blocks[0].text)
    digest_source = normalise_text("\n\n".join([headline, *[b.text for b in body_blocks]]))
    return replace(
        parsed,
        raw_text=item.raw or item.body_html,
        blocks=body_blocks,
        body_html=body_html,
        headline=headline or parsed.headline or provisional_headline(lede),
        headline_is_provisional=not (headline or not parsed.headline_is_provisional),
        tags=_unique(item.tags + parsed.tags),
        image_credits=credits,
        upstream_credits=_unique(item.upstream_credits + parsed.upstream_credits),
        notice=notice,
        licence=licence,
        licence_problem=problem,
        writer=join_names(item.authors) or parsed.writer,
        content_hash=hashlib.sha256(digest_source.encode("utf-8")).hexdigest(),
        format=item.format,
        external_id=item.external_id[:500],
        canonical_url=item.canonical_url[:500],
        version=item.version,
        published_at=item.published_at,
        site_name=item.site_name,
        located=item.located,
        summary_only=item.summary_only,
        paywalled=item.paywalled,
    )


def _key(text: str) -> str:
    # The text parser tidies scraper debris (spaces before punctuation, stray brackets), so
    # blocks are matched on their letters and digits alone.
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _demote_h1(block: str) -> str:
    # Story bodies start their headings at h2; a partner's h1/h5/h6 inside the body becomes one.
    return re.sub(r"<(/?)h[156]\b", r"<\1h2", block, flags=re.IGNORECASE)


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' — the partner's authors in order, once each."""
    names = _unique([" ".join(n.split()) for n in names if n and n.strip()])
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unique(values: list[str]) -> list[str]:
    seen, kept = set(), []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def plain(value: str) -> str:
    """Text of a fragment that may hold markup (a feed's title or author), tags removed."""
    return " ".join(html.unescape(nh3.clean(value or "", tags=set())).split())
