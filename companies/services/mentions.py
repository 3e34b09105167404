"""Which companies a story mentions: found by the matcher at import and on every save of a
changed body, kept with their count and first position."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext

from django.db import transaction
from django.db.models import Q

from companies.matching import Matcher
from companies.models import (
    Company,
    Mention,
)
from companies.registry import Registry, get_matcher
from companies.services.funding import funding_rounds_suggest
from companies.services.suggestions import suggestions_refresh

# --------------------------------------------------------------------------- mentions


def mentions_refresh(
    *,
    article,
    text: str,
    matcher: Matcher | None = None,
    registry: Registry | None = None,
    new_article: bool = False,
) -> list[Company]:
    """Everything the registry finds in ``text`` for ``article``: its mentions (replaced), the
    unknown-company suggestions and the funding-round suggestions (both updated in place, so a
    re-import never duplicates them). Returns the companies in order of first mention (not
    with ``new_article``, whose caller, the importer, has no use for them).

    A batch (the importer) passes one ``registry`` snapshot (or ``matcher``) instead of checking
    the registry's freshness for every article, and ``new_article=True`` for an article created
    in the same transaction, which has nothing to replace yet; it must save the article in
    that transaction, which tells the public cache (so mentions are bulk-created, unsignalled).
    """
    if registry is not None:
        matcher = registry.matcher
    matches = (matcher or get_matcher()).find(text)
    found: dict[int, tuple[int, int]] = {}
    for match in matches:
        seen = found.get(match.key)
        found[match.key] = (1, match.start) if seen is None else (seen[0] + 1, seen[1])
    # A new article's caller holds the transaction that created it, which already makes this
    # all or nothing; a savepoint would only add two statements per file.
    with nullcontext() if new_article else transaction.atomic():
        if new_article:
            Mention.objects.bulk_create(
                Mention(article=article, company_id=company_id, count=count, first_position=first)
                for company_id, (count, first) in found.items()
            )
        else:
            _mentions_replace(article, found)
        suggestions_refresh(
            article=article,
            text=text,
            matches=matches,
            known_names=registry.known_names if registry is not None else None,
            new_article=new_article,
        )
        funding_rounds_suggest(
            article=article,
            text=text,
            matches=matches,
            kinds=registry.kinds if registry is not None else None,
            new_article=new_article,
        )
    if new_article:
        return []  # the importer does not use them; spares a query per file
    by_id = Company.objects.in_bulk(found.keys())
    ordered = sorted(found.items(), key=lambda item: item[1][1])
    return [by_id[company_id] for company_id, _ in ordered if company_id in by_id]


def _mentions_replace(article, found: dict[int, tuple[int, int]]) -> None:
    Mention.objects.filter(article=article).exclude(company_id__in=found.keys()).delete()
    existing = {m.company_id: m for m in Mention.objects.filter(article=article)}
    for company_id, (count, first) in found.items():
        mention = existing.get(company_id)
        if mention is None:
            # One create per mention, not bulk_create: the public cache listens for saves.
            Mention.objects.create(
                article=article, company_id=company_id, count=count, first_position=first
            )
        elif (mention.count, mention.first_position) != (count, first):
            mention.count, mention.first_position = count, first
            mention.save(update_fields=["count", "first_position"])


def companies_in_text(text: str) -> list[Company]:
    """The companies named in ``text``, in order of first mention, without writing anything."""
    found = get_matcher().count(text)
    by_id = Company.objects.in_bulk(found.keys())
    ordered = sorted(found.items(), key=lambda item: item[1][1])
    return [by_id[company_id] for company_id, _ in ordered if company_id in by_id]


def article_text(article) -> str:
    """The plain text extraction runs on: the body, as the importer stores it."""
    from articles.markup.text import html_to_text

    return html_to_text(article.body)


def articles_relink(*, names: Sequence[str]) -> int:
    """Re-run extraction on every article whose body contains one of ``names`` (after the
    registry learnt them); returns how many articles were scanned."""
    from articles.models import Article

    query = Q()
    for name in names:
        query |= Q(body__icontains=name)
    if not query:
        return 0
    articles = list(Article.objects.filter(query))
    for article in articles:
        mentions_refresh(article=article, text=article_text(article))
    return len(articles)
