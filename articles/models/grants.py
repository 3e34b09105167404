"""Permission grants: a partner's recorded consent to republish."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class GrantScope(models.TextChoices):
    ARTICLE = "article", "One article"
    SOURCE = "source", "All the partner's articles, within the dates"


class PermissionGrantQuerySet(models.QuerySet):
    def valid(self, at=None):
        """Grants in effect at ``at``: started, not expired, not revoked. Checked at query time,
        so an expiry takes effect at that moment without any job running."""
        at = at or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at),
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=at),
            valid_from__lte=at,
        )

    def covering(self, article, at=None):
        """Valid grants that cover ``article``."""
        scope = Q(scope=GrantScope.ARTICLE, article=article.pk)
        if article.source_id:
            scope |= Q(scope=GrantScope.SOURCE, source=article.source_id)
        return self.valid(at).filter(scope)


class PermissionGrant(models.Model):
    """A partner allowed us to republish one article, or all its articles between two dates."""

    scope = models.CharField(max_length=16, choices=GrantScope.choices, default=GrantScope.ARTICLE)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
        help_text="For a one-article grant.",
    )
    source = models.ForeignKey(
        "articles.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
        help_text="For a grant that covers all of a partner's articles.",
    )
    granted_by = models.CharField(
        max_length=200, help_text="Who at the partner gave permission (name and role)."
    )
    granted_at = models.DateField(default=timezone.localdate, help_text="When they gave it.")
    reference = models.CharField(
        max_length=300,
        help_text="Where the permission is written down: an email's subject and date, or a "
        "contract id.",
    )
    valid_from = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Readers stop seeing the full text at this moment. Empty: no expiry.",
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expiry_logged = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PermissionGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="article", article__isnull=False, source__isnull=True))
                | Q(scope="source", source__isnull=False, article__isnull=True),
                name="grant_scope_matches_target",
            )
        ]

    def __str__(self) -> str:
        target = self.article if self.scope == GrantScope.ARTICLE else self.source
        return f"Grant for {target} ({self.reference})"

    def clean(self):
        super().clean()
        if self.scope == GrantScope.ARTICLE:
            if not self.article_id:
                raise ValidationError({"article": "Choose the article this grant covers."})
            self.source = None
        elif self.scope == GrantScope.SOURCE:
            if not self.source_id:
                raise ValidationError({"source": "Choose the partner this grant covers."})
            self.article = None
        if self.expires_at and self.valid_from and self.expires_at <= self.valid_from:
            raise ValidationError({"expires_at": "A grant must expire after it starts."})

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.valid_from <= at
            and (self.expires_at is None or self.expires_at > at)
            and (self.revoked_at is None or self.revoked_at > at)
        )
