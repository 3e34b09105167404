"""IPTC NINJS (News in JSON, 1.x and 2.x): one item, a list of items, or an object holding
them under ``items``/``data``. The partner's ``usageterms`` and ``copyrightnotice`` are matched
against our rules like any notice. Pure: no Django.
"""

from __future__ import annotations

import html
import json

from articles.ingest.formats.structured import Structured, plain
from articles.ingest.parsed import ParseError

_MAX_ITEMS = 1000


def looks_like_ninjs(data: object) -> bool:
    items = _items(data)
    return any(
        isinstance(i, dict) and ("uri" in i or "guid" in i) and _has_body_or_headline(i)
        for i in items
    )


def parse_ninjs(text: str) -> list[Structured]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not valid JSON ({exc})") from None
    items = _items(data)
    if not items:
        raise ParseError("no NINJS item found (expected an object with a uri, or a list)")
    if len(items) > _MAX_ITEMS:
        raise ParseError(f"{len(items)} NINJS items in one file, over the limit of {_MAX_ITEMS}")
    return [_item(item, index) for index, item in enumerate(items)]


def _items(data: object) -> list:
    if isinstance(data, dict):
        for key in ("items", "data"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    return data if isinstance(data, list) else []


def _has_body_or_headline(item: dict) -> bool:
    return any(isinstance(item.get(k), str) for k in ("body_html", "body_text", "headline"))


def _item(item: object, index: int) -> Structured:
    if not isinstance(item, dict):
        raise ParseError(f"NINJS item {index + 1} is not an object")
    body = _string(item.get("body_html"))
    if not body and _string(item.get("body_text")):
        body = "".join(
            f"<p>{html.escape(p.strip())}</p>" for p in item["body_text"].split("\n\n") if p.strip()
        )
    summary = _string(item.get("description_text"))
    if not body and summary:
        body = f"<p>{html.escape(summary)}</p>"
    headline = _headline(item)
    byline = _string(item.get("byline"))
    authors = [_name(p) for p in item.get("people") or [] if _role(p) == "author"]
    if byline:
        authors = [plain(byline).removeprefix("By ").removeprefix("by ")]
    subjects = item.get("subject") or []
    tags = [_name(s) for s in subjects if isinstance(s, dict) and _name(s)]
    tags += [plain(k) for k in item.get("keywords") or [] if isinstance(k, str)]
    rights = [
        _string(item.get("copyrightnotice")),
        _string(item.get("usageterms")),
    ]
    info = item.get("rightsinfo")
    license_url = ""
    for entry in info if isinstance(info, list) else [info] if isinstance(info, dict) else []:
        if isinstance(entry, dict):
            rights.append(_string(entry.get("copyrightnotice")) or _string(entry.get("usageterms")))
            license_url = license_url or _string(entry.get("linkedrights"))
    holder = _string(item.get("copyrightholder"))
    if holder and not any(holder in r for r in rights if r):
        rights.insert(0, f"© {holder}")
    uri = _string(item.get("uri")) or _string(item.get("guid"))
    link = next(
        (
            _string(link.get("href"))
            for link in item.get("links") or []
            if isinstance(link, dict) and _string(link.get("rel")) in {"canonical", "self", ""}
        ),
        "",
    )
    version = _string(item.get("version")) or ""
    return Structured(
        body_html=body,
        format="ninjs",
        headline=plain(headline),
        authors=authors,
        canonical_url=link or (uri if uri.startswith(("http://", "https://")) else ""),
        external_id=uri,
        version=version.zfill(12) if version.isdigit() else _string(item.get("versioncreated")),
        published_at=_string(item.get("firstcreated")) or _string(item.get("versioncreated")),
        tags=[t for t in tags if t],
        rights=[r for r in rights if r],
        license_url=license_url,
        located=plain(_located(item.get("located"))),
        summary_only=not (_string(item.get("body_html")) or _string(item.get("body_text"))),
        raw=json.dumps(item, ensure_ascii=False, indent=1),
    )


def _headline(item: dict) -> str:
    headline = item.get("headline")
    if isinstance(headline, str):
        return headline
    for entry in item.get("headlines") or []:  # NINJS 2.x
        if isinstance(entry, dict) and _string(entry.get("value")):
            return entry["value"]
    return ""


def _located(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _string(value.get("name"))
    return ""


def _name(value) -> str:
    return plain(value.get("name", "")) if isinstance(value, dict) else ""


def _role(value) -> str:
    return (
        str(value.get("rel") or value.get("role") or "").lower() if isinstance(value, dict) else ""
    )


def _string(value) -> str:
    return value.strip() if isinstance(value, str) else ""
