"""The workflow's records: transitions, corrections and who has a story open."""

from django.conf import settings
from django.db import models

from .article import Status


class Transition(models.Model):
    """One change of status, with who made it and when (written by ``article_transition``)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(help_text="When the change was made.")
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="The publish time set by this change, if any."
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.article}: {self.from_status} → {self.to_status}"


class Correction(models.Model):
    """A dated correction shown to readers under a published story."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(help_text="What was wrong and what is right now, in one or two lines.")
    corrected_at = models.DateTimeField(help_text="The date readers see on the correction.")

    class Meta:
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"Correction to {self.article} ({self.corrected_at:%Y-%m-%d})"


class EditSession(models.Model):
    """Someone has the article's change form open; refreshed by a heartbeat, it expires."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="edit_sessions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_edit_session_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} editing {self.article}"


class RevisionTags(models.Model):
    """The tags a story had when a revision was saved. Revisions store the article row, and
    tags live in taggit's own table, so restoring a revision reads them from here."""

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="article_tags"
    )
    # Not a foreign key: a deleted story's revisions, and so its tags, outlive it.
    article_id = models.PositiveBigIntegerField()
    names = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "article_id"], name="one_tag_set_per_revision_article"
            )
        ]
        verbose_name = "revision's tags"
        verbose_name_plural = "revisions' tags"

    def __str__(self) -> str:
        return f"Tags of article {self.article_id} in revision {self.revision_id}"
