"""What the default patterns are built from: dates and places as datelines write them, the
timestamp line, the news agencies and press-release services datelines credit, and the marks
of a press release or a Creative Commons republication. Pure: standard library only."""

import re

# --- Building blocks ---------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_ANY_CASE = "(?i:" + _MONTH + ")"
DATE = (
    rf"(?:{_MONTH_ANY_CASE} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|\d{{1,2}} {_MONTH_ANY_CASE}(?:,? \d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
)
# A place as datelines write it: "SAN FRANCISCO", "Paris", "SHENZHEN, China", "NEW YORK, N.Y.".
_WORD = r"[A-Z][\w.'’&-]*"
_PLACE = rf"{_WORD}(?: {_WORD}){{0,3}}(?:, {_WORD}(?: {_WORD}){{0,2}}){{0,2}}"
_CAPS_WORD = r"[A-Z][A-Z.'’-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}(?:, {_WORD}(?: {_WORD}){{0,2}}){{0,2}}"
_DASH = r"\s*(?:--|—|–|-|:)\s*"
_NOT_QUOTED = r"(?![\"“‘'])"

# A line made only of a date and a time: "Jun 09, 2025, 08:00 ET", "11:00 AM PDT · June 9,
# 2025", "Updated: 2025-06-09 10:30", "2025年6月9日 10:30". Atomic groups keep it linear.
_STAMP_TOKEN = (
    r"(?>(?i:published|updated|posted|last updated|first published|date|modified|on|at)"
    r"|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|" + _MONTH_ANY_CASE + r"|\d{1,4}+(?:st|nd|rd|th)?"
    r"|(?i:[ecmp][sd]?t|gmt|utc|bst|cest?|jst|hkt|sgt|ist|aest|a\.?m\.?|p\.?m\.?|noon)\b"
    r"|[年月日时分秒]|[,.:/·•|()+\-–—：])"
)
TIMESTAMP = (
    r"^(?=.{4,90}$)(?=.*\d)(?=.*(?:"
    + _MONTH_ANY_CASE
    + r"\s*\d|\d\s*"
    + _MONTH_ANY_CASE
    + r"|\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}))(?:"
    + _STAMP_TOKEN
    + r"\s*)++$"
)

# --- Wire and press-release markers -------------------------------------------------------

# Agencies a dateline may credit, by the way they are written there, with the name credited.
AGENCIES = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "pti": "PTI",
    "ians": "IANS",
    "upi": "UPI",
    "tass": "TASS",
    "cna": "CNA",
    "bernama": "Bernama",
    "anadolu": "Anadolu",
    "prnewswire": "PR Newswire",
    "pr newswire": "PR Newswire",
    "business wire": "Business Wire",
    "businesswire": "Business Wire",
    "globe newswire": "GlobeNewswire",
    "globenewswire": "GlobeNewswire",
    "accesswire": "ACCESSWIRE",
    "newsfile": "Newsfile",
    "ein presswire": "EIN Presswire",
    "einpresswire": "EIN Presswire",
    "cnw": "CNW",
    "marketwired": "Marketwired",
    "新华社": "Xinhua",
    "美通社": "PR Newswire",
    "中新社": "China News Service",
    "中新网": "China News Service",
}
PRESS_WIRES = frozenset(
    {"PR Newswire", "Business Wire", "GlobeNewswire", "ACCESSWIRE", "Newsfile", "EIN Presswire"}
    | {"CNW", "Marketwired"}
)
# What makes a text a press release even before its dateline is read.
PRESS_RELEASE_MARKERS = re.compile(
    r"/\s*PRNewswire|/\s*美通社\s*/|\(BUSINESS WIRE\)|\(GLOBE NEWSWIRE\)|\bACCESSWIRE\b|"
    r"/EINPresswire|"
    r"^\s*(?:#\s*){3}\s*$|^SOURCE [A-Z0-9]|^News provided by",
    re.MULTILINE,
)
CC_MARKERS = re.compile(
    r"creative\s*commons|\bCC[- ]BY\b|creativecommons\.org|republished from|"
    r"(?:originally|first) (?:published|appeared) (?:on|in|at) (?:The Conversation|Global Voices)",
    re.IGNORECASE,
)
