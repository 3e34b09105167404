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


@dataclass
class Section:
    title: str
    empty: str
    items: list = field(default_factory=list)  # (label, url, note)
    total: int = 0
    more_url: str = ""


def _article_rows(qs, note) -> list:
    return [
        (a.headline, reverse("admin:articles_article_change", args=[a.pk]), note(a))
        for a in qs[:PANEL_ROWS]
    ]


def needs_attention(now: datetime | None = None) -> list[Section]:
    """Provisional headlines, rights reviews, expiring grants and the next day's schedule."""
    now = now or timezone.now()
    changelist = reverse("admin:articles_article_changelist")
    open_statuses = [s for s in Status if s != Status.KILLED]

    provisional = Article.objects.filter(
        headline_is_provisional=True, status__in=open_statuses
    ).order_by("-updated_at")
    rights = (
        Article.objects.filter(origin=Origin.PARTNER, status__in=[Status.DRAFT, Status.IN_REVIEW])
        .filter(Q(rule__isnull=True) | ~Q(rule__permission__in=FREELY_PUBLISHABLE))
        .select_related("source")
        .order_by("-created_at")
    )
    scheduled = Article.objects.filter(
        status=Status.SCHEDULED, publish_at__gt=now, publish_at__lte=now + timedelta(hours=24)
    ).order_by("publish_at")

    sections = [
        Section(
            "Provisional headlines",
            "Every headline has been written by a person.",
            _article_rows(provisional, lambda a: a.get_status_display()),
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
            f"{changelist}?origin__exact=partner&status__exact=draft",
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
        sections.insert(2, grants)
    feeds = _failing_feeds()
    if feeds.total:
        sections.append(feeds)
    return sections


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
    )
