"""Rendering only what a decision allows: the full body, an excerpt, the visible text, and our own
summary.
"""

from __future__ import annotations

import html
import re

from django.utils.html import format_html

from articles.markup.text import html_to_text
from articles.models import (
    Article,
    ImageReuse,
    Origin,
)
from articles.rights.attribution import image_credit_line
from articles.rights.decision import EXCERPT, FULL, Decision

# --- What readers see ---------------------------------------------------------------------

_BLOCK = re.compile(r"<(p|h[1-6]|blockquote|ul|ol|figure|pre)\b[^>]*>.*?</\1>", re.S | re.I)
_IMAGE = re.compile(
    r"<figure\b.*?</figure>|<picture\b.*?</picture>|<img\b[^>]*>", re.S | re.IGNORECASE
)


def excerpt_paragraphs(body: str, *, max_words: int, max_paragraphs: int) -> list[str]:
    """The opening paragraphs of ``body`` as plain text, within both limits."""
    paragraphs = []
    words_left = max_words
    for match in _BLOCK.finditer(body or ""):
        if match.group(1).lower() != "p":
            continue  # headings, quotes and figures are not part of an excerpt
        words = html_to_text(match.group(0)).split()
        if not words:
            continue
        if len(paragraphs) >= max_paragraphs or words_left <= 0:
            break
        if len(words) > words_left:
            paragraphs.append(" ".join(words[:words_left]) + " …")
            words_left = 0
        else:
            paragraphs.append(" ".join(words))
            words_left -= len(words)
    return paragraphs


def visible_body_html(article: Article, decision: Decision) -> str:
    """The body HTML readers may see under ``decision``: the full body (without images the
    rule forbids), the excerpt within its limits plus the call to action, or ""."""
    if decision.visibility == FULL:
        body = article.body
        if article.origin == Origin.PARTNER:
            if decision.images == ImageReuse.NOT_REUSABLE:
                body = _IMAGE.sub("", body)
            elif decision.images == ImageReuse.WITH_CREDIT and _IMAGE.search(body):
                credits = image_credit_line(article)
                if credits:
                    body += format_html('\n<p class="image-credit">{}</p>', credits)
        return body
    if decision.visibility == EXCERPT:
        paragraphs = excerpt_paragraphs(
            article.body,
            max_words=decision.excerpt_max_words,
            max_paragraphs=decision.excerpt_max_paragraphs,
        )
        parts = [format_html("<p>{}</p>", p) for p in paragraphs]
        if decision.cta_url:
            parts.append(
                format_html(
                    '<p class="excerpt-cta"><a href="{}">{}</a></p>',
                    decision.cta_url,
                    decision.cta_text,
                )
            )
        return "\n".join(parts)
    return ""


def visible_text(article: Article, decision: Decision) -> str:
    """The plain text readers may see, for feeds, search snippets and summaries."""
    text = html_to_text(visible_body_html(article, decision))
    if decision.visibility == EXCERPT and decision.cta_url:
        text = f"{text} ({decision.cta_url})" if text else decision.cta_url
    return text


_WORD = re.compile(r"\w+")
_SHINGLE = 6


def own_summary(article: Article) -> str:
    """The standfirst if it is in our own words: it shares no run of six words with the
    partner's text (and, if shorter, is not found in it). Otherwise ""."""
    dek = (article.dek or "").strip()
    if not dek:
        return ""
    partner = " ".join(
        [
            article.raw_text,
            article.body,
            str((article.imported_values or {}).get("dek", "")),
        ]
    )
    partner_words = [w.lower() for w in _WORD.findall(html_to_text(partner))]
    dek_words = [w.lower() for w in _WORD.findall(html.unescape(dek))]
    if len(dek_words) < _SHINGLE:
        joined = " ".join(partner_words)
        return "" if " ".join(dek_words) in joined else dek
    seen = {tuple(partner_words[i : i + _SHINGLE]) for i in range(len(partner_words))}
    for i in range(len(dek_words) - _SHINGLE + 1):
        if tuple(dek_words[i : i + _SHINGLE]) in seen:
            return ""
    return dek
