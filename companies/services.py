"""Changes of state for companies: mentions, suggestions, funding rounds, merges.

The importer, the staff-article signal, the admin and the tests all call these functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence, Set
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from .extraction import find_rounds, find_suggestions
from .matching import Match, Matcher
from .models import (
    AliasKind,
    Company,
    CompanyAlias,
    CompanyKind,
    CompanySlugRedirect,
    FundingRound,
    Mention,
    ReviewStatus,
    Suggestion,
    SuggestionSighting,
    SuggestionStatus,
)
from .registry import Registry, get_matcher

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


# --------------------------------------------------------------------------- suggestions


def _known_names() -> set[str]:
    names = set(Company.objects.values_list("name", flat=True))
    names |= set(CompanyAlias.objects.values_list("name", flat=True))
    return {name.casefold() for name in names}


def suggestions_refresh(
    *,
    article,
    text: str,
    matches: Sequence[Match] | None = None,
    known_names: Set[str] | None = None,
    new_article: bool = False,
) -> None:
    """Record the unknown names near cue words in ``text`` as suggestions seen in ``article``.
    Names an editor rejected (or already accepted) are never suggested again.
    ``known_names`` (casefolded) saves reading the registry's names; ``new_article`` says the
    article has no sightings yet."""
    if matches is None:
        matches = get_matcher().find(text)
    candidates = find_suggestions(text, matches)
    kept: list[int] = []
    if candidates:
        known = known_names if known_names is not None else _known_names()
        decided = set(
            Suggestion.objects.filter(name__in=[c.name for c in candidates])
            .exclude(status=SuggestionStatus.PENDING)
            .values_list("name", flat=True)
        )
        for candidate in candidates:
            if candidate.name in decided or candidate.name.casefold() in known:
                continue
            suggestion, _ = Suggestion.objects.get_or_create(
                name=candidate.name, defaults={"cue": candidate.cue[:60]}
            )
            SuggestionSighting.objects.update_or_create(
                suggestion=suggestion, article=article, defaults={"sentence": candidate.sentence}
            )
            kept.append(suggestion.pk)
    if new_article:
        return  # nothing seen before in this article can have gone stale
    stale = SuggestionSighting.objects.filter(
        article=article, suggestion__status=SuggestionStatus.PENDING
    ).exclude(suggestion_id__in=kept)
    orphans = list(stale.values_list("suggestion_id", flat=True))
    stale.delete()
    Suggestion.objects.filter(
        pk__in=orphans, status=SuggestionStatus.PENDING, sightings__isnull=True
    ).delete()


def _guess_kind(suggestion: Suggestion) -> str:
    last = suggestion.name.rsplit(" ", 1)[-1]
    if last in {"Ventures", "Capital", "Partners"} or suggestion.cue in {
        "led by",
        "backed by",
        "funded by",
        "participation from",
        "investor",
        "backer",
    }:
        return CompanyKind.INVESTOR
    if suggestion.cue in {"startup", "start-up", "unicorn", "investment in", "invested in"}:
        return CompanyKind.STARTUP
    return CompanyKind.OTHER


def unique_company_slug(name: str) -> str:
    base = slugify(name)[:100] or "company"
    slug, n = base, 2
    while (
        Company.objects.filter(slug=slug).exists()
        or CompanySlugRedirect.objects.filter(old_slug=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def suggestion_accept(
    *,
    suggestion: Suggestion,
    company: Company | None = None,
    alias_kind: str = AliasKind.ALIAS,
    kind: str | None = None,
) -> Company:
    """Accept ``suggestion``: as a new company, or as an alias (or brand, product) of
    ``company``. The articles that name it are linked at once. Returns the company."""
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationError(f"“{suggestion.name}” was already {suggestion.status}.")
    with transaction.atomic():
        if company is None:
            if Company.objects.filter(name__iexact=suggestion.name).exists():
                raise ValidationError(f"A company named “{suggestion.name}” already exists.")
            company = Company(
                name=suggestion.name,
                slug=unique_company_slug(suggestion.name),
                kind=kind or _guess_kind(suggestion),
            )
            company.full_clean()
            company.save()
        else:
            if CompanyAlias.objects.filter(name__iexact=suggestion.name).exists():
                raise ValidationError(f"“{suggestion.name}” is already an alias.")
            alias = CompanyAlias(company=company, name=suggestion.name, kind=alias_kind)
            alias.full_clean()
            alias.save()
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.company = company
        suggestion.reviewed_at = timezone.now()
        suggestion.save()
        articles_relink(names=[suggestion.name])
    return company


def suggestion_reject(*, suggestion: Suggestion) -> Suggestion:
    """Reject ``suggestion``; the name is remembered and never suggested again."""
    with transaction.atomic():
        suggestion.status = SuggestionStatus.REJECTED
        suggestion.reviewed_at = timezone.now()
        suggestion.save(update_fields=["status", "reviewed_at"])
    return suggestion


# --------------------------------------------------------------------------- funding rounds


def _fingerprint(found) -> str:
    raw = "|".join(
        [
            " ".join(found.sentence.split()),
            str(found.amount or ""),
            found.currency,
            found.round_name,
        ]
    )
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _same_round(found) -> FundingRound | None:
    """A round already on file for the same company and money (or the same named round)."""
    same = Q(currency=found.currency, amount=found.amount)
    if found.round_name:
        same |= Q(round_name__iexact=found.round_name)
    return FundingRound.objects.filter(same, company_id=found.company).order_by("id").first()


def _write_round(round_: FundingRound, found, *, article, fingerprint: str) -> None:
    round_.company_id = found.company
    round_.amount = found.amount
    round_.currency = found.currency
    round_.amount_usd = found.amount_usd
    round_.amount_is_minimum = found.amount_is_minimum
    round_.round_name = found.round_name
    round_.announced_on = found.announced_on
    round_.source_article = article
    round_.source_sentence = found.sentence
    round_.fingerprint = fingerprint
    round_.full_clean()
    round_.save()
    round_.leads.set(found.leads)
    round_.participants.set(found.participants)


def funding_rounds_suggest(
    *,
    article,
    text: str,
    matches: Sequence[Match] | None = None,
    kinds: Mapping[int, str] | None = None,
    new_article: bool = False,
) -> list[FundingRound]:
    """Store the funding rounds stated in ``text`` as suggestions for editors.

    Idempotent: a re-import updates the rounds still waiting for an editor and drops those the
    text no longer states; confirmed and rejected rounds are never touched. A round already on
    file (same company and amount, or the same named round) is not suggested twice; if it has
    no source yet, this article and sentence become its source. ``kinds`` (company pk to kind,
    from a registry snapshot) saves a query; ``new_article`` says no round cites it yet.
    """
    if matches is None:
        matches = get_matcher().find(text)
    keys = {m.key for m in matches}
    if kinds is None:
        kinds = dict(Company.objects.filter(pk__in=keys).values_list("pk", "kind"))
    else:
        kinds = {key: kinds[key] for key in keys if key in kinds}
    rounds: list[FundingRound] = []
    fingerprints: list[str] = []
    for found in find_rounds(text, matches, kinds):
        fingerprint = _fingerprint(found)
        fingerprints.append(fingerprint)
        mine = (
            None
            if new_article
            else FundingRound.objects.filter(
                source_article=article, fingerprint=fingerprint
            ).first()
        )
        if mine is not None:
            if mine.status == ReviewStatus.PENDING:
                _write_round(mine, found, article=article, fingerprint=fingerprint)
            rounds.append(mine)
            continue
        known = _same_round(found)
        if known is not None:
            if known.source_article_id is None:
                known.source_article = article
                known.source_sentence = found.sentence
                known.fingerprint = fingerprint
                known.save(update_fields=["source_article", "source_sentence", "fingerprint"])
            rounds.append(known)
            continue
        round_ = FundingRound(status=ReviewStatus.PENDING)
        _write_round(round_, found, article=article, fingerprint=fingerprint)
        rounds.append(round_)
    if not new_article:
        FundingRound.objects.filter(source_article=article, status=ReviewStatus.PENDING).exclude(
            fingerprint__in=fingerprints
        ).delete()
    return rounds


def funding_round_confirm(*, round_: FundingRound) -> FundingRound:
    """An editor checked the round against its source: readers see it from now on."""
    with transaction.atomic():
        round_.status = ReviewStatus.CONFIRMED
        round_.reviewed_at = timezone.now()
        round_.full_clean()
        round_.save()
    return round_


def funding_round_reject(*, round_: FundingRound) -> FundingRound:
    """Not a funding round (or not this one): kept as rejected so re-imports leave it alone."""
    with transaction.atomic():
        round_.status = ReviewStatus.REJECTED
        round_.reviewed_at = timezone.now()
        round_.save(update_fields=["status", "reviewed_at", "updated_at"])
    return round_


# --------------------------------------------------------------------------- merge

_PROFILE_FIELDS = (
    "legal_name",
    "website",
    "description",
    "hq_city",
    "hq_country",
    "founded",
    "ticker",
    "exchange",
)


def company_merge(*, source: Company, target: Company) -> Company:
    """Fold ``source`` into ``target``: mentions, aliases, brands, products, subsidiaries,
    funding rounds (as company and as investor), suggestions and old addresses all move; the
    source's name becomes an alias and its slug redirects (301) to the target."""
    if source.pk == target.pk:
        raise ValidationError("Choose two different companies to merge.")
    with transaction.atomic():
        source = Company.objects.select_for_update().get(pk=source.pk)
        target = Company.objects.select_for_update().get(pk=target.pk)

        for mention in Mention.objects.filter(company=source):
            other = Mention.objects.filter(company=target, article_id=mention.article_id).first()
            if other is None:
                mention.company = target
                mention.save(update_fields=["company"])
            else:
                other.count += mention.count
                other.first_position = min(other.first_position, mention.first_position)
                other.save(update_fields=["count", "first_position"])
                mention.delete()

        CompanyAlias.objects.filter(company=source).update(company=target)
        old_name, old_slug = source.name, source.slug
        Company.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)
        if target.parent_id == source.pk:
            target.parent_id = source.parent_id if source.parent_id != target.pk else None

        FundingRound.objects.filter(company=source).update(company=target)
        for relation in (FundingRound.leads.through, FundingRound.participants.through):
            for link in relation.objects.filter(company=source):
                already = relation.objects.filter(
                    fundinground_id=link.fundinground_id, company=target
                ).exists()
                if (
                    already
                    or FundingRound.objects.filter(pk=link.fundinground_id, company=target).exists()
                ):
                    link.delete()
                else:
                    link.company = target
                    link.save()

        Suggestion.objects.filter(company=source).update(company=target)
        CompanySlugRedirect.objects.filter(company=source).update(company=target)

        for name in _PROFILE_FIELDS:
            if getattr(target, name) in ("", None) and getattr(source, name) not in ("", None):
                setattr(target, name, getattr(source, name))
        source.delete()
        target.full_clean()
        target.save()
        if not CompanyAlias.objects.filter(name__iexact=old_name).exists() and (
            old_name.casefold() != target.name.casefold()
        ):
            CompanyAlias.objects.create(
                company=target, name=old_name, case_sensitive=source.case_sensitive
            )
        CompanySlugRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"company": target}
        )
    return target
