import re

from django.core.exceptions import ValidationError
from django.db import models


class Permission(models.TextChoices):
    """What a partner's notice lets us do with its story, from most to least open."""

    OPEN_LICENSE = "open_license", "Open licence: republish freely"
    ATTRIBUTION_REQUIRED = "attribution_required", "Republish with attribution"
    PERMISSION_REQUIRED = "permission_required", "Only with the partner's permission"
    PROHIBITED = "prohibited", "Republishing prohibited"


# Permission levels under which a partner story may be published in full without a grant.
FREELY_PUBLISHABLE = (Permission.OPEN_LICENSE, Permission.ATTRIBUTION_REQUIRED)


def validate_patterns(value: str) -> None:
    """Every non-empty line must be a valid regular expression."""
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            re.compile(line)
        except re.error as exc:
            raise ValidationError(
                f"Line {number} is not a valid regular expression: {exc}."
            ) from exc


class ReprintRule(models.Model):
    """A partner's reprint terms, recognised from the notice printed under its stories."""

    name = models.CharField(max_length=200, help_text="A short name editors recognise.")
    source = models.ForeignKey(
        "articles.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
        help_text="The partner this rule belongs to. Leave empty for generic notices such as "
        "Creative Commons licences; the notice then names the holder.",
    )
    notice_patterns = models.TextField(
        validators=[validate_patterns],
        help_text="One regular expression per line, matched against the notice at the end of a "
        "story. Named groups author, url, year and holder fill the article's credit fields.",
    )
    permission = models.CharField(max_length=32, choices=Permission.choices)
    attribution_template = models.CharField(
        max_length=500,
        blank=True,
        help_text="The credit line readers see. Placeholders: {author} {source} {url} {title}.",
    )
    editor_note = models.TextField(blank=True, help_text="Anything editors should know.")
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are tried first when several rules could match."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def pattern_list(self) -> list[str]:
        return [line.strip() for line in self.notice_patterns.splitlines() if line.strip()]
