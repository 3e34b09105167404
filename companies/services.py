"""Changes of state for companies and their mentions."""

from django.db import transaction

from .matching import Matcher
from .models import Company, Mention
from .registry import get_matcher


def mentions_refresh(*, article, text: str, matcher: Matcher | None = None) -> list[Company]:
    """Replace the article's mentions with those found in ``text``; returns the companies in
    order of first mention. ``matcher`` lets a batch (the importer) share one matcher."""
    found = (matcher or get_matcher()).count(text)
    with transaction.atomic():
        Mention.objects.filter(article=article).exclude(company_id__in=found.keys()).delete()
        existing = {m.company_id: m for m in Mention.objects.filter(article=article)}
        new = []
        for company_id, (count, first) in found.items():
            mention = existing.get(company_id)
            if mention is None:
                new.append(
                    Mention(
                        article=article, company_id=company_id, count=count, first_position=first
                    )
                )
            elif (mention.count, mention.first_position) != (count, first):
                mention.count, mention.first_position = count, first
                mention.save(update_fields=["count", "first_position"])
        Mention.objects.bulk_create(new)
    by_id = Company.objects.in_bulk(found.keys())
    ordered = sorted(found.items(), key=lambda item: item[1][1])
    return [by_id[company_id] for company_id, _ in ordered if company_id in by_id]


def companies_in_text(text: str) -> list[Company]:
    """The companies named in ``text``, in order of first mention, without writing anything."""
    found = get_matcher().count(text)
    by_id = Company.objects.in_bulk(found.keys())
    ordered = sorted(found.items(), key=lambda item: item[1][1])
    return [by_id[company_id] for company_id, _ in ordered if company_id in by_id]
