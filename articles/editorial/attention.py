"""What needs an editor's attention, for the panel on the admin index."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, FeedProvider, Origin, Status
from articles.models.rights import FREELY_PUBLISHABLE

PANEL_ROWS = 10

# Why a story is held back (the change list's "held back" filter uses the same names).
HELD_RIGHTS = "rights"
HELD_OTHER = "other"


@dataclass
class Section:
    title: str
    empty: str
    items: list = field(default_factory=list)  # (label, url, note)
    total: int = 0
    more_url: str = ""
    model: type | None = None  # what its rows are, for the permission to see them (articles)


def waiting_for_rights_q() -> Q:
    """Partner stories not yet out whose rule does not simply allow republishing."""
    return Q(origin=Origin.PARTNER, status__in=[Status.DRAFT, Status.IN_REVIEW]) & (
        Q(rule__isnull=True) | ~Q(rule__permission__in=FREELY_PUBLISHABLE)
    )


def held_for_other_reasons_q() -> Q:
    """Stories not yet out that were held for a reason other than permission (a Creative
    Commons story with no original URL to credit, say)."""
    return (
        Q(status__in=[Status.DRAFT, Status.IN_REVIEW])
        & ~Q(hold_reason="")
        & ~Q(pk__in=Article.objects.filter(waiting_for_rights_q()).values("pk"))
    )


def _article_rows(qs, note) -> list:
    return [
        (a.headline, reverse("admin:articles_article_change", args=[a.pk]), note(a))
        for a in qs[:PANEL_ROWS]
    ]


def needs_attention(now: datetime | None = None, user=None) -> list[Section]:
    """Provisional headlines, rights reviews, other holds, expiring grants, the next day's
    schedule, and the company suggestions and funding rounds waiting for an editor; only
    what ``user`` (if given) may open."""
    now = now or timezone.now()
    changelist = reverse("admin:articles_article_changelist")
    open_statuses = [s for s in Status if s != Status.KILLED]

    provisional = Article.objects.filter(
        headline_is_provisional=True, status__in=open_statuses
    ).order_by("-updated_at")
    rights = (
        Article.objects.filter(waiting_for_rights_q())
        .select_related("source")
        .order_by("-created_at")
    )
    held = Article.objects.filter(held_for_other_reasons_q()).order_by("-created_at")
    scheduled = Article.objects.filter(
        status=Status.SCHEDULED, publish_at__gt=now, publish_at__lte=now + timedelta(hours=24)
    ).order_by("publish_at")

    sections = [
        Section(
            "Provisional headlines",
            "Every headline has been written by a person.",
            _article_rows(provisional, lambda a: a.get_live_status_display()),
            provisional.count(),
            f"{changelist}?headline_is_provisional__exact=1",
        ),
        Section(
            "Waiting for rights review",
            "No partner story is waiting on its rights.",
            _article_rows(
                rights,
                lambda a: a.hold_reason or (a.source.name if a.source else "No reprint rule"),
            ),
            rights.count(),
            f"{changelist}?held={HELD_RIGHTS}",
        ),
        Section(
            "Held for another reason",
            "No story is held back for any other reason.",
            _article_rows(held, lambda a: a.hold_reason),
            held.count(),
            f"{changelist}?held={HELD_OTHER}",
        ),
        Section(
            "Scheduled in the next 24 hours",
            "Nothing is scheduled for the next 24 hours.",
            _article_rows(
                scheduled,
                lambda a: f"{timezone.localtime(a.publish_at):%a %H:%M}",
            ),
            scheduled.count(),
            f"{changelist}?status__exact=scheduled",
        ),
    ]
    grants = _expiring_grants(now)
    if grants is not None:
        sections.insert(3, grants)
    sections += _waiting_in("companies", "suggestion", _suggestion_row, "Company suggestions")
    sections += _waiting_in(
        "companies", "fundinground", _round_row, "Funding rounds", related=["company"]
    )
    feeds = _failing_feeds()
    if feeds.total:
        sections.append(feeds)
    # Other apps add their own (the API's paused webhook subscribers) without the desk
    # importing them: an app config may offer ``needs_attention_sections(now)``.
    for config in apps.get_app_configs():
        provider = getattr(config, "needs_attention_sections", None)
        if provider is not None:
            sections.extend(provider(now))
    if user is not None:
        sections = [s for s in sections if _may_open(user, s)]
    return sections


def _may_open(user, section: Section) -> bool:
    # A section another app offers may not name its model; it is then the articles' panel.
    opens = getattr(section, "model", None) or Article
    opts = opens._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _waiting_in(app_label: str, model_name: str, row, title: str, related=()) -> list[Section]:
    """Rows an editor must review (status "pending") in another app, if it is installed."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return []
    pending = model.objects.filter(status="pending")
    if related:  # select_related() with no names would follow every foreign key
        pending = pending.select_related(*related)
    section = Section(
        f"{title} waiting for an editor",
        f"No {title.lower()} are waiting.",
        [
            (label, reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]), note)
            for obj in pending.order_by("-pk")[:PANEL_ROWS]
            for label, note in [row(obj)]
        ],
        pending.count(),
        reverse(f"admin:{app_label}_{model_name}_changelist") + "?status__exact=pending",
        model=model,
    )
    return [section]


def _suggestion_row(suggestion) -> tuple[str, str]:
    return suggestion.name, f"Found near “{suggestion.cue}”" if suggestion.cue else ""


def _round_row(funding_round) -> tuple[str, str]:
    # Where the story states it, to check against before readers see it.
    return str(funding_round), funding_round.source_sentence or "Check it against its story."


def _failing_feeds() -> Section:
    """Enabled feed providers that failed ``FEEDS_FAILURES_ALERT`` times in a row or more."""
    failing = FeedProvider.objects.filter(
        enabled=True, consecutive_failures__gte=settings.FEEDS_FAILURES_ALERT
    ).order_by("-consecutive_failures", "name")
    return Section(
        "Feeds failing",
        "Every feed answered at its last fetch.",
        [
            (
                provider.name,
                reverse("admin:articles_feedprovider_change", args=[provider.pk]),
                f"{provider.consecutive_failures} failures in a row: {provider.last_error}",
            )
            for provider in failing[:PANEL_ROWS]
        ],
        failing.count(),
        reverse("admin:articles_feedprovider_changelist") + "?enabled__exact=1",
        model=FeedProvider,
    )


def _expiring_grants(now: datetime) -> Section | None:
    """Permission grants ending within 7 days (None where grants aren't part of the site)."""
    try:
        grant_model = apps.get_model("articles", "PermissionGrant")
    except LookupError:
        return None
    grants = grant_model.objects.filter(
        expires_at__gt=now, expires_at__lte=now + timedelta(days=7)
    ).order_by("expires_at")
    if hasattr(grant_model, "revoked_at"):
        grants = grants.filter(revoked_at__isnull=True)
    opts = grant_model._meta
    return Section(
        "Permission grants expiring within 7 days",
        "No permission grant expires this week.",
        [
            (
                str(grant),
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[grant.pk]),
                f"ends {timezone.localtime(grant.expires_at):%a %d %b %H:%M}",
            )
            for grant in grants[:PANEL_ROWS]
        ],
        grants.count(),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        model=grant_model,
    )
