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
    """Everything the registry finds in ``text`` for ``article``: its automatic mentions
    (replaced; those an editor added by hand are kept, with their count updated), the
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
            _mentions_replace(article, found, after_text=len(text))
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


def mentions_create_new(*, stories: Sequence[tuple[object, str]], registry: Registry) -> None:
    """``mentions_refresh(..., new_article=True)`` for many articles created in the caller's
    transaction, ``stories`` being (article, text) pairs: the mentions of all of them in one
    INSERT (unsignalled, as there: the caller saves the articles in that transaction), the
    suggestions and funding rounds each article's text states."""
    mentions = []
    for article, text in stories:
        matches = registry.matcher.find(text)
        found: dict[int, tuple[int, int]] = {}
        for match in matches:
            seen = found.get(match.key)
            found[match.key] = (1, match.start) if seen is None else (seen[0] + 1, seen[1])
        mentions += [
            Mention(article=article, company_id=company_id, count=count, first_position=first)
            for company_id, (count, first) in found.items()
        ]
        suggestions_refresh(
            article=article,
            text=text,
            matches=matches,
            known_names=registry.known_names,
            new_article=True,
        )
        funding_rounds_suggest(
            article=article, text=text, matches=matches, kinds=registry.kinds, new_article=True
        )
    Mention.objects.bulk_create(mentions)


def _mentions_replace(article, found: dict[int, tuple[int, int]], *, after_text: int) -> None:
    Mention.objects.filter(article=article, manual=False).exclude(
        company_id__in=found.keys()
    ).delete()
    existing = {m.company_id: m for m in Mention.objects.filter(article=article)}
    for company_id, mention in existing.items():
        if company_id not in found:  # added by hand, not (or no longer) named in the text
            found_there = (0, after_text)
            if (mention.count, mention.first_position) != found_there:
                mention.count, mention.first_position = found_there
                mention.save(update_fields=["count", "first_position"])
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


def mention_add_by_hand(*, article, company: Company) -> Mention:
    """An editor says ``article`` is about ``company`` too: the mention is kept, marked as
    added by hand, whatever the matcher finds, until an editor removes it. Adding a company
    the matcher already found (or finds while this story is saved) marks that mention."""
    text = article_text(article)
    # Not named in the text: counted as zero and placed after everything the text names, so
    # it is never taken for what the story is mainly about.
    count, first = get_matcher().count(text).get(company.pk, (0, len(text)))
    with transaction.atomic():
        mention, created = Mention.objects.select_for_update().get_or_create(
            article=article,
            company=company,
            defaults={"manual": True, "count": count, "first_position": first},
        )
        if not created and not mention.manual:
            mention.manual = True
            mention.save(update_fields=["manual"])
    return mention


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
