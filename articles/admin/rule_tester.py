"""The reprint rule form's pattern tester: each pattern line tried on a pasted notice, shown
as a result panel (which line matched what, which groups it captured), saving nothing."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.rights.engine import match_rule
from articles.rights.notices import try_patterns

TEST_BUTTON = "_test_patterns"
TESTED = "tested"  # the error code that keeps a test from saving


class TestBoxWidget(forms.Textarea):
    """A textarea with a button that tests the patterns against it without saving, and the
    result of the last test under it as a panel (``result``), not as a form error."""

    result = ""

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        # One block, so the admin's row layout stacks box, button and result.
        return format_html(
            '<div class="pattern-tester" style="flex:1 1 auto;min-width:0">{}'
            '<p><button type="submit" name="{}" value="1" class="button">'
            "Test the patterns against this text (saves nothing)</button></p>{}</div>",
            box,
            TEST_BUTTON,
            self.result,
        )


def pattern_test_html(patterns: str, text: str) -> str:
    """The result of trying each pattern line on ``text``, for editors: which line matched
    what, and which groups it captured."""
    rows = []
    for result in try_patterns(patterns, text):
        if result.error:
            outcome = format_html('<span class="rights-bad">invalid: {}</span>', result.error)
            captured = ""
        elif result.matched:
            outcome = format_html(
                '<span class="rights-ok">matches</span> “{}”', result.matched_text
            )
            captured = ", ".join(f"{k} = “{v}”" for k, v in result.groups.items()) or "no groups"
        else:
            outcome = mark_safe('<span class="rights-bad">no match</span>')
            captured = ""
        rows.append(
            format_html(
                '<tr><th scope="row">Line {}: <code>{}</code></th><td>{}</td><td>{}</td></tr>',
                result.line,
                Truncator(result.pattern).chars(80),
                outcome,
                captured,
            )
        )
    winner, _ = match_rule(text)
    overall = (
        format_html("With every rule in force, the importer would choose “{}”.", winner)
        if winner
        else "No rule in force matches this text: a story with it would be held as unknown."
    )
    return format_html(
        '<div class="pattern-test" role="status" style="margin:.5rem 0;padding:.75rem 1rem;'
        "border:1px solid var(--hairline-color,#ccc);border-radius:4px;"
        'background:var(--darkened-bg,#f8f8f8)">'
        "<p><strong>Tested; nothing was saved.</strong> What each pattern line does with "
        "this text:</p>"
        '<table style="width:100%;table-layout:fixed;overflow-wrap:anywhere">'
        '<thead><tr><th scope="col">Pattern</th>'
        '<th scope="col">Result</th><th scope="col">Captured</th></tr></thead>'
        "<tbody>{}</tbody></table><p>{}</p></div>",
        mark_safe("".join(rows)),
        overall,
    )
