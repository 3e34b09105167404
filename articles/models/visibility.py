"""What the rights filter needs to know at one moment, read from the two small tables it
depends on (reprint-rule versions and permission grants) when the query is built.

``Article.objects.published()`` used to ask these questions with correlated subqueries, once
per candidate row: at 100,000 articles a list page spent most of its time there, and building
the expression tree cost ~10 ms of Python per call. Rules and grants are tens of rows, so
they are read once per call and the verdict becomes ``rule_id IN (…)``, which an index
answers. Nothing is cached between calls: a change to a rule or a grant applies to the very
next query, in every process; only within one reader's GET request is the snapshot read
once and shared by the page's queries (``once_per_request``), like a transaction's snapshot.
"""

from collections.abc import Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from types import MappingProxyType

from django.db.models import Q

from .grants import GrantScope, PermissionGrant
from .rights import PERMISSION_RANK, Permission, ReprintRule, in_force_by_key

MAX_PUBLISHABLE_RANK = PERMISSION_RANK[Permission.PERMISSION_REQUIRED]

# The snapshot of the request being served, when ``once_per_request`` is active.
_request_snapshot: ContextVar[dict | None] = ContextVar("rights_snapshot", default=None)


@contextmanager
def once_per_request():
    """Within this block, ``published()`` without an explicit moment reads rules and grants
    once and reuses them. For read-only requests: a request that changes rules or grants
    must see its own change, so writes clear the memo (see ``forget_request_snapshot``)."""
    token = _request_snapshot.set({})
    try:
        yield
    finally:
        _request_snapshot.reset(token)


def forget_request_snapshot(**kwargs) -> None:
    """Signal receiver: a rule or grant changed, so the memo no longer holds."""
    memo = _request_snapshot.get()
    if memo:
        memo.clear()


def snapshot_now(now: datetime) -> "RightsSnapshot":
    """The snapshot for "now": the request's memo when there is one, else a fresh read."""
    memo = _request_snapshot.get()
    if memo is None:
        return RightsSnapshot.read(now)
    if "snapshot" not in memo:
        memo["snapshot"] = RightsSnapshot.read(now)
    return memo["snapshot"]


@dataclass(frozen=True)
class RightsSnapshot:
    """Per rule version: may its stories be listed at ``at``, must they link back, and which
    version of its rule is in force; plus what the valid grants cover."""

    at: datetime
    publishable_rule_ids: frozenset[int]
    link_back_rule_ids: frozenset[int]
    in_force_ids: Mapping[int, int | None]  # rule version id → id of its key's version in force
    granted_article_ids: frozenset[int]
    granted_source_ids: frozenset[int]

    @classmethod
    def read(cls, at: datetime) -> "RightsSnapshot":
        # Read every time (a change applies to the very next query, in every process); only
        # what follows from the rows is kept, keyed by the rows themselves and by which of
        # them are in force at ``at``, so it cannot outlive them.
        rows = tuple(ReprintRule.objects.order_by().values_list(*_RULE_FIELDS))
        rules = _rule_versions(rows)
        in_force = in_force_by_key(rules, at)
        key = (rows, frozenset(rule.pk for rule in rules if rule.is_in_force(at)))
        facts = _rule_facts.get(key)
        if facts is None:
            facts = _rule_facts.put(key, _facts_of(rules, in_force, at))
        publishable, link_back_ids, in_force_ids = facts
        grants = (
            PermissionGrant.objects.valid(at)
            .order_by()
            .values_list("scope", "article_id", "source_id")
        )
        articles, sources = set(), set()
        for scope, article_id, source_id in grants:
            if scope == GrantScope.ARTICLE and article_id:
                articles.add(article_id)
            elif scope == GrantScope.SOURCE and source_id:
                sources.add(source_id)
        return cls(
            at=at,
            publishable_rule_ids=publishable,
            link_back_rule_ids=link_back_ids,
            in_force_ids=in_force_ids,
            granted_article_ids=frozenset(articles),
            granted_source_ids=frozenset(sources),
        )

    def rights_q(self, *, staff: str, partner: str) -> Q:
        """Rows the rules allow: staff stories, and partner stories under a publishable rule
        version that have the link back their rule requires."""
        allowed = Q(origin=staff) | Q(origin=partner, rule_id__in=self.publishable_rule_ids)
        if self.link_back_rule_ids:
            allowed &= ~Q(origin=partner, original_url="", rule_id__in=self.link_back_rule_ids)
        return allowed

    def annotate(self, article) -> None:
        """Give ``article`` what ``articles.rights.engine`` would otherwise query for."""
        article.rights_in_force_id = (
            self.in_force_ids.get(article.rule_id) if article.rule_id else None
        )
        article.rights_granted = self._granted(article.pk, article.source_id)

    def _granted(self, pk, source_id) -> bool:
        return pk in self.granted_article_ids or (
            source_id is not None and source_id in self.granted_source_ids
        )

    def rights_key(self, *, pk, origin: str, rule_id, source_id) -> str:
        """``rights_key`` of one story at this snapshot's moment."""
        return rights_key(
            origin=origin,
            rule_id=rule_id,
            in_force_id=self.in_force_ids.get(rule_id),
            granted=self._granted(pk, source_id),
        )


_RULE_FIELDS = (
    "pk",
    "key",
    "version",
    "permission",
    "link_back_required",
    "valid_from",
    "valid_to",
)


class KeyedMemo:
    """A few entries, the oldest dropped first, for what follows from one state of the rule
    table alone: keyed by that state, an entry is never stale, only no longer looked up."""

    size = 8

    def __init__(self) -> None:
        self._entries: dict = {}
        self._lock = Lock()

    def get(self, key):
        return self._entries.get(key)

    def put(self, key, value):
        with self._lock:  # threaded workers
            if len(self._entries) >= self.size:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = value
        return value


_rule_rows = KeyedMemo()
_rule_facts = KeyedMemo()


def _rule_versions(rows: tuple) -> list[ReprintRule]:
    """The rule versions of ``rows`` (``_RULE_FIELDS``), as unsaved instances made once."""
    rules = _rule_rows.get(rows)
    if rules is None:
        rules = _rule_rows.put(
            rows, [ReprintRule(**dict(zip(_RULE_FIELDS, row, strict=True))) for row in rows]
        )
    return rules


def _facts_of(rules: list[ReprintRule], in_force: dict, at: datetime) -> tuple:
    """(publishable version ids, versions needing a link back, {version: version in force})."""
    # Any version in force asking for a link back makes it required for the whole rule.
    link_back_keys = {r.key for r in rules if r.link_back_required and r.is_in_force(at)}
    publishable, link_back_ids, in_force_ids = set(), set(), {}
    for rule in rules:
        current = in_force.get(rule.key)
        rank = rule.permission_rank
        if current is not None:
            # A stricter version in force now applies to stories pinned to an older one.
            rank = max(rank, current.permission_rank)
        if rank <= MAX_PUBLISHABLE_RANK:
            publishable.add(rule.pk)
        if rule.link_back_required or rule.key in link_back_keys:
            link_back_ids.add(rule.pk)
        in_force_ids[rule.pk] = current.pk if current is not None else None
    # Read-only: every snapshot made from these rows shares it.
    return frozenset(publishable), frozenset(link_back_ids), MappingProxyType(in_force_ids)


def rights_key(*, origin: str, rule_id, in_force_id, granted: bool) -> str:
    """The time-dependent rights facts of one story: which version of its rule is in force
    and whether a grant covers it. With the story and its rule rows unchanged, ``decide()``
    answers the same whenever this is the same, so a copy of what readers saw made under
    another key (a search document) may be out of date."""
    if origin != "partner" or rule_id is None:  # Origin.PARTNER (article.py imports us)
        return origin
    return f"{in_force_id}:{int(granted)}"
