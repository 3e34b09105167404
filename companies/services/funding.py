"""Funding rounds suggested from stories, confirmed or rejected by an editor."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from companies.extraction.rounds import find_rounds
from companies.matching import Match
from companies.models import (
    Company,
    FundingRound,
    ReviewStatus,
)
from companies.registry import get_matcher

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
