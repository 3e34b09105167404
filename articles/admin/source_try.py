"""The partner form's "try it on this text" panel: every line of a pasted sample with the kind
the parser gives it, and the fields it finds, read with the profile as typed (saved or not)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.ingest.parsed import ParseError
from articles.ingest.parsing import parse_text
from articles.ingest.profiles import Profile, Profiles
from articles.ingest.profiles_db import load_profiles, profile_of
from articles.models import ReprintRule, Source
from articles.models.rights import PERMISSION_RANK, Permission
from articles.rights.engine import rule_patterns
from articles.rights.notices import choose_rule

_KIND_LABELS = {
    "headline": "headline",
    "body": "body",
    "byline": "byline",
    "dateline": "dateline",
    "sign_off": "sign-off",
    "boilerplate": "boilerplate",
    "image_credit": "image credit",
    "topics": "topics",
    "notice": "notice",
    "heading": "heading",
}


def try_profile(source: Source) -> tuple[Profile, Profiles]:
    """``source`` as typed in the form, and every saved profile with it in its place."""
    profile = profile_of(source)
    others = tuple(p for p in load_profiles().profiles if p.key != profile.key)
    return profile, Profiles(profiles=(profile, *others))


def try_it_html(source: Source, text: str) -> SafeString:
    """The result panel for ``text`` read as copy from ``source``."""
    profile, profiles = try_profile(source)
    try:
        parsed = parse_text(text, profiles=profiles, profile=profile)
    except ParseError as exc:
        return format_html(
            '<div class="try-result"><p class="errornote">The parser cannot read this text: '
            "{}.</p></div>",
            exc,
        )
    rows = format_html_join(
        "",
        '<tr class="try-{}"><td>{}</td><th scope="row">{}</th><td>{}</td></tr>',
        (
            (kind, number, _KIND_LABELS.get(kind, kind), line)
            for number, (kind, line) in enumerate(parsed.lines, start=1)
        ),
    )
    fields = [
        (
            "Headline",
            parsed.headline
            + (" (provisional, from the lede)" if parsed.headline_is_provisional else ""),
        ),
        ("Author", parsed.writer or "—"),
        ("Original URL", parsed.original_url or "—"),
        ("Licence", _licence(parsed)),
        ("Holder", parsed.holder or "—"),
        ("Tags", ", ".join(parsed.tags) or "—"),
        ("Image credits", "; ".join(c.credit or c.caption for c in parsed.image_credits) or "—"),
        ("Upstream credits", ", ".join(parsed.upstream_credits) or "—"),
        ("Dateline", ", ".join(f"{k} {v}" for k, v in parsed.dateline.items()) or "—"),
        ("Reprint rule", _rule(parsed, source)),
    ]
    found = format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', fields)
    return format_html(
        '<div class="try-result" role="status"><h3>What the importer reads in this text</h3>'
        '<table class="try-lines"><thead><tr><th scope="col">line</th><th scope="col">kind'
        '</th><th scope="col">text</th></tr></thead><tbody>{}</tbody></table>'
        '<h3>Fields found</h3><table class="try-fields"><tbody>{}</tbody></table>'
        "<p>Nothing was saved.</p></div>",
        rows,
        found,
    )


def _licence(parsed) -> str:
    if parsed.licence:
        return parsed.licence
    if parsed.licence_problem == "not_stated":
        return "Creative Commons, version not stated (held)"
    return "—"


def _rule(parsed, source: Source) -> SafeString | str:
    """The rule version in force the importer would decide it under (saved rules)."""
    rules = list(ReprintRule.objects.in_force().select_related("source").order_by("priority"))
    found = choose_rule(
        parsed.notice,
        [rule_patterns(r) for r in rules],
        licence=parsed.licence,
        source=source.pk,
        fallback_rank=PERMISSION_RANK[Permission.PERMISSION_REQUIRED],
    )
    rule = next((r for r in rules if found and r.pk == found.key), None)
    if rule is None:
        return "none: the story would be held until an editor classifies it"
    return format_html("{} — {}", rule.name, rule.get_permission_display())
