"""The company matcher, built once from the registry and rebuilt when the registry changes."""

import threading

from django.db.models import Count, Max

from .matching import Entry, Matcher
from .models import Company, CompanyAlias

_lock = threading.Lock()
_cached: tuple[tuple, Matcher] | None = None


def registry_signature() -> tuple:
    """A cheap fingerprint of the registry: any insert, update or delete changes it."""
    companies = Company.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    aliases = CompanyAlias.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (companies["n"], companies["last"], aliases["n"], aliases["last"])


def build_matcher() -> Matcher:
    """One automaton over every company name, alias, brand and product."""
    entries = [
        Entry(surface=name, key=pk, case_sensitive=cs)
        for pk, name, cs in Company.objects.values_list("pk", "name", "case_sensitive")
    ]
    entries += [
        Entry(surface=name, key=company_id, case_sensitive=cs)
        for company_id, name, cs in CompanyAlias.objects.values_list(
            "company_id", "name", "case_sensitive"
        )
    ]
    return Matcher(entries)


def get_matcher() -> Matcher:
    """The cached matcher, rebuilt if the registry changed since it was built."""
    global _cached
    signature = registry_signature()
    with _lock:
        if _cached is None or _cached[0] != signature:
            _cached = (signature, build_matcher())
        return _cached[1]


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None
