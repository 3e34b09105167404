"""What readers may see of an article: the ``Decision`` value and its visibility levels."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    ImageReuse,
)

FULL = "full"
EXCERPT = "excerpt"
LINK_ONLY = "link_only"
NOTHING = "nothing"
# From most to least visible.
VISIBILITY_ORDER = (FULL, EXCERPT, LINK_ONLY, NOTHING)


@dataclass(frozen=True)
class Decision:
    visibility: str
    attribution: str = ""
    attribution_html: SafeString = field(default_factory=lambda: mark_safe(""))
    reasons: tuple[str, ...] = ()
    rule_id: int | None = None
    attribution_position: str = "bottom"  # "top" or "bottom"
    noindex: bool = False  # <meta name="robots" content="noindex">
    canonical_url: str = ""  # <link rel="canonical"> to the original, when the rule says so
    rule_version: int | None = None
    rule_name: str = ""
    grant_id: int | None = None
    license_spdx: str = ""
    license_url: str = ""
    cta_text: str = ""  # the call to action on excerpt and link-only pages
    cta_url: str = ""
    excerpt_max_words: int = 0
    excerpt_max_paragraphs: int = 0
    images: str = ImageReuse.REUSABLE
    summary: str = ""  # the standfirst readers may see: ours, never the partner's words

    @property
    def may_publish(self) -> bool:
        """An editor may publish the article: readers would see something of it."""
        return self.visibility != NOTHING

    @property
    def may_autopublish(self) -> bool:
        """The importer may publish it unattended: readers would see the full text."""
        return self.visibility == FULL

    @property
    def explanation(self) -> str:
        return " ".join(self.reasons)
