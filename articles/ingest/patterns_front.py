"""Default line patterns for what opens a story: bylines, datelines and section headings.
Pure: standard library only."""

from articles.ingest.pattern_markers import (
    _CAPS_PLACE,
    _DASH,
    _PLACE,
    DATE,
)
from articles.ingest.patterns import LinePattern as P

# --- The patterns --------------------------------------------------------------------------

BYLINES = (
    P(
        "byline",
        r"^\((?i:photo|image)\s*:\s*(?:[^()]*\s)?(?i:writer)\s+(?P<author>[^()]+?)\s*\)+$",
        label="a writer's photo line: (Photo : Tech Times Writer X)",
    ),
    P(
        "byline",
        r"^(?i:by|BY)\s+(?P<author>[^()\n]{3,200}?)\.?$",
        where="edge",
        label="By X, By X and Y",
    ),
    P(
        "byline",
        r"^(?i:written by|words by|story by|text by|reported by|posted by|report by|"
        r"authors?|byline|writer|reporter)\s*[:：]?\s+(?P<author>\S.{1,200}?)\.?$",
        where="edge",
        label="Written by X, Author: X",
    ),
    P(
        "byline",
        r"^(?i:authors?|writer|byline)\s*[:：]\s*(?P<author>\S.{1,200}?)\.?$",
        where="edge",
        label="Author:X",
    ),
    P(
        "byline",
        r"^[（(【]?(?:作者|撰文|撰稿|记者|文字|编译|文)\s*[：:／/|丨]\s*(?P<author>[^）)】]{2,60})[）)】]?$",
        where="edge",
        label="作者：X, 文／X",
    ),
    P(
        "byline",
        r"^[（(【]?(?:本报记者|特约记者|记者)\s+(?P<author>[^）)】]{2,40})[）)】]?$",
        where="edge",
        label="记者 X",
    ),
    P(
        "byline",
        r"^(?P<affiliated>[^()\d:]{3,60}?,\s+[A-Z\u00c0-\u024f][^()!?:]{2,300})$",
        where="head",
        when="cc",
        label="X, <affiliation>: the author line of Creative Commons republishing",
    ),
    P(
        "byline",
        r"^(?P<names>[^\d,;:!?()\"“”|·•]{4,60}(?:,\s*|\s+and\s+|\s*&\s*)"
        r"[^\d;:!?()\"“”|·•]{3,160})$",
        where="head",
        when="not_first",
        label="names alone under the headline (A and B, A, B and C)",
    ),
    P(
        "byline",
        r"^(?P<names>[^\d,;:!?()\"“”|·•]{4,60})$",
        where="head",
        when="before_meta",
        label="a name alone above a timestamp or credit line",
    ),
    P(
        "byline",
        r"^(?P<author>[^\d,;:!?()\"“”|·•]{4,60})\s*[|·•]\s*(?P<date>.*\d.*)$",
        where="head",
        label="X | June 9, 2025",
    ),
)

DATELINES = (
    P(
        "dateline",
        rf"^(?P<place>[^/()\n]{{2,80}}?)\s+/\s*(?P<agency>[A-Za-z][\w .&-]{{1,40}}?)\s*/\s*"
        rf"(?P<date>{DATE})\s*/\s*",
        where="lede",
        label="CITY, ST / ACCESSWIRE / Month D, YYYY / (place, wire and date between slashes)",
        needles=("/",),
    ),
    P(
        "dateline",
        rf"^(?P<place>[^/()\n]{{2,80}}?),? (?P<date>{DATE}) ?/\s*"
        r"(?P<agency>[A-Za-z][\w .&-]{1,40}?)\s*/\s*(?:--|—|–|-)\s*",
        where="lede",
        label="CITY, Country, Month D, YYYY /PRNewswire/ --",
        needles=("/",),
    ),
    P(
        "dateline",
        r"^(?P<place>[^()\n]{2,80}?)\s*--\s*\((?P<agency>[A-Z][A-Za-z ]{2,30})\)\s*--\s*",
        where="lede",
        label="CITY--(BUSINESS WIRE)--",
        needles=("--(",),
    ),
    P(
        "dateline",
        rf"^(?P<place>{_PLACE})(?:,? (?P<date>{DATE}))?\s*\((?P<agency>[A-Z][\w .&-]{{0,30}})\)"
        + _DASH,
        where="lede",
        label="CITY, Month D (Agency) -, CITY (AP) —, Month D, YYYY (GLOBE NEWSWIRE) --",
    ),
    P(
        "dateline",
        r"^\((?P<agency>[A-Z][\w .&-]{1,30})\)\s*(?:--|—|–|-)\s*",
        where="lede",
        label="(Bloomberg) -- (an agency with no place)",
    ),
    P(
        "dateline",
        rf"^(?P<place>{_CAPS_PLACE})(?:,? (?P<date>{DATE}))?\s*(?:--|—|–| - )\s*",
        where="lede",
        label="CITY — (a place in capitals, no agency)",
    ),
    P(
        "dateline",
        r"^(?P<agency>[\u4e00-\u9fff]{1,6}?(?:社|网|报|台|新闻))(?P<place>[\u4e00-\u9fff]{2,8}?)?"
        r"(?P<date>\d{1,2}月\d{1,2}日)电\s*(?:[（(](?:记者\s*)?(?P<author>[^）)]{2,40})[）)])?\s*",
        where="lede",
        label="新华社北京6月9日电（记者 X）",
    ),
    P(
        "dateline",
        r"^(?P<place>[\u4e00-\u9fff]{2,8}?)\s*(?P<date>\d{4}年\d{1,2}月\d{1,2}日)\s*/\s*"
        r"(?P<agency>[^/\s]{2,20})\s*/\s*(?:——|--|—|–|-)\s*",
        where="lede",
        label="深圳2025年6月10日 /美通社/ --",
    ),
    P(
        "dateline",
        r"^(?P<agency>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)\s*(?P<date>\d{1,2}\s*月\s*\d{1,2}\s*日)\s*"
        r"(?:消息|讯)\s*[，,：:]?\s*",
        where="lede",
        label="IT之家 6 月 9 日消息，",
    ),
    P(
        "dateline",
        r"^(?P<agency>本报|本刊)讯\s*(?:[（(](?:记者\s*)?(?P<author>[^）)]{2,40})[）)])?\s*",
        where="lede",
        label="本报讯（记者 X）",
    ),
)

HEADINGS = (
    P("heading", r"^#{1,4}\s+(?P<heading>\S.{0,110})$", label="## Markdown heading"),
    P("heading", r"^\*\*(?P<heading>[^*]{2,110})\*\*$", label="**Bold line**"),
    P(
        "heading",
        r"^(?i:key takeaways|why it matters|the big picture|what['’]s next|what happens next|"
        r"what it means|background|highlights|in brief|summary|at a glance|the bottom line|"
        r"bottom line|quick take|introduction|conclusion|the takeaway|context)\s*:?$",
        label="a section heading (Why it matters, Background …)",
    ),
)
