"""What the parsers produce: a plain parsed article, its blocks and credits, and the limits
they work to. Pure: standard library only."""

from dataclasses import dataclass, field

MAX_FILE_BYTES = 2 * 1024 * 1024  # documented size limit

# The public pages' limit: structured data cuts headlines at 110 characters (site.seo), which is
# also what search engines show. A provisional headline is a whole clause within it.
HEADLINE_MAX_CHARS = 110
DEK_MAX_CHARS = 300
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
# Press-release headlines run long ("X and Y Partner to Bring AI Fleet Management to …").
HEADLINE_LINE_MAX_WORDS = 24
HEADLINE_LINE_MAX_CHARS = 200

# A clause cut shorter than this reads as a fragment; a word cut keeps more of the lede.
_CLAUSE_CUT_MIN_CHARS = 60
# Notices usually sit in the last few lines, sometimes followed by a stray body-looking line.
_NOTICE_TAIL_LINES = 3


class ParseError(ValueError):
    """Raised for input that cannot become an article; str(e) is one clear human sentence naming
    the reason."""

    def __init__(self, message: str, *, name: str = "") -> None:
        super().__init__(message)
        # The caller prefixes the name itself; kept only so handlers can find it.
        self.name = name


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (paragraph) or "h2" (section heading)
    text: str


@dataclass(frozen=True)
class ImageCredit:
    caption: str  # the caption line above the credit ("" if none), without its "(Photo by …)"
    credit: str  # e.g. "Photo by Andrea Verdelli/Getty Images"


@dataclass
class ParsedArticle:
    raw_text: str  # the decoded text exactly as given, not normalised
    blocks: list[Block]  # the body readers see: boilerplate, notice, tags and photo lines removed
    headline: str  # the headline found, or a provisional one written from the lede
    headline_is_provisional: bool
    dek: str  # the lede's first sentence (at most DEK_MAX_CHARS), "" if none
    tags: list[str]  # from "Tags:" lines, de-duplicated, order kept
    image_credits: list[ImageCredit]
    upstream_credits: list[str]  # "X" from every "(via X)" in the body
    notice: str  # the reprint or copyright notice line(s) as found, "" if none
    writer: str  # "John Lopez" from "(Photo : Tech Times Writer John Lopez)", "" if none
    boilerplate: list[str]  # every line removed from the body as boilerplate, in order
    content_hash: str  # sha256 hex of normalise_text(raw_text)
    authors: list[str] = field(default_factory=list)  # every byline's people, in order
    dateline: dict[str, str] = field(default_factory=dict)  # place, date, agency ({} if none)
    source_key: str = ""  # the domain of the partner profile recognised, "" if none
    licence: str = ""  # the SPDX id the notice states (or the partner's default), "" if none
    licence_problem: str = ""  # "not_stated": Creative Commons without a version or default
    original_url: str = ""  # from the notice or "Read the original" line, never a licence URL
    holder: str = ""  # the copyright holder the notice names
    press_release: bool = False
    sign_offs: list[str] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (kind, line)
    # Structured formats (HTML pages, RSS/Atom entries, NINJS items) state more than text does.
    format: str = "text"  # "text", "html", "rss", "atom" or "ninjs"
    body_html: str = ""  # the sanitised body HTML, when the format gives markup
    external_id: str = ""  # the partner's id for the story (guid, NINJS uri), "" if none
    canonical_url: str = ""  # the partner's canonical URL, "" if not stated
    version: str = ""  # comparable version or update time; a lower one changes nothing
    published_at: str = ""  # the partner's publication time (ISO 8601), "" if not stated
    site_name: str = ""
    located: str = ""  # the dateline place the partner states, "" if none
    summary_only: bool = False  # only a summary was supplied: never shown as the full text
    paywalled: bool = False  # the partner's page is not free to read: never published in full

    @property
    def body_text(self) -> str:
        """The blocks' text joined by blank lines, as readers read it."""
        return "\n\n".join(block.text for block in self.blocks)
