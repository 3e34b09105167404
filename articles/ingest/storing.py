"""Storing one parsed story: create it, or update it by the three-way rule that keeps editors'
edits, then publish or hold it by its reprint rule."""

from __future__ import annotations

import html
from collections.abc import Iterable

import reversion
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from articles.editorial.bylines import article_credit_original_author
from articles.editorial.publishing import article_publish, publish_new_prepare, publish_new_record
from articles.editorial.revision_records import NewStoryRevision, revisions_record_new
from articles.ingest.batch import ImportBatch
from articles.ingest.parsed import ParsedArticle
from articles.ingest.report import FileResult
from articles.ingest.slugs import readable_slug
from articles.markup.text import html_to_text
from articles.models import Article, ArticleAuthor, Origin, Permission, Status
from articles.rights.decision import Decision
from articles.rights.engine import (
    effective_rule,
    rights_decision,
    rule_versions_cached,
)
from articles.site.caching import additions
from companies.services.mentions import mentions_refresh
from search.indexing import indexing_deferred

# The fields an editor may change after import; a re-import only overwrites them if the
# editor has not (see README, "Re-importing a changed file").
EDITABLE_FIELDS = ("headline", "headline_is_provisional", "dek", "body", "tags")


class _DryRun(Exception):
    def __init__(self, result: FileResult):
        self.result = result


def _store_parsed(
    parsed: ParsedArticle,
    *,
    path: str,
    name: str,
    dry_run: bool,
    batch: ImportBatch,
    refresh: bool,
) -> FileResult:
    """Store one parsed file all or nothing: its own transaction, or a savepoint in its
    chunk's. ``refresh`` reads the batch's rules and registry inside it first."""
    try:
        with transaction.atomic():
            if refresh:
                batch.refresh()
            # The story's search document is written once, as the file leaves it, not at
            # every save on the way.
            with rule_versions_cached(batch.versions), indexing_deferred():
                result = _store(parsed, path=path, name=name, batch=batch)
            if dry_run:
                result.article  # noqa: B018  (the summary must be built before the rollback)
                raise _DryRun(result)
    except _DryRun as rolled_back:
        batch.forget_writes()
        return rolled_back.result
    except ValidationError as exc:
        batch.forget_writes()
        return FileResult(path, "rejected", error="invalid data: " + "; ".join(exc.messages))
    except DatabaseError as exc:
        batch.forget_writes()
        return FileResult(path, "rejected", error=f"database error, nothing stored: {exc}")
    except BaseException:
        batch.forget_writes()
        raise
    return result


def _store(parsed: ParsedArticle, *, path: str, name: str, batch: ImportBatch) -> FileResult:
    credit = batch.credit(parsed)
    if not batch.maybe_known(parsed, name=name, url=credit["original_url"]):
        return _new(parsed, path=path, name=name, credit=credit, batch=batch)
    same_text = Article.objects.filter(content_hash=parsed.content_hash).order_by("id").first()
    if same_text is not None:
        if same_text.import_name == name:
            return FileResult(path, "unchanged", record=same_text)
        return FileResult(
            path,
            "duplicate",
            record=same_text,
            extra={"duplicate_of": same_text.import_name or same_text.slug},
        )

    existing = Article.objects.filter(import_name=name).first()
    if existing is not None and is_older(parsed, existing):
        return FileResult(path, "unchanged", record=existing, extra={"older_version": True})
    if existing is None and credit["original_url"]:
        existing = Article.objects.filter(
            origin=Origin.PARTNER, original_url=credit["original_url"]
        ).first()
        if existing is not None and _format(existing) != parsed.format:
            # The same story by another road (a feed entry and a saved page of it): one story,
            # which keeps the copy it came by first.
            return FileResult(
                path,
                "duplicate",
                record=existing,
                extra={"duplicate_of": existing.import_name or existing.slug},
            )

    # Every save keeps a revision, the importer's included, so editors can compare an
    # upstream change with what they had and restore either. One version of the story as
    # stored (with its bylines, which the registration follows), not one per save: the file's
    # savepoint already makes the block atomic.
    if existing is None:
        return _new(parsed, path=path, name=name, credit=credit, batch=batch)
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.set_comment(f"Re-imported from {name}")
        _update(existing, parsed, credit=credit, batch=batch)
        reversion.add_to_revision(existing)
    return FileResult(path, "updated", record=existing)


def _new(
    parsed: ParsedArticle, *, path: str, name: str, credit: dict, batch: ImportBatch
) -> FileResult:
    # A new story only adds to what readers see: list pages pick it up within seconds
    # instead of the whole page cache being dropped per imported file.
    with additions():
        article, bylines, tags = _create(parsed, name=name, credit=credit, batch=batch)
    # Its first revision, from the rows just written (reversion would query them again).
    revisions_record_new(
        [NewStoryRevision(article, f"Imported from {name}", bylines=bylines, tags=tags)]
    )
    return FileResult(path, "created", record=article)


def body_html(parsed: ParsedArticle) -> str:
    """The parsed blocks as the HTML the article body stores."""
    return "\n".join(
        f"<{block.kind}>{html.escape(block.text, quote=False)}</{block.kind}>"
        for block in parsed.blocks
    )


def _editable_values(parsed: ParsedArticle) -> dict:
    return {
        "headline": parsed.headline[:300],
        "headline_is_provisional": parsed.headline_is_provisional,
        # The dek is the editor's own summary. The parser's lede sentence is the partner's
        # text, which a restrictive rule may not let readers see, so it is never copied here.
        "dek": "",
        # A structured format's body is its sanitised HTML (links and lists kept), stored byte
        # for byte like the text parser's, so re-imports still tell editors' edits apart.
        "body": parsed.body_html or body_html(parsed),
        "tags": sorted(parsed.tags),
    }


def _partner_state(parsed: ParsedArticle) -> dict:
    """What the partner states about the story beyond its text, remembered for re-imports."""
    return {
        key: value
        for key, value in (
            ("format", parsed.format),
            ("version", parsed.version),
            ("external_id", parsed.external_id),
            ("published_at", parsed.published_at),
            ("located", parsed.located),
        )
        if value and value != "text"
    }


def _format(article: Article) -> str:
    return (article.imported_values or {}).get("partner", {}).get("format", "text")


def _imported_values(values: dict, parsed: ParsedArticle) -> dict:
    state = _partner_state(parsed)
    return {**values, "partner": state} if state else values


def is_older(parsed: ParsedArticle, article: Article) -> bool:
    """The partner's version of the story is not newer than the one stored: nothing changes."""
    stored = (article.imported_values or {}).get("partner", {}).get("version", "")
    return bool(parsed.version and stored and parsed.version <= stored)


def _create(
    parsed: ParsedArticle, *, name: str, credit: dict, batch: ImportBatch
) -> tuple[Article, list[ArticleAuthor], list[str]]:
    """Insert a new story with its tags, mentions and byline; returns it, its bylines and
    its tag names (as stored)."""
    article = new_article(parsed, name=name, credit=credit)
    article.slug = unique_slug(article.headline)
    # Published or held before the first save, when the decision cannot depend on the stored
    # row; otherwise (None) stored as a draft and decided after, as the editors' path does.
    published = _publish_or_hold_new(article)
    # The slug was just found free and the rule and source were read in this transaction, so
    # their database checks would only repeat those queries (the constraints still hold).
    article.full_clean(exclude=NEW_CLEAN_EXCLUDE, validate_unique=False)
    article.save()
    tags = _tag_new_article(article, parsed.tags, known=batch.tags) if parsed.tags else []
    mentions_refresh(
        article=article,
        text=html_to_text(article.body),
        registry=batch.registry,
        new_article=True,
    )
    byline = article_credit_original_author(
        article=article, new_article=True, authors=batch.authors
    )
    if published is None:
        _publish_or_hold(article)
    elif published is not _HELD:
        publish_new_record(article=article, decision=published)
    return article, [byline] if byline else [], [tag.name for tag in tags]


# What a new story's full_clean leaves to the importer: it read the rule and the source in
# the same transaction, and finds its slug free itself.
NEW_CLEAN_EXCLUDE = ["rule", "source"]


def new_article(parsed: ParsedArticle, *, name: str, credit: dict) -> Article:
    """The unsaved story for a new file (a draft, without its slug)."""
    values = _editable_values(parsed)
    return Article(
        headline=values["headline"],
        headline_is_provisional=values["headline_is_provisional"],
        dek=values["dek"],
        body=values["body"],
        origin=Origin.PARTNER,
        status=Status.DRAFT,
        raw_text=parsed.raw_text,
        content_hash=parsed.content_hash,
        import_name=name[:255],
        imported_values=_imported_values(values, parsed),
        text_is_partial=parsed.summary_only or parsed.paywalled,
        image_credits=[{"caption": c.caption, "credit": c.credit} for c in parsed.image_credits],
        upstream_credits=list(parsed.upstream_credits),
        **credit,
    )


_HELD = Decision(visibility="nothing")  # _publish_or_hold_new's answer for a held story


def _publish_or_hold_new(article: Article) -> Decision | None:
    """``_publish_or_hold`` for a story not saved yet: sets its published state (returning the
    decision to record once it is inserted) or its hold reason (returning ``_HELD``). None
    when a permission grant could change the decision: grants cover stored stories only, so
    the story is stored as a draft first and decided by ``_publish_or_hold``."""
    if _grant_may_apply(article):
        return None
    decision = rights_decision(article)
    if not decision.may_autopublish or held_for_editor(article):
        article.hold_reason = hold_reason(article, decision)
        return _HELD
    pinned = article.rule
    published = publish_new_prepare(article=article)  # repins to the version in force now
    if _grant_may_apply(article):
        article.rule, article.status, article.publish_at = pinned, Status.DRAFT, None
        return None
    return published


def _grant_may_apply(article: Article) -> bool:
    """Whether the rule that governs ``article`` asks for the partner's permission, which a
    grant on its source or on the stored story gives."""
    if article.rule_id is None:
        return False
    rule, _ = effective_rule(article)
    return rule.permission == Permission.PERMISSION_REQUIRED


def _update(article: Article, parsed: ParsedArticle, *, credit: dict, batch: ImportBatch) -> None:
    new = _editable_values(parsed)
    old = article.imported_values or {}
    current = {
        "headline": article.headline,
        "headline_is_provisional": article.headline_is_provisional,
        "dek": article.dek,
        "body": article.body,
        "tags": sorted(article.tags.names()),
    }
    for key in EDITABLE_FIELDS:
        # Three-way merge per field: take the new import only where the editor left the
        # previous import's value alone.
        if key in old and current[key] != old[key]:
            continue
        if key == "tags":
            article.tags.set(new["tags"])
        else:
            setattr(article, key, new[key])
    for key, value in credit.items():
        if key == "rule" and value is None:
            continue  # keep a rule an editor chose by hand
        setattr(article, key, value)
    article.raw_text = parsed.raw_text
    article.content_hash = parsed.content_hash
    article.image_credits = [
        {"caption": c.caption, "credit": c.credit} for c in parsed.image_credits
    ]
    article.upstream_credits = list(parsed.upstream_credits)
    article.imported_values = _imported_values(new, parsed)
    article.text_is_partial = parsed.summary_only or parsed.paywalled
    if article.status == Status.DRAFT:
        article.hold_reason = hold_reason(article)
    article.full_clean()
    article.save()
    mentions_refresh(article=article, text=html_to_text(article.body), registry=batch.registry)
    article_credit_original_author(article=article)


def _tag_new_article(article: Article, names: Iterable[str], *, known: dict) -> list:
    """``article.tags.add(*names)`` for an article created in this transaction, in three
    statements instead of ~10: taggit's own lookup (and creation) of the tags, then one insert
    of the tagged items. The m2m_changed signal is not sent; its receivers (the public cache
    and the search index) hear of the article's own save and indexing in this transaction.
    ``known`` remembers each name's tag for the transaction (taggit looks names up one by one
    when case-insensitive, so asking per name gives the same tags)."""
    manager = article.tags
    tags, seen = [], set()
    for name in names:
        tag = known.get(name)
        if tag is None:
            tag = known[name] = manager._to_tag_model_instances([name], {})[0]
        if tag.pk not in seen:  # "AI" and "ai" are one tag, as in taggit
            seen.add(tag.pk)
            tags.append(tag)
    lookup = manager._lookup_kwargs()
    manager.through.objects.bulk_create(manager.through(tag=tag, **lookup) for tag in tags)
    return tags


def _publish_or_hold(article: Article) -> None:
    """A partner story goes live at import only if its rule lets readers see it in full;
    otherwise it waits as a draft and says why."""
    decision = rights_decision(article)
    if decision.may_autopublish and not held_for_editor(article):
        article_publish(article=article)
    else:
        article.hold_reason = hold_reason(article, decision)
        article.save(update_fields=["hold_reason"])


def hold_reason(article: Article, decision: Decision | None = None) -> str:
    """Why ``article`` may not go live unattended ("" if it may); ``decision`` if already
    made for it."""
    decision = decision or rights_decision(article)
    if decision.may_autopublish:
        if held_for_editor(article):
            return (
                f"Held for an editor: {article.source.name} distributes press releases, which "
                "wait for an editor's decision although the reprint rule would let them go "
                "live (untick “hold for editor” on the partner to publish them at import)."
            )
        return ""
    facts = article.import_facts or {}
    if article.rule_id is None and facts.get("license_problem") == "not_stated":
        return (
            "Held: the notice names a Creative Commons licence but not which one (licence not "
            "stated), and the partner has no default licence. Classify it before publishing."
        )
    licence = facts.get("license", "")
    if "-NC" in licence:
        return (
            f"Held: the notice's licence, {licence}, is non-commercial and does not cover "
            "this site; republish only with the partner's permission. " + decision.explanation
        )
    if not article.copyright_notice and article.rule_id is None:
        return (
            "Held: the story carries no reprint notice, so its rights are unknown. "
            "Classify it before publishing."
        )
    return "Held: " + " ".join(decision.reasons)


def held_for_editor(article: Article) -> bool:
    """Whether the partner's profile holds its stories for an editor (press releases)."""
    return bool(article.source_id and article.source.hold_for_editor)


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    base = readable_slug(headline)
    slug, n = base, 2
    existing = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug
