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


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def lede(text: str, *, words: int = 40, skip: str = "") -> str:
    """The opening of ``text`` for a list's standfirst: whole sentences of its first
    paragraph up to about ``words`` words, else its first ``words`` words and "…".

    A sentence that opens with ``skip`` (the headline, when the importer made it from the
    lede) is left out, so the standfirst never repeats the headline."""
    paragraphs = [p.strip() for p in (text or "").split("\n\n") if p.strip()] or [""]
    sentences = _SENTENCE_END.split(paragraphs[0])
    skip = " ".join(skip.split()).rstrip(".…").casefold()
    if skip and " ".join(sentences[0].split()).casefold().startswith(skip):
        sentences = sentences[1:] or _SENTENCE_END.split((paragraphs[1:] or [""])[0])
    kept: list[str] = []
    count = 0
    for sentence in sentences:
        size = len(sentence.split())
        if kept and count + size > words:
            break
        kept.append(sentence)
        count += size
    result = " ".join(kept)
    cut = result.split()
    if len(cut) > words:
        return " ".join(cut[:words]).rstrip(",;:") + "…"
    return result


# A credit that already says what it is: "Photo: …", "Photo by …", "Image : …", "© …".
_LABELLED_CREDIT = re.compile(
    r"^\s*(?:©|\(c\)|copyright\b|courtesy\b|"
    r"(?:photo(?:graph)?s?|pictures?|images?|illustrations?|credits?|video|via)\s*(?::|by\b|-|—))",
    re.IGNORECASE,
)


def credit_line(credit: str) -> str:
    """``credit`` as shown under an image: "Photo: Jane Doe", never "Photo: Photo: …"."""
    credit = " ".join((credit or "").split())
    if not credit or _LABELLED_CREDIT.match(credit):
        return credit
    return f"Photo: {credit}"
