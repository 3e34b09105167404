"""The default line patterns, as data: the conventions of wire copy, press releases, Creative
Commons republishing, Chinese-language sites and tech sites, one ``LinePattern`` each.

They are tried in this order, after a partner's own; the first whose position and condition
hold gives a line its kind. Pure: standard library only."""

from articles.ingest.pattern_furniture import BOILERPLATE, HEADINGS, NOTICES
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

SIGN_OFFS = (
    P(
        "sign_off",
        r"^[(\[]?\s*(?i:reporting|reported) by (?P<author>[^;)\]]+?)\s*(?:;.*)?[)\]]?\.?$",
        where="tail",
        label="Reporting by X and Y; Editing by Z",
    ),
    P(
        "sign_off",
        r"^[(\[]?\s*(?i:additional reporting|writing|editing|edited|compiled|research|graphics|"
        r"production|fact-checking|reporting and writing|translation|translated|translating|"
        r"illustrations?|design|data) by\b.*$",
        where="edge",
        label="Editing by …, Writing by …, Translated by …",
    ),
    P("sign_off", r"^(?i:our standards)\s*[:：].*$", label="Our Standards: …"),
    P("sign_off", r"^SOURCE:? [A-Z0-9\"“].{0,150}$", where="tail", label="SOURCE X"),
    P("sign_off", r"^(?:#\s*){3}$", where="section", label="### at the end of a press release"),
    P("sign_off", r"^-\s*30\s*-$", where="section", label="-30-"),
    P(
        "sign_off",
        r"^.{2,100}?\bcontributed(?: additional)? (?:reporting|to this (?:report|story|article))"
        r"\b.{0,120}$",
        where="tail",
        label="X contributed to this report",
        needles=("contributed",),
    ),
    P(
        "sign_off",
        r"^(?:burs?-)?[a-z]{2,4}(?:-[a-z]{2,4})*(?:/[a-z]{2,4})+$",
        where="tail",
        label="AFP desk initials (jm/sst)",
    ),
    P(
        "sign_off",
        r"^[\[(]?Editors?\s*:\s*[A-Z][\w .,'’-]{1,60}?[\])]?$",
        where="tail",
        label="Editor: X, [Editor: X]",
    ),
    P(
        "sign_off",
        r"^(?i:enditem|end item|\(end\))$|^[（(]完[）)]$",
        where="tail",
        label="Enditem, （完）",
    ),
    P(
        "sign_off",
        r"^(?P<keep>.*[.!?。”\"’])\s*(?:(?i:enditem|\(end\))|[（(]完[）)])$",
        where="tail",
        label="… the last sentence. Enditem",
        needles=("enditem", "(end)", "完"),
    ),
    P(
        "sign_off",
        r"^-*\s*(?i:with assistance from|with help from)\b.{2,200}$",
        where="tail",
        label="--With assistance from X (Bloomberg)",
    ),
    P(
        "sign_off",
        r"^[（(]?(?:来源|文章来源|本文来源|稿件来源)\s*[：:]\s*(?P<upstream>[^）)]{2,40})[）)]?$",
        where="edge",
        label="来源：X",
    ),
    P("sign_off", r"^消息来源\s*[：:].{1,80}$", where="tail", label="消息来源：X (SOURCE X)"),
    P(
        "sign_off",
        r"^[\[(（【]?(?:责任编辑|编辑|责编|校对|审核|监制|审校)\s*[:：]\s*[^\])）】]{1,40}[\])）】]?$",
        where="tail",
        label="责任编辑：X",
    ),
)

TOPICS = (
    P(
        "topics",
        r"^(?i:tags?|topics?|filed under|keywords?|key words|categories|category|"
        r"related topics|subjects?)\s*[:：]\s*(?P<tags>.*)$",
        label="Tags:, Topics:, Filed under:",
    ),
    P("topics", r"^(?:标签|关键词|关键字|话题|主题词)\s*[:：]\s*(?P<tags>.*)$", label="标签："),
)

IMAGE_CREDITS = (
    P(
        "image_credit",
        r"^\((?i:photo|image|foto|picture|credit|photograph)\s*:\s*"
        r"(?P<credit>[^()]*(?:\([^()]*\)[^()]*)*?)\s*\)+\s*$",
        label="(Photo : …)",
    ),
    P(
        "image_credit",
        r"^(?i:image credits?|photo credits?|picture credits?|credits?|photos?|photograph|"
        r"photography|picture|pic|images?|illustration|graphic|photo illustration|lead image|"
        r"top image|header image|main image|featured image|cover image)\s*[:：]\s*"
        r"(?P<credit>\S.{1,300})$",
        label="Image Credits: …, Photo: …, Credit: …",
    ),
    P(
        "image_credit",
        r"^[(\[]?(?i:photos?|images?|pictures?) courtesy(?: of)? "
        r"(?P<credit>[^()\[\]]{2,200}?)[)\]]?\.?$",
        label="Photo courtesy of …",
    ),
    P(
        "image_credit",
        r"^(?P<caption>.*\S)\s*\((?P<credit>(?i:photo(?:graph)?s?|images?|pictures?|illustration|"
        r"credit|video)\b\s*(?i:by|:|credit|courtesy)[^()]*(?:\([^()]*\)[^()]*)*)\)\s*\)?\s*$",
        label="a caption ending (Photo by …)",
        needles=("(photo", "(image", "(picture", "(illustration", "(credit", "(video"),
    ),
    P(
        "image_credit",
        r"^(?P<caption>.*\S)\s*\((?P<credit>(?:AP|AFP|Reuters|Xinhua|EPA|Bloomberg|Getty Images|"
        r"Kyodo|Yonhap)(?: Photo)?\s*/\s*[^()]{2,80})\)\s*$",
        label="a caption ending (AP Photo/X)",
        needles=(
            "photo/",
            "photo /",
            "reuters/",
            "xinhua/",
            "epa/",
            "bloomberg/",
            "images/",
            "kyodo/",
            "yonhap/",
            "afp/",
        ),
    ),
    P(
        "image_credit",
        r"^(?P<credit>(?i:photo(?:graph)?|image|illustration|picture|video)s? by \S.{1,150})$",
        label="Photo by X on Unsplash (a line of its own)",
    ),
    P(
        "image_credit",
        r"^(?P<caption>.{10,400}[.!?。])\s+(?i:photo|image|credit|photograph|picture)s?\s*:\s*"
        r"(?P<credit>[^.]{2,100})\.?$",
        label="a caption ending Photo: …",
        needles=(
            "photo:",
            "photo :",
            "image:",
            "image :",
            "credit:",
            "credit :",
            "picture:",
            "photos:",
            "images:",
            "photograph:",
            "pictures:",
        ),
    ),
    P(
        "image_credit",
        r"^[（(【]?(?:图片来源|图源|图片|图|摄影|供图|配图|题图)\s*[：:|丨]\s*(?P<credit>[^）)】]{1,80})[）)】]?$",
        label="图片来源：…",
    ),
)

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
