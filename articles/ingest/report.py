"""The import report: one result per file and the batch's summary, the stable JSON contract
of ``import_seeds --json`` (keys may be added, never renamed)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property

from articles.markup.text import html_to_text
from articles.models import Article

STATUSES = ("created", "updated", "unchanged", "duplicate", "rejected")
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_MAX_ERROR_CHARS = 300


def display_path(path: str | bytes | os.PathLike) -> str:
    """``path`` as a report shows it, one printable line: bytes that are not UTF-8 appear as
    ``\\xff``, and control, format and bidi characters (which could forge report lines or
    drive a terminal) as escapes; ordinary names are unchanged."""
    path = os.fspath(path)
    if isinstance(path, str):
        try:
            path = os.fsencode(path)  # undoes the escaping of a name that is not UTF-8
        except UnicodeEncodeError:  # a lone surrogate that came from no file name
            path = path.encode("utf-8", "backslashreplace")
    text = path.decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def internal_error(exc: BaseException) -> str:
    """A file's rejection for an error nobody expected (the traceback goes to the log)."""
    detail = " ".join(str(exc).split())
    if len(detail) > _MAX_ERROR_CHARS:
        detail = detail[: _MAX_ERROR_CHARS - 1] + "…"
    return f"internal error: {type(exc).__name__}" + (f": {detail}" if detail else "")


@dataclass
class FileResult:
    path: str
    status: str
    error: str | None = None
    record: Article | None = field(default=None, repr=False)
    extra: dict = field(default_factory=dict)

    @cached_property
    def article(self) -> dict | None:
        """The report's ``article`` object, built on first use: it costs queries that a plain
        run, which only prints the headline and status, does not need."""
        return article_summary(self.record) if self.record is not None else None

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "article": self.article,
            **self.extra,
        }


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, result: FileResult) -> None:
        self.counts[result.status] += 1

    @property
    def ok(self) -> bool:
        return self.counts["rejected"] == 0


def article_summary(article: Article) -> dict:
    """The ``article`` object of the JSON report: a stable contract, add keys, never rename."""
    mentions = article.mentions.select_related("company").order_by("first_position")
    return {
        "slug": article.slug,
        "headline": article.headline,
        "headline_is_provisional": article.headline_is_provisional,
        "source": article.source.domain if article.source_id else None,
        "original_url": article.original_url,
        "original_author": article.original_author,
        "permission": article.permission,
        "rule": article.rule.name if article.rule_id else None,
        "copyright_notice": article.copyright_notice,
        "tags": sorted(article.tags.names()),
        "companies": [m.company.name for m in mentions],
        "image_credits": [c.get("credit", "") for c in article.image_credits],
        "image_captions": [c.get("caption", "") for c in article.image_credits],
        "upstream_credits": list(article.upstream_credits),
        "body_text": html_to_text(article.body),
        "status": article.status,
        "hold_reason": article.hold_reason,
        "url": article.get_absolute_url(),
        **parse_facts(article),
    }


def parse_facts(article: Article) -> dict:
    """The keys issue 14 added: the licence (the notice's, the partner's default, or the
    rule's), the dateline, every author, and whether it is a press release."""
    facts = article.import_facts or {}
    rule_licence = article.rule.license_spdx if article.rule_id else ""
    return {
        "license": facts.get("license") or rule_licence or None,
        "dateline": facts.get("dateline") or None,
        "authors": list(facts.get("authors") or []),
        "press_release": bool(facts.get("press_release")),
    }
