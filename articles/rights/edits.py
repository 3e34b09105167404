"""The edits policy: which changes a partner's rule lets editors make to its story, and whether it
may be published.
"""

from __future__ import annotations

import difflib

from articles.markup.text import html_to_text
from articles.models import (
    Article,
    Edits,
    Origin,
    Status,
)
from articles.rights.engine import effective_rule, rights_decision
from articles.rights.excerpts import _WORD

# --- Edits --------------------------------------------------------------------------------


def _lines(value: str) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def word_sequence(body_html: str) -> list[str]:
    """The words of ``body_html`` in order: what a style-only edit must leave unchanged."""
    return _WORD.findall(html_to_text(body_html))


def style_only_problem(before: str, after: str) -> str:
    """ "" if ``after`` differs from ``before`` only in whitespace, punctuation and markup;
    otherwise the first change in words, for the editor."""
    old, new = word_sequence(before), word_sequence(after)
    if old == new:
        return ""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = " ".join(old[i1:i2][:8]), " ".join(new[j1:j2][:8])
        if tag == "replace":
            return f"“{removed}” became “{added}”"
        if tag == "delete":
            return f"“{removed}” was removed"
        return f"“{added}” was added"
    return "the words changed"


def edit_violations(article: Article) -> dict[str, str]:
    """Body and headline changes the article's reprint rule forbids, by field."""
    if article.pk is None or article.origin != Origin.PARTNER or article.rule_id is None:
        return {}
    rule, _ = effective_rule(article)
    imported = article.imported_values or {}
    stored = Article.objects.filter(pk=article.pk).values("body", "headline").first() or {}
    errors = {}
    base_body = imported.get("body", stored.get("body", ""))
    label = f"“{rule.name}” (v{rule.version})"
    kept = "Your text is kept in the form so nothing is lost: copy it elsewhere, then undo."
    if rule.edits == Edits.NONE and _lines(article.body) != _lines(base_body):
        if _lines(article.body) != _lines(stored.get("body", "")):
            errors["body"] = (
                f"Not saved: this partner story is republished under {label}, which allows no "
                f"edits, so the body must stay exactly as received. {kept}"
            )
    elif rule.edits == Edits.STYLE_ONLY:
        problem = style_only_problem(base_body, article.body)
        if problem and style_only_problem(stored.get("body", ""), article.body):
            errors["body"] = (
                f"Not saved: this partner story is republished under {label}, which allows "
                f"style fixes only (whitespace, punctuation and markup), but {problem}. {kept}"
            )
    base_headline = imported.get("headline", stored.get("headline", ""))
    if (
        not rule.headline_may_change
        and not imported.get("headline_is_provisional")
        and article.headline.strip() != (base_headline or "").strip()
        and article.headline.strip() != (stored.get("headline") or "").strip()
    ):
        errors["headline"] = (
            f"Not saved: {label} does not let us rewrite the partner's headline "
            f"(“{base_headline}”)."
        )
    return errors


def publish_violation(article: Article) -> str:
    """Why ``article`` may not be made live, if it is being made live and readers could see
    nothing of it; else "". Articles already live are left to the query-time checks."""
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        return ""
    if article.pk is not None:
        stored = Article.objects.filter(pk=article.pk).values_list("status", flat=True).first()
        if stored in (Status.PUBLISHED, Status.SCHEDULED):
            return ""
    decision = rights_decision(article)
    if decision.may_publish:
        return ""
    return "Not published: " + decision.explanation


def article_rights_errors(article: Article) -> dict[str, str]:
    """What ``Article.clean()`` refuses by the reprint rule: forbidden edits, and a status
    readers could not be shown."""
    errors = edit_violations(article)
    refused = publish_violation(article)
    if refused:
        errors["status"] = refused
    return errors
