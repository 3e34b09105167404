"""A partner's reprint terms, versioned: each row is one version of one partner's rule."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from articles.markup.templates import template_problems


class Permission(models.TextChoices):
    """What a partner's notice lets us do with its story, from most to least open."""

    OPEN_LICENSE = "open_license", "Open licence: republish freely"
    ATTRIBUTION_REQUIRED = "attribution_required", "Republish with attribution"
    EXCERPT_ONLY = "excerpt_only", "Excerpt only, with a link to the original"
    PERMISSION_REQUIRED = "permission_required", "Only with the partner's permission"
    PROHIBITED = "prohibited", "Republishing prohibited"


# From most to least open; a higher number is stricter.
PERMISSION_RANK = {
    Permission.OPEN_LICENSE: 0,
    Permission.ATTRIBUTION_REQUIRED: 1,
    Permission.EXCERPT_ONLY: 2,
    Permission.PERMISSION_REQUIRED: 3,
    Permission.PROHIBITED: 4,
}
# Permission levels under which a partner story may be published in full without a grant.
FREELY_PUBLISHABLE = (Permission.OPEN_LICENSE, Permission.ATTRIBUTION_REQUIRED)


class Edits(models.TextChoices):
    NONE = "none", "None: publish the text exactly as received"
    STYLE_ONLY = "style_only", "Style only: whitespace, punctuation and markup"
    FREE = "free", "Free: edit as you like"


class ImageReuse(models.TextChoices):
    REUSABLE = "reusable", "Reusable"
    WITH_CREDIT = "with_credit", "Reusable with the photo credit shown"
    NOT_REUSABLE = "not_reusable", "Not reusable"


class SearchEngines(models.TextChoices):
    NOTHING = "nothing", "Nothing special"
    CANONICAL = "canonical", "Canonical link to the original"
    NOINDEX = "noindex", "Ask search engines not to index our copy (noindex)"


class AttributionPosition(models.TextChoices):
    TOP = "top", "Top, before the story"
    BOTTOM = "bottom", "Bottom, after the story"


EDITS_RANK = {Edits.FREE: 0, Edits.STYLE_ONLY: 1, Edits.NONE: 2}
IMAGES_RANK = {ImageReuse.REUSABLE: 0, ImageReuse.WITH_CREDIT: 1, ImageReuse.NOT_REUSABLE: 2}
SEARCH_RANK = {SearchEngines.NOTHING: 0, SearchEngines.CANONICAL: 1, SearchEngines.NOINDEX: 2}
TEMPLATE_FIELDS = ("author", "source", "url", "title", "license")


def validate_patterns(value: str) -> None:
    """Every non-empty line must be a valid regular expression using only our named groups."""
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            compiled = re.compile(line)
        except re.error as exc:
            raise ValidationError(
                f"Line {number} is not a valid regular expression: {exc}."
            ) from exc
        unknown = set(compiled.groupindex) - {"author", "url", "year", "holder"}
        if unknown:
            raise ValidationError(
                f"Line {number} uses the group name(s) {', '.join(sorted(unknown))}; "
                "only author, url, year and holder are understood."
            )


def validate_template(value: str) -> None:
    """Literal text and plain placeholders from ``TEMPLATE_FIELDS`` only: no format spec,
    conversion, indexing or attribute, and well-formed braces (``articles.markup.templates``)."""
    problems = template_problems(value, TEMPLATE_FIELDS)
    if problems:
        raise ValidationError(problems)


def permission_rank_expression(prefix: str = ""):
    """The permission rank of ``<prefix>permission`` as a database expression."""
    return Case(
        *[When(**{f"{prefix}permission": p}, then=Value(r)) for p, r in PERMISSION_RANK.items()],
        default=Value(99),
        output_field=models.IntegerField(),
    )


def in_force_by_key(versions, at) -> dict:
    """{rule key: the version in force at ``at``} among ``versions`` (rule versions, loaded):
    the latest to start, the highest version on a tie, the order ``in_force_version``'s query
    uses. The one place in Python that says which version applies."""
    found = {}
    for version in versions:
        if version.is_in_force(at):
            best = found.get(version.key)
            if best is None or (version.valid_from, version.version) > (
                best.valid_from,
                best.version,
            ):
                found[version.key] = version
    return found


class ReprintRuleQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """The versions that apply to decisions made at ``at`` (now by default)."""
        at = at or timezone.now()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at), valid_from__lte=at)

    def current(self):
        """The latest version of every rule (what editors normally look at)."""
        return self.filter(valid_to__isnull=True)


class ReprintRule(models.Model):
    """One version of a partner's reprint terms, recognised from the notice under its stories.

    Versions of the same rule share ``key``. Changing a rule's terms closes the current
    version (``valid_to``) and opens a new one, so an article keeps the version it was decided
    under (see ``articles.rights.engine.effective_rule``).
    """

    key = models.SlugField(
        max_length=100,
        help_text="Stable identifier shared by every version of this rule.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    valid_from = models.DateTimeField(
        default=timezone.now,
        help_text="When this version starts to apply. When you change a rule, the new version "
        "starts now, or at a later moment you set here.",
    )
    valid_to = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a newer version replaced this one; empty for the current version.",
    )
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
        help_text="One regular expression per line, matched (ignoring case, with whitespace "
        "collapsed) against the notice at the end of a story. Named groups author, url, year "
        "and holder, written (?P&lt;author&gt;…), fill the article's credit fields.",
    )
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are tried first when several rules could match."
    )
    permission = models.CharField(max_length=32, choices=Permission.choices)
    license_spdx = models.CharField(
        "licence (SPDX id)",
        max_length=64,
        blank=True,
        help_text="For example CC-BY-4.0 or CC-BY-ND-4.0. Empty when the partner grants no "
        "public licence.",
    )
    license_url = models.URLField("licence URL", max_length=300, blank=True)

    edits = models.CharField(
        max_length=16,
        choices=Edits.choices,
        default=Edits.FREE,
        help_text="What editors may change in the body. Style only allows whitespace, "
        "punctuation and markup changes: the words must stay the same, in the same order.",
    )
    headline_may_change = models.BooleanField(
        default=True, help_text="Whether we may write our own headline for the story."
    )
    excerpt_max_words = models.PositiveIntegerField(
        default=100, help_text="Excerpt only: at most this many words of the body."
    )
    excerpt_max_paragraphs = models.PositiveSmallIntegerField(
        default=2, help_text="Excerpt only: at most this many paragraphs of the body."
    )
    excerpt_cta_template = models.CharField(
        "call to action",
        max_length=300,
        default="Read the full story at {source}",
        validators=[validate_template],
        help_text="Excerpt and link-only pages end with this link to the original.",
    )
    attribution_template = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_template],
        help_text="The credit line readers see. Placeholders: {author} {source} {url} {title} "
        "{license}.",
    )
    attribution_position = models.CharField(
        max_length=8, choices=AttributionPosition.choices, default=AttributionPosition.BOTTOM
    )
    link_back_required = models.BooleanField(
        default=False,
        help_text="The credit must link to the original. A story without an original URL "
        "cannot be published under this rule.",
    )
    images = models.CharField(
        "partner's images",
        max_length=16,
        choices=ImageReuse.choices,
        default=ImageReuse.NOT_REUSABLE,
    )
    search_engines = models.CharField(
        max_length=16, choices=SearchEngines.choices, default=SearchEngines.NOTHING
    )
    editor_note = models.TextField(blank=True, help_text="Anything editors should know.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_reason = models.CharField(
        max_length=300, blank=True, help_text="Why this version was made (for the audit log)."
    )

    objects = ReprintRuleQuerySet.as_manager()

    # The fields that make up the terms: changing any of them makes a new version.
    TERMS = (
        "notice_patterns",
        "priority",
        "source",
        "permission",
        "license_spdx",
        "license_url",
        "edits",
        "headline_may_change",
        "excerpt_max_words",
        "excerpt_max_paragraphs",
        "excerpt_cta_template",
        "attribution_template",
        "attribution_position",
        "link_back_required",
        "images",
        "search_engines",
    )

    class Meta:
        ordering = ["priority", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="rule_key_version_unique"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(valid_to__isnull=True),
                name="rule_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_from": "A version must start before it ends."})
        if self.permission == Permission.EXCERPT_ONLY and not (
            self.excerpt_max_words and self.excerpt_max_paragraphs
        ):
            raise ValidationError(
                {"excerpt_max_words": "An excerpt-only rule needs word and paragraph limits."}
            )
        if self.link_back_required and "{url}" not in self.attribution_template:
            raise ValidationError(
                {"attribution_template": "A link back is required: put {url} in the template."}
            )

    @property
    def pattern_list(self) -> list[str]:
        return [line.strip() for line in self.notice_patterns.splitlines() if line.strip()]

    @property
    def permission_rank(self) -> int:
        return PERMISSION_RANK.get(self.permission, 99)

    def is_in_force(self, at=None) -> bool:
        at = at or timezone.now()
        return self.valid_from <= at and (self.valid_to is None or self.valid_to > at)

    def stricter_terms(self, other: "ReprintRule") -> list[str]:
        """The terms in which this version is stricter than ``other``, in words."""
        changes = []
        if self.permission_rank > other.permission_rank:
            changes.append(
                f"permission “{other.get_permission_display()}” → “{self.get_permission_display()}”"
            )
        if EDITS_RANK[self.edits] > EDITS_RANK[other.edits]:
            changes.append(f"edits {other.edits} → {self.edits}")
        if self.permission == Permission.EXCERPT_ONLY and (
            self.excerpt_max_words < other.excerpt_max_words
            or self.excerpt_max_paragraphs < other.excerpt_max_paragraphs
        ):
            changes.append("shorter excerpts")
        if IMAGES_RANK[self.images] > IMAGES_RANK[other.images]:
            changes.append(f"images {other.images} → {self.images}")
        if SEARCH_RANK[self.search_engines] > SEARCH_RANK[other.search_engines]:
            changes.append(f"search engines {other.search_engines} → {self.search_engines}")
        if self.link_back_required and not other.link_back_required:
            changes.append("link back now required")
        if not self.headline_may_change and other.headline_may_change:
            changes.append("headline may no longer change")
        return changes

    def is_stricter_than(self, other: "ReprintRule") -> bool:
        """Stricter permission, or the same permission and stricter in some other term."""
        if self.permission_rank != other.permission_rank:
            return self.permission_rank > other.permission_rank
        return bool(self.stricter_terms(other))
