"""The rights audit log: every change to what readers see, with who, when, why and the rule."""

from django.db import models
from django.utils import timezone


class RightsAction(models.TextChoices):
    PUBLISH = "publish", "Published"
    PUBLISH_REFUSED = "publish_refused", "Publishing refused"
    UNPUBLISH = "unpublish", "Unpublished"
    GRANT_ADDED = "grant_added", "Grant added"
    GRANT_REVOKED = "grant_revoked", "Grant revoked"
    GRANT_EXPIRED = "grant_expired", "Grant expired"
    RULE_CREATED = "rule_created", "Rule created"
    RULE_CHANGED = "rule_changed", "Rule changed"
    STRICTER_RULE = "stricter_rule", "Stricter rule applied"
    CLASSIFIED = "classified", "Notice classified"


class RightsEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32, choices=RightsAction.choices, db_index=True)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_events",
    )
    rule = models.ForeignKey(
        "articles.ReprintRule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The rule version the decision was made under.",
    )
    grant = models.ForeignKey(
        "articles.PermissionGrant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    visibility_before = models.CharField(max_length=16, blank=True)
    visibility_after = models.CharField(max_length=16, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "rights audit entry"
        verbose_name_plural = "rights audit log"

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.at:%Y-%m-%d %H:%M}"
