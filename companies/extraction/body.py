"""The running prose of a story, without the lines around it that name companies and people
for other reasons: headings, bylines, datelines, credits, notices, sign-offs and a press
release's boilerplate. Pure: standard library only.

``body_only`` blanks those stretches (newlines kept), so offsets into the result are offsets
into the original text and the company matcher's matches still line up.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- line shapes

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
# "SHANGHAI, June 9 (Reuters) -", "MUNICH, Germany, Dec. 1, 2026 /PRNewswire/ --",
# "BEIJING (AP) —", "(Reuters) -". The place is only taken as one in capitals or before an
# agency, so "Acme - the startup ..." keeps its first word.
_PLACE_WORDS = r"[A-Z][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){0,3}"
_DATELINE = re.compile(
    rf"^[\"“]?(?P<place>{_PLACE_WORDS}(?:,\s*{_PLACE_WORDS}){{0,2}})?"
    rf"(?:,?\s*{_DATE})?(?:\s*(?:--|—|–))?"
    r"\s*(?P<agency>\([A-Za-z0-9 .&/-]{2,40}\)|/\s*[A-Za-z0-9 .&-]{2,40}\s*/)?"
    r"(?:\s*(?:--|—|–)\s*|\s+-\s+|\s*:\s+)"  # "LONDON--(BUSINESS WIRE)--Acme"
)
_DATELINE_SEPARATORS = ("--", "—", "–", " - ", ": ")
_CJK_DATELINE = re.compile(
    r"^[^\s，。：]{0,12}?\d{1,2}月\d{1,2}日电(?:\s*[（(][^）)]{0,30}[）)])?|^[（(]记者[^）)]{0,30}[）)]"
)
# Getty-style caption: "SHANGHAI, CHINA - JUNE 18: Cutting edge applications ..."
_CAPTION = re.compile(r"^[A-Z][A-Z .,'’-]{2,60}\s[-–—]\s[A-Z]+\s\d{1,2}(?:,\s*\d{4})?:")

# From one of these lines to the end, nothing is the story's prose: a press release's "About X"
# sections, contacts and legal text, a wire's sign-off.
_TAIL = re.compile(
    r"^(?:About\s+[^!?]{1,80}?[^.!?:;,\s]:?$|#{3,}$|-{3,}$|_{3,}$|\*{3,}$|(?-i:SOURCE)\s+\S|"
    r"Contacts?$|To\s+contact\s+the\s+(?:reporters?|editors?)\b|"
    r"(?:Media|Press|Investor|PR)\s+(?:contacts?|enquiries|inquiries|relations)\b|"
    r"Contacts?\s*[:：]|Forward[- ]Looking\s+Statements?\b|Safe\s+Harbor\b|"
    r"Cautionary\s+(?:Note|Statement)\b|Our\s+Standards\b|\(?(?:Reporting|Writing|Editing|"
    r"Additional\s+reporting)\s+by\b|Copyright\s+(?:©|\(c\)|\d{4})|[©ⓒ]|\(c\)\s+\d{4})",
    re.IGNORECASE,
)
# Lines that are about the story rather than of it: bylines, credits, topic lines, links.
_LABELLED = re.compile(
    r"^(?:(?:Authors?|Reporter|Editor|Photos?|Photograph|Images?|Image\s+Credits?|Picture|"
    r"Credits?|Caption|Video|Sources?|Tags?|Topics?|Filed\s+under|Categories|Category|"
    r"Keywords|Read\s+(?:also|more|next)|Also\s+read|Related(?:\s+\w+){0,2}|See\s+also|"
    r"More\s+from)\s*[:：]"
    r"|(?:Read\s+the\s+original|Stay\s+posted|Join\s+the\s+discussion|Sign\s+up\s+for|"
    r"Subscribe\s+to|Follow\s+us\s+on|Share\s+this|Advertisement$))"
    r"|^(?:作者|文|记者|编辑|责任编辑|来源|图|图片|摄影|标签|关键词|原标题|原文)\s*[:：\uff0f/]",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:By|Written\s+by)\s+[A-Z]")
_NOTICE_WORDS = (  # looked for in the lower-cased line
    "creative commons",
    "cc by",
    "republished",
    "originally published",
    "first published",
    "original article",
    "all rights reserved",
    "do not reproduce",
    "reprint",
    "reproduced with",
    "licensed under",
    "licenced under",
    "receives funding from",  # The Conversation's disclosure statement
    "received funding from",
    "does not work for",
    "no relevant affiliations",
    "disclosure statement",
    "conflicts of interest",
    "conflict of interest",
    "本文",
    "转载",
    "原文",
    "版权",
)
# A credit inside a line: "(Photo by X/Getty Images)", "(via South China Morning Post)".
_CREDIT = re.compile(
    r"[(（](?:(?:Photo|Photos|Image|Picture|Credit|Source|via|File|Video|Courtesy|Reporting|"
    r"Writing|Editing)\b[^()（）]*|[^()（）]*\w/\s?\w[^()（）]*|记者[^()（）]*)[)）]",
    re.IGNORECASE,
)
_TERMINAL = tuple(".!?:;。！？：；…\"”'’)）»」』")
_WORD = re.compile(r"\S+")


def _is_heading(line: str) -> bool:
    """A heading or a headline: no closing punctuation, or a question or exclamation in mostly
    capitalised words ("Is DeepSeek The Next OpenAI?")."""
    if len(line) > 160:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters):
        return True  # a line in capitals: a headline, a caption, a case name
    words = _WORD.findall(line)
    if len(words) > 20:
        return False
    if not line.endswith(_TERMINAL):
        return True
    if line.endswith("."):
        return False
    capitals = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return len(words) >= 4 and capitals >= 0.7 * len(words)


def _blank(chars: list[str], start: int, end: int) -> None:
    chars[start:end] = [" "] * (end - start)


def body_only(text: str) -> str:
    """``text`` with everything that is not the story's running prose blanked out."""
    chars = list(text)
    offset = 0
    in_tail = False
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        line = raw.strip()
        if not line:
            continue
        lead = start + (len(raw) - len(raw.lstrip()))
        if (
            in_tail
            or _TAIL.match(line)
            or _LABELLED.match(line)
            or _CAPTION.match(line)
            or _is_heading(line)
            or (_BYLINE.match(line) and (len(line) < 40 or not line.endswith(".")))
            or (len(line) < 400 and _is_notice(line.lower()))
        ):
            in_tail = in_tail or bool(_TAIL.match(line))
            _blank(chars, start, end)
            continue
        head = line[:160]
        dateline = any(sep in head for sep in _DATELINE_SEPARATORS) and _DATELINE.match(line)
        if dateline and (dateline.group("agency") or _is_place_in_capitals(dateline)):
            _blank(chars, lead, lead + dateline.end())
        elif cjk := _CJK_DATELINE.match(line):
            _blank(chars, lead, lead + cjk.end())
        for credit in _CREDIT.finditer(line) if "(" in line or "（" in line else ():
            _blank(chars, lead + credit.start(), lead + credit.end())
    return "".join(chars)


def _is_notice(lowered: str) -> bool:
    return any(word in lowered for word in _NOTICE_WORDS)


def _is_place_in_capitals(dateline: re.Match) -> bool:
    place = (dateline.group("place") or "").split(",")[0].strip()
    letters = [ch for ch in place if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)
