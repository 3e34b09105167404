"""What a notice says besides its terms: the original story's URL (never the licence's own) and
the copyright holder. Pure: standard library only."""

import re

_URL = re.compile(r"https?://[^\s<>\"'“”‘’（）()\[\]【】，。；]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>'\"”’"
# Addresses that are a licence's or a notice's boilerplate, never the story's.
_NOT_THE_STORY = re.compile(
    r"^https?://(?:www\.)?(?:creativecommons\.org|opensource\.org|spdx\.org|"
    r"gnu\.org/licenses)(?:/|$)",
    re.IGNORECASE,
)
_HOLDER = re.compile(
    r"(?:[©ⓒⒸ]|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<holder>[^,;:()\n]{2,80}?)\s*(?:[.,;](?:\s|$)|\ball rights\b|$)",
    re.IGNORECASE,
)
_REPUBLISHED_FROM = re.compile(
    r"\b(?:republished|reprinted|reproduced) (?:with permission )?from (?P<holder>.{2,80}?)"
    r"(?: under\b| with\b|[.,;]|$)",
    re.IGNORECASE,
)


def urls_in(text: str) -> list[str]:
    """Every story URL in ``text``, in order, trailing punctuation removed."""
    found = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if url and not _NOT_THE_STORY.match(url) and "." in url.split("//", 1)[-1]:
            found.append(url)
    return found


def original_url(notice_lines: list[str], *, prefer: tuple[str, ...] = ()) -> str:
    """The original story's URL: from the last notice line that prints one; on that line one
    on a ``prefer``-red domain (the partner's) if any, else the first."""
    for line in reversed(notice_lines):
        urls = urls_in(line)
        if not urls:
            continue
        for url in urls:
            host = url.split("//", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
            if any(host == d or host.endswith("." + d) for d in prefer):
                return url
        return urls[0]
    return ""


def holder(notice: str) -> str:
    """Who holds the copyright, as the notice names it ("© 2024 TECHTIMES.com …")."""
    for finder in (_HOLDER, _REPUBLISHED_FROM):
        found = finder.search(notice)
        if found:
            name = found.group("holder").strip(" -–—")
            if name and not name.lower().startswith(("all rights", "the author")):
                return name
    return ""
