from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models

# Checks ``Source.clean()`` runs, each returning {field: message}. The importer sits above the
# models and registers its line-pattern check here when the app is ready
# (``ArticlesConfig.ready``), so every full_clean() refuses a pattern the parser cannot use.
SOURCE_CHECKS: list[Callable[["Source"], dict[str, str]]] = []


class SourceManager(models.Manager):
    def get_by_natural_key(self, domain):
        return self.get(domain=domain)


class SourceKind(models.TextChoices):
    PUBLISHER = "publisher", "Publisher"
    WIRE = "wire", "News agency (wire)"
    PRESS_RELEASE = "press_release", "Press-release service"


def _lines(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (value or "").splitlines() if line.strip())


class Source(models.Model):
    """A partner publication whose stories we republish, and its profile: how the importer
    recognises its copy and reads its conventions."""

    name = models.CharField(max_length=200, help_text="The publication's name as readers know it.")
    slug = models.SlugField(max_length=100, unique=True)
    domain = models.CharField(
        max_length=200,
        unique=True,
        help_text="The partner's web domain, lower case, without www (e.g. aicnbc.com).",
    )
    homepage = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    kind = models.CharField(
        max_length=16,
        choices=SourceKind.choices,
        default=SourceKind.PUBLISHER,
        help_text="News agencies and press-release services are also credited as the "
        "story's upstream source.",
    )
    recognised_names = models.TextField(
        "other names",
        blank=True,
        help_text="One per line: other names its notices, datelines and credits use "
        "(“Thomson Reuters”, “PRNewswire”, “新华社”). Names of four letters or fewer, or in "
        "capitals, must match exactly.",
    )
    recognised_domains = models.TextField(
        "other domains",
        blank=True,
        help_text="One per line: other web domains its links use (e.g. news.cn).",
    )
    line_patterns = models.TextField(
        "own line patterns",
        blank=True,
        help_text="One per line, tried before the defaults on this partner's copy: "
        "<code>kind[@where]: regular expression</code>, for example "
        "<code>byline@head: ^Story by (?P&lt;author&gt;.+)$</code>. Kinds: byline, dateline, "
        "sign_off, boilerplate, image_credit, topics, notice, heading. Where: any, head, tail, "
        "edge, lede, section. Use the box below to try them on a sample.",
    )
    default_license = models.CharField(
        "default licence (SPDX id)",
        max_length=64,
        blank=True,
        help_text="The licence its notices mean when they say only “a Creative Commons "
        "licence” (e.g. CC-BY-ND-4.0). Empty: such a notice is held as “licence not stated”.",
    )
    hold_for_editor = models.BooleanField(
        default=False,
        help_text="Hold its stories for an editor's decision even when the reprint rule would "
        "let them go live at import (press releases).",
    )

    objects = SourceManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)

    def clean(self):
        """Refuse what the registered checks refuse (unusable line patterns)."""
        super().clean()
        errors: dict[str, str] = {}
        for check in SOURCE_CHECKS:
            errors.update(check(self))
        if errors:
            raise ValidationError(errors)

    def natural_key(self) -> tuple[str]:
        return (self.domain,)

    @property
    def name_list(self) -> tuple[str, ...]:
        return _lines(self.recognised_names)

    @property
    def domain_list(self) -> tuple[str, ...]:
        return _lines(self.recognised_domains)
