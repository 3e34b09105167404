"""The credit a story's notice gives: its original author, URL and copyright holder, and the
partner (``Source``) they name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from articles.ingest.parsed import ParsedArticle
from articles.models import Article, Origin
from articles.models.rights import PERMISSION_RANK, Permission
from articles.rights.notices import choose_rule

if TYPE_CHECKING:
    from articles.ingest.batch import ImportBatch


def _maybe_known(parsed: ParsedArticle, *, name: str, url: str) -> bool:
    """Whether any story has this file's text, name or original URL: one indexed query, so
    that a new file (the common case) skips the three look-ups that tell which it is."""
    known = Q(content_hash=parsed.content_hash) | Q(import_name=name)
    if url:
        known |= Q(origin=Origin.PARTNER, original_url=url)
    return Article.objects.filter(known).exists()


def _credit_fields(parsed: ParsedArticle, batch: ImportBatch) -> dict:
    """Rule, source, author, URL, holder and the parser's facts, from the notice, the bylines
    and the partner profile the parser recognised."""
    # The same choice as rights.match_rule (notices.choose_rule over the rule versions in
    # force, by priority), over the batch's rule list instead of a query per file.
    rules, patterns = batch.rules
    profile_source = batch.source_for(parsed.source_key)
    found = choose_rule(
        parsed.notice,
        patterns,
        licence=parsed.licence,
        source=profile_source.pk if profile_source else None,
        # With no notice at all, a recognised wire's own rule (all rights reserved) governs;
        # never an open one: no notice means held.
        fallback_rank=PERMISSION_RANK[Permission.PERMISSION_REQUIRED],
    )
    rule = next((r for r in rules if found and r.pk == found.key), None)
    groups = found.groups if found else {}
    # The notice's own URL and holder first; then what the parser read around it, and a
    # structured format's canonical URL and site name where the notice names none.
    url = (
        _valid_url(groups.get("url", ""))
        or _valid_url(parsed.original_url)
        or _valid_url(parsed.canonical_url)
    )
    holder = groups.get("holder", "") or parsed.holder or parsed.site_name
    source = rule.source if rule and rule.source_id else None
    source = source or profile_source or batch.find_source(holder, url)
    return {
        "rule": rule,
        "source": source,
        "original_url": url,
        "original_author": (groups.get("author") or parsed.writer)[:200],
        "copyright_holder": (holder or (source.name if source else ""))[:200],
        "copyright_notice": parsed.notice,
        "import_facts": import_facts(parsed),
    }


def import_facts(parsed: ParsedArticle) -> dict:
    """What the parser read that has no column of its own (the report's licence, dateline and
    authors)."""
    return {
        "license": parsed.licence,
        "license_problem": parsed.licence_problem,
        "dateline": parsed.dateline,
        "authors": parsed.authors,
        "profile": parsed.source_key,
        "press_release": parsed.press_release,
    }


def _valid_url(url: str) -> str:
    url = url.rstrip(".,;)")
    if not url or len(url) > 500:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url
