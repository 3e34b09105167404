"""An editor's answer to a suggestion: accept it as a new company or as another name of one
(linking the stories that mention it at once), or reject it for good."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import (
    AliasKind,
    Company,
    CompanyAlias,
    CompanyKind,
    CompanySlugRedirect,
    Suggestion,
    SuggestionStatus,
)
from companies.services.mentions import articles_relink

_INVESTOR_SUFFIXES = ("Ventures", "Capital", "Partners", "资本", "创投")
_INVESTOR_CUES = (
    "led by",
    "co-led by",
    "backed by",
    "funded by",
    "financed by",
    "participation",
    "backing from",
    "funding from",
    "investment from",
    "investor",
    "backer",
    "shareholder",
    "funds",
)
_STARTUP_CUES = (
    "startup",
    "start-up",
    "unicorn",
    "investment in",
    "investments in",
    "invested in",
    "investing in",
    "stake in",
    "stakes in",
    "raised",
    "funding",
    "-backed",
    "-funded",
)


def _guess_kind(suggestion: Suggestion) -> str:
    """A first guess from the cue that caught the name; the editor can change it."""
    cue = suggestion.cue
    last = suggestion.name.rsplit(" ", 1)[-1]
    if last.endswith(_INVESTOR_SUFFIXES) or cue.startswith(_INVESTOR_CUES) or cue == "fund":
        return CompanyKind.INVESTOR
    if cue.startswith(_STARTUP_CUES):
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
