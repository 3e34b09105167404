"""A partner's web page: trafilatura finds the story in the page; the page's own statements
(schema.org NewsArticle JSON-LD, ``rel="license"``, ``<link rel="canonical">``, ``og:url``,
``og:site_name``) come before its guesses. Pure: no Django.
"""

from __future__ import annotations

import json
import logging

import lxml.html
import trafilatura
from lxml import etree

from articles.ingest.formats.structured import Structured, plain
from articles.ingest.parsed import ParseError

# trafilatura logs every page it finds too short at WARNING; the importer reports instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "blogposting",
    "techarticle",
    "scholarlyarticle",
    "report",
}


def parse_html(text: str, *, url: str = "") -> Structured:
    """The story on an HTML page, with what the page states about it."""
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"the HTML page cannot be read ({exc})") from None
    meta = _page_metadata(tree)
    ld = _news_article(tree)
    canonical = _first(ld.get("url"), meta.get("canonical"), meta.get("og:url"), url)
    body = trafilatura.extract(
        text,
        url=canonical or None,
        output_format="html",
        include_links=True,
        include_formatting=True,
        include_images=False,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=False,
    )
    found = trafilatura.bare_extraction(text, url=canonical or None, with_metadata=True)
    found = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    if not body:
        # A short page trafilatura declines is still a story when its body says so.
        body = ld.get("articleBody") and f"<p>{ld['articleBody']}</p>"
    if not body:
        raise ParseError("the HTML page has no story text that could be found")
    holder = _name(ld.get("copyrightHolder")) or _name(ld.get("publisher"))
    rights = [
        f"© {ld.get('copyrightYear', '')} {holder}".replace("  ", " ") if holder else "",
        plain(ld.get("copyrightNotice") or ""),
        plain(ld.get("usageInfo") or "") if isinstance(ld.get("usageInfo"), str) else "",
    ]
    license_url = _first(_license(ld.get("license")), meta.get("license"))
    authors = [n for n in (_name(a) for a in _as_list(ld.get("author"))) if n]
    if not authors and found.get("author"):
        authors = [a.strip() for a in found["author"].split(";")]
    free = ld.get("isAccessibleForFree")
    return Structured(
        body_html=_strip_document(body),
        format="html",
        headline=plain(_first(ld.get("headline"), meta.get("og:title"), found.get("title"))),
        authors=authors,
        canonical_url=canonical,
        external_id=canonical,
        version=_first(ld.get("dateModified"), meta.get("article:modified_time")),
        published_at=_first(ld.get("datePublished"), meta.get("article:published_time")),
        site_name=plain(_first(meta.get("og:site_name"), found.get("sitename"))),
        tags=_keywords(ld.get("keywords")) or list(found.get("tags") or []),
        rights=[r for r in rights if r.strip()],
        license_url=license_url,
        located=_name(ld.get("locationCreated")),
        paywalled=str(free).strip().lower() in {"false", "0", "no"},
        raw=text,
    )


def _page_metadata(tree) -> dict[str, str]:
    meta: dict[str, str] = {}
    for link in tree.iterfind(".//link[@rel][@href]"):
        rels = link.get("rel", "").lower().split()
        for rel in ("canonical", "license"):
            if rel in rels:
                meta.setdefault(rel, link.get("href", "").strip())
    for anchor in tree.iterfind(".//a[@rel][@href]"):
        if "license" in anchor.get("rel", "").lower().split():
            meta.setdefault("license", anchor.get("href", "").strip())
    for tag in tree.iterfind(".//meta[@content]"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        if key:
            meta.setdefault(key, tag.get("content", "").strip())
    return meta


def _news_article(tree) -> dict:
    """The page's schema.org article object (NewsArticle and kin), or {}."""
    for script in tree.iterfind(".//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue  # a broken JSON-LD block is the partner's bug, not a reason to fail
        for item in _walk(data):
            types = {str(t).lower() for t in _as_list(item.get("@type"))}
            if types & _ARTICLE_TYPES:
                return item
    return {}


def _walk(data, depth: int = 0):
    if depth > 6:
        return
    if isinstance(data, list):
        for value in data:
            yield from _walk(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph"), depth + 1)
        yield from _walk(data.get("mainEntity"), depth + 1)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or ""
    return plain(value) if isinstance(value, str) else ""


def _license(value) -> str:
    for item in _as_list(value):
        if isinstance(item, dict):
            item = item.get("url") or item.get("@id") or ""
        if isinstance(item, str) and item.strip():
            return item.strip()
    return ""


def _keywords(value) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    return [plain(k) for k in _as_list(value) if isinstance(k, str) and k.strip()]


def _first(*values) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _strip_document(body: str) -> str:
    # trafilatura wraps its HTML output in <html><body>; the body's blocks are what we keep.
    return (
        body.replace("<html>", "")
        .replace("</html>", "")
        .replace("<body>", "")
        .replace("</body>", "")
    )
