"""Default line patterns for what a story carries around and after its text: sign-offs,
topic lines, image credits, notices and boilerplate. Pure: standard library only."""

from articles.ingest.pattern_markers import (
    _NOT_QUOTED,
    TIMESTAMP,
)
from articles.ingest.patterns import LinePattern as P

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
    P(
        "sign_off",
        r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",
        where="tail",
        label="the writer's e-mail address alone on the last line (syk@yna.co.kr)",
        needles=("@",),
    ),
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

_NOTICE_PHRASES = (
    r"all rights reserved|do not reproduce|if you wish to reprint|please indicate the source|"
    r"original article, author:|creative\s*commons|republished from|\bCC[- ]BY\b|"
    r"creativecommons\.org|licen[cs]ed under|\bCC0\b|"
    r"\bAttribution[- ](?:Non[- ]?Commercial|No[- ]?Deriv|Share[- ]?Alike)|"
    r"\b(?:Attribution|CC[- ]BY)[- ][1-4]\.[05]\b|"
    r"may not be (?:published|reproduced|redistributed|rewritten|copied)|"
    r"(?:reprinted|republished|reproduced|used) with permission|"
    r"syndicated (?:from|by)|(?:originally|first) (?:published|appeared|posted)|"
    r"read the original|原创文章|如若转载|请注明出处|未经授权禁止转载|版权所有|未经许可不得转载|"
    r"转载请注明|本文(?:转载|来源|首发|经授权|系)|原文链接|版权归|未经.{0,6}(?:授权|许可)"
)
# Every phrase above contains one of these; a line with none is not tried (speed only).
_NOTICE_NEEDLES = (
    "reserved", "reproduc", "reprint", "indicate the source", "original", "creative", "cc by",
    "cc-by", "cc0",
    "republish", "licen", "attribution", "may not be", "permission", "syndicat", "published",
    "appeared", "posted", "转载", "出处", "版权", "原创", "原文", "本文", "未经",
)  # fmt: skip
NOTICES = (
    P(
        "notice",
        r"^" + _NOT_QUOTED + r"(?i:(?:this|the) (?:article|story|post|piece|report|op-ed|essay|"
        r"column|interview)"
        r" (?:was|is|has been|first|originally)\b.{0,60}?\b(?:published|appeared|republished|"
        r"posted|reprinted|syndicated|produced)\b).*$",
        where="edge",
        label="This article was originally published on/at …",
    ),
    P(
        "notice",
        r"^(?i:originally published|first published|republished|reprinted|read the original|"
        r"view (?:the )?original(?: content)?|view source version|this is a (?:press release|"
        r"republished)).*$",
        where="edge",
        label="Read the original article: URL; View original content: URL",
    ),
    P("notice", r"^(?i:©|ⓒ|Ⓒ|\(c\)|copyright\b)", where="tail", label="© / Copyright …"),
    P(
        "notice",
        r"(?i:" + _NOTICE_PHRASES + ")",
        where="tail",
        label="a notice",
        needles=_NOTICE_NEEDLES,
    ),
)

BOILERPLATE = (
    P(
        "boilerplate",
        r"^(?i:read also|read more|see also|also read|related article|related articles|"
        r"related stories|related coverage|related|recommended(?: reading| stories)?|"
        r"more from [^:]{1,40}|you may also like|further reading|more on this|don't miss|"
        r"watch|listen)\s*[:：]",
        label="Read Also: …, Related Article: …",
    ),
    P("boilerplate", r"^(?i:stay posted here at)\b", label="Stay posted here at …"),
    P(
        "boilerplate",
        r"^(?i:join the discussion|join the conversation|share this (?:article|story)|share|"
        r"share on (?:facebook|twitter|x|linkedin)|advertisement|continue reading(?: below)?|"
        r"story continues below(?: advertisement)?|listen to (?:this|the) (?:article|story)"
        r"(?: \(\d+ min\))?|\d+ min(?:ute)?s? read|reading time:.{0,20}|print(?: this article)?|"
        r"comments?|leave a comment|click to tweet|back to top|top stories|most read|follow|"
        r"[·•|]|listen|save|bookmark|"
        r"email this|save article|gift this article)\.?$",
        label="Join the Discussion, Share this article, Advertisement",
    ),
    P(
        "boilerplate",
        r"^(?i:.{0,120}\bsign up (?:for|to)\b.{0,120}\b(?:newsletter|stories|updates|email|"
        r"inbox)\b.{0,200})$",
        where="edge",
        label="newsletter sign-ups",
        needles=("sign up",),
    ),
    P(
        "boilerplate",
        r"^(?i:follow (?:us|[^.]{2,60}) on (?:twitter|x|facebook|linkedin|instagram|threads|"
        r"bluesky|mastodon)\b).{0,200}$",
        where="tail",
        label="Follow X on Twitter …",
    ),
    P(
        "boilerplate",
        r"^(?i:news provided by)\s*$",
        where="head",
        also_next=True,
        label="News provided by (and the company on the next line)",
    ),
    P(
        "boilerplate",
        r"^(?i:news provided by)\s+\S.{1,100}$",
        where="head",
        label="News provided by X",
    ),
    P("boilerplate", TIMESTAMP, where="edge", label="a timestamp line"),
    P(
        "boilerplate",
        r"^(?:Logo|Photo|Video|Image|Multimedia|Infographic|Audio)s?\s*[-–:]\s*https?://\S+$",
        label="Logo - https://… (press-release media links)",
    ),
    P("boilerplate", r"^[_=*~-]{3,}$", label="a rule line"),
    P(
        "boilerplate",
        r"^.{2,200}\b(?:does not|do not) work for, consult, own shares in or receive funding "
        r"from\b.*$",
        label="The Conversation's disclosure statement",
        needles=("own shares",),
    ),
    P(
        "boilerplate",
        r"^.{2,160}\bprovides? funding as (?:a )?(?:founding )?(?:partner|member)s? of "
        r"The Conversation\b.*$",
        label="The Conversation's partner funding line",
        needles=("funding as",),
    ),
    P(
        "boilerplate",
        r"^.{0,200}\bis solely responsible for all content\b.*$",
        where="tail",
        label="AP's philanthropy note",
        needles=("solely responsible",),
    ),
    P("boilerplate", r"^(?i:find AP['’]s standards)\b.*$", where="tail", label="AP's standards"),
    P("boilerplate", r"^原标题\s*[：:].*$", where="edge", label="原标题：…"),
    # Closing sections: the line and every plain line after it.
    P(
        "boilerplate",
        r"^(?i:media contacts?|press contacts?|media inquiries|press inquiries|investor contacts?|"
        r"investor relations(?: contacts?)?|contacts?|"
        r"for more information(?:,? (?:please )?contact)?|for further information)"
        r"\s*[:：]?(?:\s.{0,200})?$",
        where="section",
        label="Media contact(s): …",
    ),
    P(
        "boilerplate",
        r"^About (?P<name>[A-Z0-9\"“][\w&.,'’()®™ -]{1,80}?)\s*[:：]?$",
        where="section",
        when="press_release",
        label="About X, at the end of a press release",
    ),
    P(
        "boilerplate",
        r"^About (?P<name>[A-Z0-9][\w&.'’®™ -]{1,80}?)\s*[:：]?$",
        where="section",
        when="names_next",
        label="About X, followed by a paragraph about X",
    ),
    P(
        "boilerplate",
        r"^关于(?P<name>[^\s，。：:,]{2,30})\s*[：:]?$",
        where="section",
        when="press_release",
        label="关于X, at the end of a press release",
    ),
    P(
        "boilerplate",
        r"^(?:媒体联系人|媒体联络人?|新闻联系人|联系人|媒体垂询|联系方式)\s*[：:]?.{0,100}$",
        where="section",
        label="媒体联系人：…",
    ),
    P(
        "boilerplate",
        r"^(?i:about the (?:authors?|writers?|reporters?|contributors?|translators?))\s*[:：]?$",
        where="section",
        label="About the author",
    ),
    P(
        "boilerplate",
        r"^(?i:(?:cautionary (?:note|statement)s?(?: regarding| concerning)? )?forward[- ]looking "
        r"statements?|safe harbou?r(?: statement)?|cautionary (?:note|statement)|disclaimer|"
        r"legal notice|disclosure statement)\s*[:：]?$",
        where="section",
        label="Forward-looking statements, Disclosure statement",
    ),
    P(
        "boilerplate",
        r"^Partners$",
        where="section",
        when="cc",
        label="Partners (Creative Commons)",
    ),
)
