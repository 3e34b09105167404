"""The suggestions queue: unknown company names found in a story, with the sentences they
came from."""

from __future__ import annotations

from collections.abc import Sequence, Set

from companies.extraction.suggestions import find_suggestions
from companies.matching import Match
from companies.models import (
    Company,
    CompanyAlias,
    Suggestion,
    SuggestionSighting,
    SuggestionStatus,
)
from companies.registry import get_matcher

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
