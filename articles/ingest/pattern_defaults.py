"""The default line patterns, as data: the conventions of wire copy, press releases, Creative
Commons republishing, Chinese-language sites and tech sites, one ``LinePattern`` each.

They are tried in this order, after a partner's own; the first whose position and condition
hold gives a line its kind. Pure: standard library only."""

from articles.ingest.patterns_back import BOILERPLATE, IMAGE_CREDITS, NOTICES, SIGN_OFFS, TOPICS
from articles.ingest.patterns_front import BYLINES, DATELINES, HEADINGS

# The order matters where one line could be two kinds: the writer's "(Photo : … Writer X)"
# before the photo credit, the notice before boilerplate that merely starts like one.
DEFAULT_PATTERNS = (
    *BYLINES,
    *DATELINES,
    *SIGN_OFFS,
    *TOPICS,
    *IMAGE_CREDITS,
    *NOTICES,
    *BOILERPLATE,
    *HEADINGS,
)
