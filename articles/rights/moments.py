"""The moments at which what readers may see changes with nobody writing anything.

A permission grant starts, expires or is revoked at a set time; a reprint-rule version takes
effect or ends; a scheduled story goes live. ``published()`` and ``decide()`` check all of them
at query time, so the live pages need no job; but every copy of what readers see (the page
cache, the search index) must know when it may stop being true. They ask here, so a new kind
of timed visibility (an embargo, say) is added in this one place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min, Q

from articles.models import Article, GrantScope, Origin, PermissionGrant, ReprintRule, Status
from articles.models.rights import in_force_by_key
from articles.models.visibility import rights_key
from articles.rights.engine import cached_rule_versions

LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)


def next_visibility_change(now: datetime) -> datetime | None:
    """The first moment after ``now`` at which anything readers see may change on its own."""
    grants = PermissionGrant.objects.aggregate(
        starts=Min("valid_from", filter=Q(valid_from__gt=now)),
        ends=Min("expires_at", filter=Q(expires_at__gt=now)),
        revoked=Min("revoked_at", filter=Q(revoked_at__gt=now)),
    )
    rules = ReprintRule.objects.aggregate(
        starts=Min("valid_from", filter=Q(valid_from__gt=now)),
        ends=Min("valid_to", filter=Q(valid_to__gt=now)),
    )
    scheduled = Article.objects.filter(status__in=LIVE_STATUSES, publish_at__gt=now).aggregate(
        next=Min("publish_at")
    )
    candidates = [*grants.values(), *rules.values(), scheduled["next"]]
    return min((moment for moment in candidates if moment is not None), default=None)


def _grant_moments(grant: PermissionGrant) -> list[datetime]:
    return [m for m in (grant.valid_from, grant.expires_at, grant.revoked_at) if m is not None]


@dataclass
class Moments:
    """The future moments of the rules and grants, read once to place many articles (the
    tables hold tens of rows). ``next_for(article, after)`` then needs no query."""

    by_rule_key: dict[str, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    by_article: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    by_source: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, after: datetime) -> Moments:
        """Every moment of the rules and grants later than ``after``."""
        rules = ReprintRule.objects.filter(Q(valid_from__gt=after) | Q(valid_to__gt=after))
        grants = PermissionGrant.objects.filter(
            Q(valid_from__gt=after) | Q(expires_at__gt=after) | Q(revoked_at__gt=after)
        )
        moments = cls()
        for key, starts, ends in rules.values_list("key", "valid_from", "valid_to"):
            moments.by_rule_key[key] += [m for m in (starts, ends) if m is not None]
        for grant in grants.only(
            "scope", "article_id", "source_id", "valid_from", "expires_at", "revoked_at"
        ):
            if grant.scope == GrantScope.ARTICLE and grant.article_id:
                moments.by_article[grant.article_id] += _grant_moments(grant)
            elif grant.scope == GrantScope.SOURCE and grant.source_id:
                moments.by_source[grant.source_id] += _grant_moments(grant)
        return moments

    def next_for(self, article: Article, after: datetime) -> datetime | None:
        """The first moment after ``after`` at which what readers see of ``article`` may
        change with no write: its publication, or its rule's versions and grants."""
        candidates = []
        if article.status in LIVE_STATUSES and article.publish_at:
            candidates.append(article.publish_at)
        if article.origin == Origin.PARTNER:
            if article.rule_id:
                candidates += self.by_rule_key.get(article.rule.key, ())
            candidates += self.by_article.get(article.pk, ())
            if article.source_id:
                candidates += self.by_source.get(article.source_id, ())
        return min((m for m in candidates if m > after), default=None)


@dataclass
class StoryRights:
    """One story's time-dependent rights, read in two small queries: every version of its
    rule and every grant that may cover it. Answers, for any moment, the next change and
    the rights key (``RightsSnapshot.rights_key``) without reading the whole rules and grants
    tables, as indexing one story at a time (the importer) needs."""

    article: Article
    versions: list[ReprintRule]
    grants: list[PermissionGrant]

    @classmethod
    def read(cls, article: Article) -> StoryRights:
        if article.origin != Origin.PARTNER or not article.rule_id:
            return cls(article, [], [])  # a staff story: only its publication can change
        cached = cached_rule_versions()  # the importer's snapshot, if it holds one
        versions = (
            cached.of(article.rule.key)
            if cached is not None
            else list(
                ReprintRule.objects.filter(key=article.rule.key).only(
                    "pk", "key", "version", "valid_from", "valid_to"
                )
            )
        )
        scope = Q(scope=GrantScope.ARTICLE, article_id=article.pk)
        if article.source_id:
            scope |= Q(scope=GrantScope.SOURCE, source_id=article.source_id)
        grants = list(PermissionGrant.objects.filter(scope))
        return cls(article, versions, grants)

    def next_change(self, after: datetime) -> datetime | None:
        moments = Moments()
        for version in self.versions:
            moments.by_rule_key[version.key] += [
                m for m in (version.valid_from, version.valid_to) if m is not None
            ]
        for grant in self.grants:
            moments.by_article[self.article.pk] += _grant_moments(grant)
        return moments.next_for(self.article, after)

    def rights_key(self, at: datetime) -> str:
        article = self.article
        in_force = (
            in_force_by_key(self.versions, at).get(article.rule.key) if self.versions else None
        )
        return rights_key(
            origin=article.origin,
            rule_id=article.rule_id,
            in_force_id=in_force.pk if in_force is not None else None,
            granted=any(grant.is_valid(at) for grant in self.grants),
        )


def changed_without_write(since: datetime, until: datetime) -> Q:
    """Stories whose readers' view may have changed in (since, until] with no write to
    them: gone live, or a grant or rule version of theirs started, ended or was revoked. One
    filter, not a list of ids, however long the window (a sync client's ``updated_since``
    may be months old)."""
    articles, sources, keys = grant_and_rule_changes(since, until)
    return (
        (within("publish_at", since, until) & Q(status__in=LIVE_STATUSES))
        | Q(pk__in=sorted(articles))
        | Q(source_id__in=sorted(sources), origin=Origin.PARTNER)
        | Q(rule__key__in=sorted(keys))
    )


def within(field: str, since: datetime, until: datetime) -> Q:
    """``field`` falls in (since, until]."""
    return Q(**{f"{field}__gt": since, f"{field}__lte": until})


def grant_and_rule_changes(since: datetime, until: datetime) -> tuple[set, set, set]:
    """(article ids, partner ids, rule keys) whose grants or rule versions started, ended or
    were revoked in (since, until]."""
    articles, sources = set(), set()
    grants = PermissionGrant.objects.filter(
        within("valid_from", since, until)
        | within("expires_at", since, until)
        | within("revoked_at", since, until)
    ).values_list("article_id", "source_id")
    for article_id, source_id in grants:
        if article_id:
            articles.add(article_id)
        if source_id:
            sources.add(source_id)
    keys = set(
        ReprintRule.objects.filter(
            within("valid_from", since, until) | within("valid_to", since, until)
        ).values_list("key", flat=True)
    )
    return articles, sources, keys
