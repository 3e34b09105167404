"""API keys (created in the admin, shown once, stored hashed) and the per-request access log."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "nrk"


def hash_key(raw: str) -> str:
    # Keys are 192 random bits, so a fast hash is as safe as a slow one and costs nothing
    # per request (a password hasher would cost ~100 ms on every call).
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def find(self, raw: str) -> "ApiKey | None":
        """The active key ``raw`` names, or None."""
        parts = raw.strip().split("_")
        if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1].isalnum():
            return None
        key = self.active().filter(prefix=parts[1]).first()
        if key is None or not hmac.compare_digest(key.hashed, hash_key(raw.strip())):
            return None
        return key


class ApiKey(models.Model):
    """A partner's or app's key: raises its rate limit and records each request it makes."""

    name = models.CharField(
        max_length=200, help_text="Who uses the key, e.g. “Mobile app” or “Partner X feed”."
    )
    prefix = models.CharField(
        max_length=12,
        unique=True,
        editable=False,
        help_text="The key's public part: how you recognise it in the access log.",
    )
    hashed = models.CharField(max_length=64, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Requests per minute this key may make. Empty: the default for keys.",
    )
    notes = models.TextField(blank=True, help_text="Contact, contract, anything worth keeping.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="A revoked key is refused from then on."
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    @classmethod
    def issue(cls, **fields) -> tuple["ApiKey", str]:
        """A new key (unsaved) and its text, which is never stored and never shown again."""
        key = cls(**fields)
        return key, key.new_secret()

    def new_secret(self) -> str:
        """Give the key a new secret text; returns it (only its hash is kept)."""
        self.prefix = secrets.token_hex(4)
        raw = f"{KEY_PREFIX}_{self.prefix}_{secrets.token_urlsafe(24).replace('_', 'x')}"
        self.hashed = hash_key(raw)
        return raw

    @property
    def rate(self) -> int:
        return self.rate_per_minute or settings.API_KEY_RATE_PER_MINUTE

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class ApiAccess(models.Model):
    """One request made with a key: which key, what path, when, and the status it got."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="accesses")
    method = models.CharField(max_length=8, default="GET")
    path = models.CharField(max_length=500)
    query = models.CharField(max_length=500, blank=True)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "API access"
        verbose_name_plural = "API access log"
        indexes = [models.Index(fields=["key", "at"], name="api_access_key_at_idx")]

    def __str__(self) -> str:
        return f"{self.key.name}: {self.method} {self.path} → {self.status}"
