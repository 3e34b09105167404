"""Small text helpers shared by the importer, the pages and the feeds."""

import html
import re

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def html_to_text(value: str) -> str:
    """Plain text of stored body HTML, one blank line between blocks."""
    marked = _BLOCK_END.sub("\n\n", value or "")
    text = html.unescape(_TAG.sub("", marked))
    paragraphs = [" ".join(part.split()) for part in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)
