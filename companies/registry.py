"""The company matcher, built once from the registry and rebuilt when the registry changes."""

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connections, router

from .matching import Entry, Matcher
from .models import Company, CompanyAlias


@dataclass(frozen=True)
class Registry:
    """What extraction needs to know about the registry, read in one pass: the matcher, every
    name and alias (casefolded), and each company's kind."""

    matcher: Matcher
    known_names: frozenset[str]
    kinds: Mapping[int, str]


_lock = threading.Lock()
_cached: tuple[tuple, Registry] | None = None


def registry_signature() -> tuple:
    """A cheap fingerprint of the registry: any insert, update or delete changes it. One
    statement (the importer asks at the start of every transaction)."""
    connection = connections[router.db_for_read(Company)]
    quote = connection.ops.quote_name
    parts = []
    for model in (Company, CompanyAlias):
        table = quote(model._meta.db_table)
        updated = quote(model._meta.get_field("updated_at").column)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({updated}) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def build_registry() -> Registry:
    """One automaton over every company name, alias, brand and product, and the lookups
    suggestions and funding rounds make for every article."""
    companies = list(Company.objects.values_list("pk", "name", "case_sensitive", "kind"))
    aliases = list(CompanyAlias.objects.values_list("company_id", "name", "case_sensitive"))
    entries = [Entry(surface=name, key=pk, case_sensitive=cs) for pk, name, cs, _ in companies]
    entries += [Entry(surface=name, key=pk, case_sensitive=cs) for pk, name, cs in aliases]
    names = {name.casefold() for _, name, _, _ in companies}
    names |= {name.casefold() for _, name, _ in aliases}
    return Registry(
        matcher=Matcher(entries),
        known_names=frozenset(names),
        kinds={pk: kind for pk, _, _, kind in companies},
    )


def build_matcher() -> Matcher:
    """One automaton over every company name, alias, brand and product."""
    return build_registry().matcher


def get_registry() -> Registry:
    """The cached registry snapshot, rebuilt if the registry changed since it was built."""
    global _cached
    signature = registry_signature()
    with _lock:
        if _cached is None or _cached[0] != signature:
            _cached = (signature, build_registry())
        return _cached[1]


def get_matcher() -> Matcher:
    """The cached matcher, rebuilt if the registry changed since it was built."""
    return get_registry().matcher


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None
