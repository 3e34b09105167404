"""Merging two companies: every story, name and round moves to the one that stays."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from companies.models import (
    Company,
    CompanyAlias,
    CompanySlugRedirect,
    FundingRound,
    Mention,
    Suggestion,
)

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
                other.manual = other.manual or mention.manual
                other.save(update_fields=["count", "first_position", "manual"])
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
