"""Credit and call-to-action templates: text with ``{placeholder}`` names, nothing more.

``str.format`` would also run a format spec (``{author:x}``), a conversion (``{author!r}``),
indexing or attributes (``{author[0]}``, ``{author.x}``), and raise on many of them while a page
or an import renders the credit. Templates are parsed with ``string.Formatter`` instead: checked
to hold known names only when a rule is saved, and filled here without that mini-language, so
no template, however it was stored, can raise.
"""

import re
import string
from collections.abc import Callable, Iterable, Mapping

# Only for a template whose braces don't pair up: "{{", "}}", a {field} (its closing brace
# may be missing), or a stray "}" (dropped).
_LOOSE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}?|\}")
_NAME = re.compile(r"[A-Za-z_]\w*")


def _shown(name: str, conversion: str | None, spec: str) -> str:
    return (
        "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    )


def template_problems(template: str, fields: Iterable[str]) -> list[str]:
    """What is wrong with ``template`` for an editor, one sentence per problem; empty when it
    holds literal text and plain ``{name}`` placeholders from ``fields`` only."""
    fields = tuple(fields)
    known = " ".join("{" + f + "}" for f in fields)
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return [
            f"The template's braces do not pair up ({exc}). Write each placeholder as "
            "{name}, and a literal brace as {{ or }}."
        ]
    problems = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = _shown(name, conversion, spec)
        if name not in fields:
            root = _NAME.match(name)
            if root and root.group() in fields and name != root.group():
                problems.append(f"“{shown}” picks part of a value; write just {{{root.group()}}}.")
            else:
                problems.append(f"“{shown}” is not a placeholder we fill; use {known}.")
            continue
        extras = [
            *([f"a conversion (!{conversion})"] if conversion else []),
            *([f"a format spec (:{spec})"] if spec else []),
        ]
        if extras:
            problems.append(f"“{shown}” has {' and '.join(extras)}; write just {{{name}}}.")
    return problems


def render_template(
    template: str,
    values: Mapping[str, str],
    *,
    literal: Callable[[str], str] = str,
) -> tuple[str, list[str]]:
    """``template`` filled from ``values`` (a name it lacks gives ""), and what is wrong with
    the template. Never raises: a format spec or conversion is ignored, ``{author[0]}`` gives
    the whole author, and unpaired braces stay as text, so a credit still shows. ``literal``
    transforms the template's own text (``escape`` for HTML); values go in as they are."""
    problems = template_problems(template, values.keys())
    try:
        parsed = [(text, name) for text, name, _spec, _conv in string.Formatter().parse(template)]
    except ValueError:
        parsed = _loose_parse(template)
    out = []
    for text, name in parsed:
        out.append(literal(text))
        if name is not None:
            root = _NAME.match(name.strip())
            out.append(values.get(root.group(), "") if root else "")
    return "".join(out), problems


def _loose_parse(template: str) -> list[tuple[str, str | None]]:
    pieces: list[tuple[str, str | None]] = []
    text, position = [], 0
    for match in _LOOSE.finditer(template):
        text.append(template[position : match.start()])
        position = match.end()
        token = match.group()
        if token in ("{{", "}}"):
            text.append(token[0])
            continue
        if token == "}":
            continue
        field = re.split(r"[!:]", match.group(1), maxsplit=1)[0]
        pieces.append(("".join(text), field))
        text = []
    text.append(template[position:])
    pieces.append(("".join(text), None))
    return pieces
