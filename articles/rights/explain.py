"""An editor's explanation of a rights decision, step by step."""

from __future__ import annotations

from datetime import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    Article,
)
from articles.rights.attribution import render_attribution, rule_template_problems
from articles.rights.engine import decide, effective_rule, rights_decision

# --- Explaining ---------------------------------------------------------------------------


def explain_html(article: Article, at: datetime | None = None) -> SafeString:
    """A decision spelled out for editors: what readers see now, and every reason."""
    decision = decide(article, at)
    rights = rights_decision(article, at)
    rows = [
        format_html(
            "<p><strong>Readers see now: {}</strong>. If published: {}.</p>",
            decision.visibility.replace("_", " "),
            rights.visibility.replace("_", " "),
        )
    ]
    rows.append(
        format_html(
            "<ul>{}</ul>",
            mark_safe("".join(format_html("<li>{}</li>", r) for r in decision.reasons)),
        )
    )
    if article.rule_id:
        rule, _ = effective_rule(article, at)
        credit, _ = render_attribution(article, rule)
        rows.extend(
            format_html('<p class="errornote">{}</p>', problem)
            for problem in rule_template_problems(rule)
        )
        if credit:
            rows.append(
                format_html(
                    "<p>Credit readers see with the text ({}): {}</p>",
                    rule.get_attribution_position_display().split(",")[0].lower(),
                    credit,
                )
            )
    return mark_safe("".join(rows))
