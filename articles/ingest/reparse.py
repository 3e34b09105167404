"""Re-parsing stored partner stories with today's patterns and profiles: after a partner's
profile or a pattern changes, the stories already imported are read again from their raw
text. Editors' edits survive by the importer's three-way rule; the result says per story what
changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.editorial.publishing import article_publish
from articles.ingest.batch import ImportBatch
from articles.ingest.parsed import ParseError
from articles.ingest.parsing import parse_text
from articles.ingest.storing import EDITABLE_FIELDS, _update, held_for_editor
from articles.markup.text import html_to_text
from articles.models import Article, Origin, Status
from articles.rights.engine import rights_decision, rule_versions_cached

# What the report compares before and after, in the words editors use.
FIELDS = {
    "headline": "headline",
    "headline_is_provisional": "provisional headline",
    "body": "body",
    "tags": "tags",
    "original_author": "author",
    "original_url": "original URL",
    "source": "source",
    "rule": "reprint rule",
    "copyright_holder": "holder",
    "image_credits": "image credits",
    "upstream_credits": "upstream credits",
    "license": "licence",
    "dateline": "dateline",
    "status": "status",
    "hold_reason": "hold reason",
}


@dataclass
class ReparseResult:
    article: Article
    changed: list[str] = field(default_factory=list)  # FIELDS labels, in FIELDS order
    kept: list[str] = field(default_factory=list)  # editable fields kept as an editor left them
    error: str = ""

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "changed" if self.changed else "unchanged"

    def describe(self) -> str:
        """One line for the command and the admin."""
        if self.error:
            return f"not re-parsed: {self.error}"
        text = ("changed " + ", ".join(self.changed)) if self.changed else "nothing changed"
        if self.kept:
            text += "; kept the editor's " + ", ".join(self.kept)
        return text

    def as_dict(self) -> dict:
        return {
            "import_name": self.article.import_name,
            "slug": self.article.slug,
            "status": self.status,
            "changed": self.changed,
            "kept": self.kept,
            "error": self.error or None,
            "article_status": self.article.status,
        }


def reparse_queryset(names: Iterable[str] | None = None):
    """The partner stories that have raw text to re-read (only those files, if named)."""
    queryset = Article.objects.filter(origin=Origin.PARTNER).exclude(raw_text="")
    if names is not None:
        queryset = queryset.filter(import_name__in=list(names))
    return queryset.select_related("source", "rule").order_by("pk")


def articles_reparse(
    *, articles: Iterable[Article], dry_run: bool = False, user=None
) -> list[ReparseResult]:
    """Re-parse each story's stored raw text with the current patterns, profiles and rules,
    each in its own transaction; ``dry_run`` reports and rolls back."""
    batch = ImportBatch()
    return [_reparse_one(a, batch=batch, dry_run=dry_run, user=user) for a in articles]


class _RollBack(Exception):
    pass


def _reparse_one(article: Article, *, batch: ImportBatch, dry_run: bool, user) -> ReparseResult:
    result = ReparseResult(article=article)
    try:
        parsed = parse_text(article.raw_text, profiles=batch.profiles)
    except ParseError as exc:
        result.error = str(exc)
        return result
    try:
        with transaction.atomic():
            batch.refresh()
            before = _snapshot(article)
            old = article.imported_values or {}
            current = {
                "headline": article.headline,
                "headline_is_provisional": article.headline_is_provisional,
                "dek": article.dek,
                "body": article.body,
                "tags": before["tags"],
            }
            result.kept = [
                FIELDS.get(name, name)
                for name in EDITABLE_FIELDS
                if name in old and name != "headline_is_provisional" and current[name] != old[name]
            ]
            with (
                rule_versions_cached(batch.versions),
                reversion.create_revision(manage_manually=True, atomic=False),
            ):
                reversion.set_comment("Re-parsed with the current patterns")
                if user is not None and getattr(user, "is_authenticated", False):
                    reversion.set_user(user)
                was_held = article.status == Status.DRAFT and bool(article.hold_reason)
                _update(article, parsed, credit=batch.credit(parsed), batch=batch)
                if was_held and _may_go_live(article):
                    article_publish(article=article, user=user)
                reversion.add_to_revision(article)
            after = _snapshot(article)
            result.changed = [label for key, label in FIELDS.items() if before[key] != after[key]]
            if dry_run:
                raise _RollBack
    except _RollBack:
        article.refresh_from_db()
        batch.forget_writes()
    except ValidationError as exc:
        article.refresh_from_db()
        batch.forget_writes()
        result.changed = []
        result.error = "invalid data, nothing changed: " + "; ".join(exc.messages)
    return result


def _may_go_live(article: Article) -> bool:
    """What the importer would do with it today: publish when the rule lets readers see it
    in full and the partner does not hold its stories for an editor."""
    return rights_decision(article).may_autopublish and not held_for_editor(article)


def _snapshot(article: Article) -> dict:
    facts = article.import_facts or {}
    return {
        "headline": article.headline,
        "headline_is_provisional": article.headline_is_provisional,
        "body": html_to_text(article.body),
        "tags": sorted(article.tags.names()),
        "original_author": article.original_author,
        "original_url": article.original_url,
        "source": article.source_id,
        "rule": article.rule.key if article.rule_id else None,
        "copyright_holder": article.copyright_holder,
        "image_credits": article.image_credits,
        "upstream_credits": article.upstream_credits,
        "license": facts.get("license", ""),
        "dateline": facts.get("dateline", {}),
        "status": article.status,
        "hold_reason": article.hold_reason,
    }
