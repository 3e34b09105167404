"""The one allowlist for article body HTML, applied with nh3 whenever a body is saved.

It matches what the rich-text editor can produce (headings, paragraphs, links, lists, quotes,
bold and italic), so sanitising never removes an editor's own formatting; anything else —
scripts, event handlers, ``javascript:`` URLs, inline styles — is dropped.
"""

import nh3

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "strong",
    "b",
    "em",
    "i",
    # Partner bodies may carry figures; the reprint rule's image policy decides whether
    # readers see them (articles.rights.excerpts.visible_body_html).
    "figure",
    "figcaption",
    "img",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
URL_SCHEMES = {"http", "https", "mailto"}

# The prose editor's configuration, kept next to the allowlist it must agree with.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "Link": {"enableTarget": False},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "History": True,
    # The prose editor turns the browser's spell check off unless told otherwise.
    "NoSpellCheck": False,
}

_cleaner = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """``html`` with everything outside the body allowlist removed."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    # The editor saves an empty document as one empty paragraph; store it as empty.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned
