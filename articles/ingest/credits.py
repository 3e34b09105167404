"""The credit a story's notice gives: its original author, URL and copyright holder, and the
partner (``Source``) they name."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from articles.ingest.parsed import ParsedArticle
from articles.models import Article, Origin, Source
from articles.rights.notices import match_notice

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
    """Rule, source, author, URL and holder, from the notice and the writer line."""
    # The same choice as rights.match_rule (first matching rule version in force, by
    # priority), over the batch's rule list instead of a query per file.
    rules, patterns = batch.rules
    found = match_notice(parsed.notice, patterns) if parsed.notice else None
    rule = next((r for r in rules if found and r.pk == found.key), None)
    groups = found.groups if found else {}
    # The notice's own URL and holder first; a structured format's canonical URL and site name
    # where the notice names none.
    url = _valid_url(groups.get("url", "")) or _valid_url(parsed.canonical_url)
    holder = groups.get("holder", "") or parsed.site_name
    source = rule.source if rule and rule.source_id else batch.find_source(holder, url)
    return {
        "rule": rule,
        "source": source,
        "original_url": url,
        "original_author": (groups.get("author") or parsed.writer)[:200],
        "copyright_holder": (holder or (source.name if source else ""))[:200],
        "copyright_notice": parsed.notice,
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


def _find_source(holder: str, url: str) -> Source | None:
    domain = urlsplit(url).hostname if url else ""
    candidates = [d.lower().removeprefix("www.") for d in (holder, domain or "") if d]
    for candidate in candidates:
        source = Source.objects.filter(domain=candidate).first()
        if source:
            return source
    if holder:
        return Source.objects.filter(name__iexact=holder).first()
    return None
