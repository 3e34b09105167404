"""The editorial workflow: the one service that changes an article's status, the one that
saves an editor's changes under optimistic locking, and the soft "who is editing" lock.

States: draft → in review → scheduled or published → unpublished, or killed. Every
transition is checked against the user's role here (not only in the admin's buttons) and
recorded as a ``Transition`` with who and when, plus a revision.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.editorial import restore as _restore  # noqa: F401  (keeps tags with revisions)
from articles.editorial import roles
from articles.editorial.publishing import article_publish
from articles.models import Article, ArticleAuthor, Correction, EditSession, Status, Transition

# Revisions: the version counter is bookkeeping for optimistic locking, not content, so
# restoring an old revision must not wind it back. Each revision holds the story's
# corrections as they stood, so recovering a deleted story brings them back.
reversion.register(Article, exclude=["version"], follow=["bylines", "corrections"])
reversion.register(ArticleAuthor)
reversion.register(Correction)


class TransitionRefused(ValidationError):
    """The status change is not allowed: wrong role, wrong state, or the story is not ready."""


class StaleEdit(ValidationError):
    """Someone saved the article after this editor opened it."""

    def __init__(self, message, *, current: Article):
        super().__init__(message)
        self.current = current


# Which states each state may move to.
ALLOWED = {
    Status.DRAFT: {Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED, Status.KILLED},
    Status.IN_REVIEW: {Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED, Status.KILLED},
    Status.SCHEDULED: {Status.DRAFT, Status.PUBLISHED, Status.UNPUBLISHED, Status.KILLED},
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.KILLED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED, Status.KILLED},
    Status.KILLED: set(),
}

# What the admin's buttons call each move.
ACTION_LABELS = {
    Status.IN_REVIEW: "Submit for review",
    Status.DRAFT: "Back to draft",
    Status.SCHEDULED: "Schedule",
    Status.PUBLISHED: "Publish now",
    Status.UNPUBLISHED: "Unpublish",
    Status.KILLED: "Kill",
}


def _role_refusal(*, article: Article, to: str, user) -> str:
    """Why ``user`` may not move ``article`` to ``to``, or "" if they may."""
    if user is None or not user.is_active:
        return "Only a signed-in member of staff can change a story's status."
    if to in (Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED):
        if not user.has_perm(roles.PUBLISH):
            return "Only editors can publish, schedule or unpublish stories."
    elif to == Status.KILLED:
        if not user.has_perm(roles.KILL):
            return "Only editors can kill a story."
    elif to == Status.IN_REVIEW:
        if not roles.can_edit(user, article):
            return "You can only submit your own drafts for review."
    elif to == Status.DRAFT:
        own = article.created_by_id == user.pk and article.status == Status.IN_REVIEW
        if not (user.has_perm(roles.PUBLISH) or own):
            return "Only editors can send a story back to draft."
    return ""


def available_transitions(*, article: Article, user) -> list[tuple[str, str]]:
    """The moves ``user`` may make on ``article`` now, as (status, button label)."""
    if article.pk is None:
        return []
    return [
        (to, ACTION_LABELS[to])
        for to in Status
        if to in ALLOWED[Status(article.live_status)]
        and not _role_refusal(article=article, to=to, user=user)
    ]


def publish_blockers(article: Article) -> list[str]:
    """What must be fixed before ``article`` can go before readers (rights aside)."""
    problems = []
    if article.lead_image_id and not article.lead_image.alt_text.strip():
        problems.append("The lead image needs alt text before the story can be published.")
    if not article.headline.strip():
        problems.append("The story needs a headline.")
    return problems


def article_transition(
    *, article: Article, to: str, user, at: datetime | None = None, note: str = ""
) -> Article:
    """Move ``article`` to status ``to`` as ``user``; the one way statuses change.

    Publishing goes through ``article_publish`` (reprint rules). A publish time in the future
    schedules the story; readers see it from that moment, by query-time filtering. A
    scheduled story whose time has come moves as the published story it is.
    Raises ``TransitionRefused`` (roles, states, readiness) or ``PublishRefused`` (rights).
    """
    to = Status(to)
    now = timezone.now()
    if to == Status.PUBLISHED and at is not None and at > now:
        to = Status.SCHEDULED
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.status != article.status:
            raise TransitionRefused(
                f"Someone changed this story to “{current.get_status_display()}” meanwhile; "
                "reload it and try again."
            )
        # Readers see a scheduled story whose time has come as published, and so does this.
        from_status = Status(current.live_status)
        if to not in ALLOWED[from_status]:
            raise TransitionRefused(
                f"A story that is “{from_status.label}” can't become “{to.label}”."
            )
        refusal = _role_refusal(article=article, to=to, user=user)
        if refusal:
            raise TransitionRefused(refusal)
        # A status change is a change to the story: a form opened before it is now stale, so
        # its save can't quietly put back the old publish time.
        article.version = current.version + 1

        if to in (Status.PUBLISHED, Status.SCHEDULED):
            blockers = publish_blockers(article)
            if blockers:
                raise TransitionRefused(" ".join(blockers))
            if to == Status.SCHEDULED:
                at = at or article.publish_at
                if at is None or at <= now:
                    raise TransitionRefused(
                        "To schedule a story, set a publish time in the future."
                    )
            elif at is None:
                # A publish time already passed is kept (republishing keeps the original date);
                # otherwise the story is dated now.
                live_before = article.publish_at and article.publish_at <= now
                at = article.publish_at if live_before else now
            article_publish(article=article, at=at, user=user)
            if to == Status.SCHEDULED:
                article.status = Status.SCHEDULED
                article.save(update_fields=["status", "version", "updated_at"])
        else:
            article.status = to
            article.full_clean()
            article.save(update_fields=["status", "version", "updated_at"])

        Transition.objects.create(
            article=article,
            from_status=from_status,
            to_status=to,
            user=user,
            at=now,
            publish_at=article.publish_at if to in (Status.PUBLISHED, Status.SCHEDULED) else None,
            note=note,
        )
        reversion.set_user(user)
        reversion.set_comment(f"{from_status.label} → {to.label}" + (f": {note}" if note else ""))
    return article


def next_scheduled_publish_at(now: datetime | None = None) -> datetime | None:
    """When the next scheduled story goes live; a cache of public pages must expire by then."""
    now = now or timezone.now()
    return (
        Article.objects.filter(status=Status.SCHEDULED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


# --- Saving edits: optimistic locking ---------------------------------------------------------


def article_lock_current(*, article_pk: int) -> Article:
    """The article as stored now, its row locked until the surrounding transaction ends."""
    return Article.objects.select_for_update().get(pk=article_pk)


def stale_message(current: Article) -> str:
    who, when = last_saved_by(current)
    return (
        f"{who} saved this story at {timezone.localtime(when):%H:%M} after you opened it, "
        "so your save was refused to avoid overwriting their work. Your text is still in the "
        "form below; compare it with theirs, then save again with “Save my version anyway” "
        "ticked, or reload to start from their version."
    )


def last_saved_by(article: Article) -> tuple[str, datetime]:
    """Who saved ``article`` last and when, from its latest revision."""
    from reversion.models import Version

    version = (
        Version.objects.get_for_object(article).select_related("revision__user").first()
        if article.pk
        else None
    )
    if version and version.revision.user:
        user = version.revision.user
        return user.get_full_name() or user.get_username(), version.revision.date_created
    return "Someone", article.updated_at


# Only editors set these: when a story goes out, and its rights and credit (the rights
# decision reads them). Status is changed by ``article_transition`` alone.
PUBLISHER_FIELDS = (
    "publish_at",
    "origin",
    "source",
    "rule",
    "original_url",
    "original_author",
    "copyright_holder",
    "copyright_notice",
)


def _refuse_workflow_changes(*, article: Article, stored: Article, user) -> None:
    """A save changes content; the workflow fields a role may not touch must stay as stored."""
    if article.status != stored.status:
        raise TransitionRefused(
            "A save can't change a story's status; use the status buttons "
            f"(the story is “{Status(stored.status).label}”)."
            if stored.pk
            else "A new story starts as a draft; publish it with the status buttons."
        )
    if user is None or user.has_perm(roles.PUBLISH):
        return
    changed = [
        Article._meta.get_field(name).verbose_name
        for name in PUBLISHER_FIELDS
        if getattr(article, Article._meta.get_field(name).attname)
        != getattr(stored, Article._meta.get_field(name).attname)
    ]
    if changed:
        raise PermissionDenied(
            "Only editors can change a story's publish time, rights or credit "
            f"({', '.join(changed)})."
        )


def article_save(
    *,
    article: Article,
    user,
    base_version: int | None,
    overwrite_version: int | None = None,
    stored_version: int | None = None,
) -> Article:
    """Save an editor's changes to ``article`` if nobody saved since ``base_version``.

    Content only: the status is never changed here (``article_transition`` does that), and a
    user who may not publish may not change the publish time or the rights fields either.
    Roles are checked against the story as stored, not as the caller changed it.
    ``overwrite_version`` is the newer version the editor has seen and chosen to replace.
    ``stored_version`` is the version stored when a restore began, so the counter never goes
    back. Raises ``StaleEdit`` (with the stored article), ``PermissionDenied`` (roles) or
    ``TransitionRefused`` (a status change).
    """
    with transaction.atomic(), reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        stored = article_lock_current(article_pk=article.pk) if article.pk else Article()
        if user is not None and not roles.can_edit(user, stored):
            raise PermissionDenied("You may not edit this story.")
        _refuse_workflow_changes(article=article, stored=stored, user=user)
        if article.pk is None:
            article.version = 1
        else:
            current_version = stored.version if stored_version is None else stored_version
            if current_version not in (base_version, overwrite_version):
                raise StaleEdit(stale_message(stored), current=stored)
            article.version = current_version + 1
        if article.created_by_id is None and user is not None:
            article.created_by = user
        article.full_clean()
        article.save()
    return article


# --- The soft lock: who else has this story open ----------------------------------------------


@dataclass(frozen=True)
class Editing:
    name: str
    since: datetime


def edit_session_touch(*, article: Article, user) -> None:
    """Record that ``user`` has ``article`` open now (called on opening and by a heartbeat)."""
    now = timezone.now()
    session, created = EditSession.objects.get_or_create(
        article=article, user=user, defaults={"since": now, "seen_at": now}
    )
    if not created:
        if now - session.seen_at > timedelta(seconds=settings.EDIT_LOCK_SECONDS):
            session.since = now  # they came back after the lock expired: a new session
        session.seen_at = now
        session.save(update_fields=["since", "seen_at"])


def edit_session_end(*, article: Article, user) -> None:
    EditSession.objects.filter(article=article, user=user).delete()


def others_editing(*, article: Article, user) -> list[Editing]:
    """Who else has had ``article`` open within the lock's lifetime, earliest first."""
    cutoff = timezone.now() - timedelta(seconds=settings.EDIT_LOCK_SECONDS)
    sessions = (
        EditSession.objects.filter(article=article, seen_at__gte=cutoff)
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )
    return [
        Editing(name=s.user.get_full_name() or s.user.get_username(), since=s.since)
        for s in sessions
    ]
