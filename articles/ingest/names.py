"""People's names in bylines: telling "Jane Q. Reporter", "Ana de la Cruz", "MATT O'BRIEN" and
"王芳" from "the numbers" or "Reuters Staff", splitting "A, B and C", and joining authors back
as "A", "A and B", "A, B and C". Pure: standard library only."""

from __future__ import annotations

import re

from articles.ingest.decoding import _is_cjk

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

# Lower-case words that belong inside a name: "Ana de la Cruz", "Ludwig van Beethoven".
PARTICLES = frozenset(
    "de da das do dos del della der den di du la le van von ter ten bin binti ibn al el y zu af "  # noqa: SIM905
    "av dit st.".split()
)
_SUFFIXES = frozenset(["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "PhD", "Ph.D."])
# Words that make a byline a role or a desk rather than a person.
_NOT_PEOPLE = frozenset(
    "staff writers reporters correspondent correspondents editor editors "  # noqa: SIM905
    "editorial board desk team newsroom contributor contributors columnist senior special "
    "technology business news press wire agency agencies service bureau chief guest "
    "analyst the a an our your their this that with on for from at in of".split()
)
# Small words that are also surnames (安 An, 温 On): allowed as a name's last word.
_ALSO_SURNAMES = frozenset(["an", "on", "in"])
# Where a byline's names end and the rest begins: "By Jane Doe | Staff Writer",
# "By Jane Doe — Reuters", "By Jane Doe on June 9", "By Jane Doe Updated June 9".
_CUT = re.compile(
    r"\s*(?:[|•·—–]|\s-\s|\bon\s+(?=\w+\s+\d)|\b(?:updated|published|posted)\b|\d{1,2}:\d{2}).*$",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s*;\s*)\s*", re.IGNORECASE)
_CJK_SPLIT = re.compile(r"[、，,；;\s/／|丨]+|\s*和\s*|\s*与\s*")
_CJK_ROLE = re.compile(
    r"^(?:本报记者|特约记者|实习记者|记者|通讯员|实习生|作者|编辑|摄影|文|图)\s*"
)
_INITIAL = re.compile(r"^(?:[^\W\d_]\.)+$")
_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’.-]*|[^\W\d_]\.)$")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’ -]*$")
# "MATT O'BRIEN AP Technology Writer": the role after the name, and the agency in it.
_ROLE_TAIL = re.compile(
    r"\s+(?P<agency>AP|Associated Press|Reuters|AFP|Bloomberg|Xinhua)?\s*"
    r"(?:(?:Senior|Chief|Staff|Special|Technology|Tech|Business|Science|Political|Economics|"
    r"Medical|Health|Sports|Entertainment|Foreign|National|Investigative|Contributing)\s+)*"
    r"(?:Writer|Reporter|Correspondent|Editor|Journalist)s?$"
)


def split_names(text: str, *, single: bool = False) -> tuple[list[str], list[str]]:
    """(people, others): the people a byline names, in order, and the non-person parts it
    credits (an agency: "By Jane Doe, Reuters"). ``single`` accepts a one-word name, for lines
    that say outright that they name an author ("Author: Tobias")."""
    text = text.strip().strip(".,;:()[]（）【】")
    if _HAN.search(text):
        return _cjk_names(text), []
    text = _CUT.sub("", text)
    if not text:
        return [], []
    people: list[str] = []
    others: list[str] = []
    parts = _LIST_SPLIT.split(text)
    single = single and len(parts) == 1
    for part in parts:
        part = _IN_PLACE.sub("", part.strip(" .,"))  # "Jane Smith in Shanghai"
        part, agency = _without_agency(part)
        if agency:
            others.append(agency)
        role = _ROLE_TAIL.search(part)
        # "Jane Q. Reporter" is a name; "Jane Doe Staff Reporter" names a role after it.
        if role and role.start() > 0 and " " in role.group(0).strip():
            if role.group("agency"):
                others.append(role.group("agency"))
            part = part[: role.start()]
        if not part:
            continue
        name = person_name(part, single=single)
        if name:
            people.append(name)
        elif people:
            others.append(part)
            break  # "Jane Doe, AP Technology Writer": the rest describes, it does not name
        else:
            return [], [part]
    return people, others


_AGENCY_TAIL = re.compile(
    r"\s+(?P<agency>(?i:(?:The )?Associated Press|Reuters|Agence France-Presse|"
    r"Bloomberg(?: News)?|Xinhua)|AP|AFP)$"  # "AP" and "AFP" only in capitals: "Li Ap" is a name
)


def _without_agency(part: str) -> tuple[str, str]:
    """ "JOHN ROE Associated Press" → ("JOHN ROE", "Associated Press")."""
    found = _AGENCY_TAIL.search(part)
    if found is None or found.start() == 0:
        return part, ""
    return part[: found.start()], found.group("agency")


def person_name(text: str, *, single: bool = False) -> str:
    """``text`` tidied as a person's name, or "" if it does not read as one."""
    tokens = text.split()
    if not tokens or len(tokens) > 6:
        return ""
    if len(tokens) == 1 and not (single and len(tokens[0]) >= 3):
        return ""
    capitals = 0
    for position, token in enumerate(tokens):
        if token in _SUFFIXES and position:
            continue
        if _INITIAL.match(token):  # "Q.", "J.R." (before the word lists: "A." is not "a")
            capitals += 1
            continue
        lowered = token.lower()
        if lowered in PARTICLES and 0 < position < len(tokens) - 1:
            continue
        surname = position == len(tokens) - 1 and lowered in _ALSO_SURNAMES
        if (lowered.strip(".") in _NOT_PEOPLE and not surname) or not _TOKEN.match(token):
            return ""
        if not token[0].isupper():
            return ""
        capitals += 1
    if capitals == 0:
        return ""
    return _tidy_case(tokens)


def _tidy_case(tokens: list[str]) -> str:
    """ALL-CAPS bylines (AP style) in ordinary case; anything else exactly as written."""
    letters = "".join(ch for ch in "".join(tokens) if ch.isalpha())
    if len(letters) < 4 or not letters.isupper():
        return " ".join(tokens)
    out = []
    for position, token in enumerate(tokens):
        lowered = token.lower()
        if lowered in PARTICLES and 0 < position < len(tokens) - 1:
            out.append(lowered)
        elif token in _SUFFIXES or (len(token) == 2 and token.endswith(".")):
            out.append(token)  # "III", an initial "Q."
        else:
            out.append(_title(token))
    return " ".join(out)


def _title(token: str) -> str:
    """ "O'BRIEN" → "O'Brien", "JEAN-LUC" → "Jean-Luc"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), token)


def _cjk_names(text: str) -> list[str]:
    """Chinese names, kept as written: two to four characters, or a transliterated foreign
    name with a middle dot ("约翰·史密斯")."""
    names = []
    for piece in _CJK_SPLIT.split(text):
        piece = piece.strip(" ()（）【】[]")
        piece = _CJK_ROLE.sub("", piece)
        if not piece:
            continue
        cjk = sum(1 for ch in piece if _is_cjk(ch))
        dotted = "·" in piece or "•" in piece
        if cjk == len(piece) and (2 <= len(piece) <= 4 or (dotted and len(piece) <= 12)):
            names.append(piece)
        elif not names and person_name(piece):
            names.append(person_name(piece))  # a Latin name in a Chinese byline
    return names


_AFFILIATED_SPLIT = re.compile(r"(;\s*|,\s*and\s+|\s+and\s+|\s*&\s*|,\s*)", re.IGNORECASE)


def split_affiliated(text: str) -> list[str]:
    """The people in a Creative Commons author line that gives each one's affiliation:
    "Alice Brown, University of Sydney; Bob Chen, UNSW Sydney, and Carla Díaz, Macquarie
    University" → the three names. A name follows the start, ";" or "and"; what follows a
    plain comma is its affiliation. [] unless every person has one."""
    pieces = _AFFILIATED_SPLIT.split(text.strip().rstrip("."))
    people: list[str] = []
    affiliated = 0
    separator = ";"
    for index, piece in enumerate(pieces):
        if index % 2:
            separator = piece.strip()
            continue
        piece = piece.strip()
        if not piece:
            return []
        name = person_name(piece) if separator != "," else ""
        if name and not _INSTITUTION.search(piece):
            if len(people) > affiliated:
                return []  # two names in a row: not "name, affiliation" pairs
            people.append(name)
        elif people and (piece[0].isupper() or piece[0].isdigit()):
            affiliated = len(people)
        else:
            return []
    return people if people and affiliated == len(people) else []


# Words that make a comma-separated part an institution, not a person.
_INSTITUTION = re.compile(
    r"\b(?:Universit\w*|College|Institut\w*|School|Cent(?:er|re)|Hospital|Lab(?:orator\w*)?|"
    r"Academy|Foundation|Council|Agency|Ministry|Museum|Library|Trust|Society|Group|Inc|Ltd|"
    r"Polytechnic|Observatory|Research|Department|Faculty|Program(?:me)?)\b"
)


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C", repeats dropped, order kept."""
    unique = list(dict.fromkeys(name for name in names if name))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    return ", ".join(unique[:-1]) + " and " + unique[-1]
