"""Which licence a notice states, as an SPDX-like id ("CC-BY-ND-4.0"), in any of the ways
partners write it: "CC BY 4.0", "Creative Commons Attribution-NoDerivatives 4.0 International",
"CC BY-NC-ND 3.0", a creativecommons.org licence URL, or just "a Creative Commons licence".

Pure: standard library only, shared by the importer's parser and the rights engine."""

import re
from dataclasses import dataclass

# Creative Commons' own words for each element, as they appear in licence names.
_ELEMENTS = {
    "nc": "NC",
    "noncommercial": "NC",
    "non-commercial": "NC",
    "non commercial": "NC",
    "nd": "ND",
    "noderivatives": "ND",
    "noderivs": "ND",
    "no-derivatives": "ND",
    "no derivatives": "ND",
    "sa": "SA",
    "sharealike": "SA",
    "share-alike": "SA",
    "share alike": "SA",
}
_ORDER = ("NC", "ND", "SA")
# ND and SA exclude each other; a notice that names both is garbled, and the stricter (ND) holds.
_VERSION = r"(?:(?P<version>[1-4](?:\.[05])?)\b)"
_SHORT = re.compile(
    r"\bCC[- ]?BY(?P<elements>(?:[- ](?:NC|ND|SA)\b)*)(?:[- ]|\s+)?" + _VERSION + "?",
    re.IGNORECASE,
)
_LONG = re.compile(
    r"\bCreative\s+Commons\s+(?:\(CC\)\s+)?Attribution"
    r"(?P<elements>(?:\s*[- ]\s*(?:Non[- ]?Commercial|No[- ]?Deriv(?:ative)?s|Share[- ]?Alike))*)"
    r"(?:\s+(?:licen[cs]e|International|Generic|Unported))*\s*(?:v(?:ersion)?\s*)?(?:"
    + _VERSION
    + ")?",
    re.IGNORECASE,
)
# "Attribution-NoDerivatives 4.0 International" without the words "Creative Commons".
_BARE = re.compile(
    r"\bAttribution(?P<elements>(?:\s*-\s*(?:Non[- ]?Commercial|No[- ]?Deriv(?:ative)?s|"
    r"Share[- ]?Alike))+)\s+" + _VERSION,
    re.IGNORECASE,
)
_URL = re.compile(
    r"creativecommons\.org/licen[cs]es/(?P<elements>by(?:-(?:nc|nd|sa))*)/(?P<version>[1-4]\.[05])",
    re.IGNORECASE,
)
_ZERO = re.compile(
    r"\bCC0\b|creativecommons\.org/publicdomain/zero|\bpublic\s+domain\s+dedication\b",
    re.IGNORECASE,
)
_ANY_CC = re.compile(r"\bcreative\s*commons\b|\bCC[- ]BY\b", re.IGNORECASE)


@dataclass(frozen=True)
class Licence:
    spdx: str  # "CC-BY-ND-4.0"; "" when the notice names Creative Commons but no version
    elements: tuple[str, ...] = ()  # ("ND",), ("NC", "SA")...

    @property
    def stated(self) -> bool:
        return bool(self.spdx)

    @property
    def non_commercial(self) -> bool:
        return "NC" in self.elements

    @property
    def url(self) -> str:
        """The licence deed's address, "" for an unstated or CC0 licence."""
        if not self.spdx.startswith("CC-BY"):
            return ""
        parts = self.spdx.lower().split("-")
        return f"https://creativecommons.org/licenses/{'-'.join(parts[1:-1])}/{parts[-1]}/"


NOT_STATED = Licence(spdx="")


def _elements(text: str) -> tuple[str, ...]:
    words = re.split(r"\s*-\s*|\s+", text.strip(" -").lower()) if text.strip(" -") else []
    joined = []
    for word in words:
        # "No Derivatives" and "Share Alike" arrive as two words.
        if joined and (joined[-1] + " " + word) in _ELEMENTS:
            joined[-1] = joined[-1] + " " + word
        else:
            joined.append(word)
    found = {_ELEMENTS[w] for w in joined if w in _ELEMENTS}
    if "ND" in found and "SA" in found:
        found.discard("SA")
    return tuple(e for e in _ORDER if e in found)


def _version(raw: str | None) -> str:
    if not raw:
        return ""
    return raw if "." in raw else raw + ".0"


def _licence(elements: tuple[str, ...], version: str) -> Licence:
    if not version:
        return Licence(spdx="", elements=elements)
    return Licence(spdx="-".join(("CC", "BY", *elements, version)), elements=elements)


def licences_in(text: str) -> list[Licence]:
    """Every licence the text names, in order; an unversioned Creative Commons mention is a
    ``Licence`` with an empty ``spdx``."""
    if not text:
        return []
    found: list[tuple[int, Licence]] = []
    taken: list[tuple[int, int]] = []
    for finder in (_URL, _LONG, _BARE, _SHORT):
        for match in finder.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            elements = match.group("elements") or ""
            if finder is _URL:
                elements = elements[2:]
            lic = _licence(_elements(elements), _version(match.group("version")))
            taken.append((start, end))
            found.append((start, lic))
    found.extend(
        (match.start(), Licence(spdx="CC0-1.0"))
        for match in _ZERO.finditer(text)
        if not any(match.start() < e and s < match.end() for s, e in taken)
    )
    if not found and _ANY_CC.search(text):
        found.append((0, NOT_STATED))
    found.sort(key=lambda item: item[0])
    return [lic for _, lic in found]


# From most to least open; the stricter of two licences is the one readers may see less of.
def strictness(licence: Licence) -> int:
    """A rank: CC0 0, BY 1, BY-SA 2, BY-ND 3, NC 4, unstated 5."""
    if not licence.spdx:
        return 5
    if licence.spdx == "CC0-1.0":
        return 0
    if licence.non_commercial:
        return 4
    if "ND" in licence.elements:
        return 3
    return 2 if "SA" in licence.elements else 1


def stated_licence(text: str, *, default: str = "") -> Licence | None:
    """The licence a notice states: the strictest it names with a version; ``default`` (the
    partner's) when it names Creative Commons without one; ``NOT_STATED`` when neither; None
    when it names no licence at all."""
    found = licences_in(text)
    if not found:
        return None
    versioned = [lic for lic in found if lic.spdx]
    if versioned:
        return max(versioned, key=strictness)
    if default:
        return parse_spdx(default)
    return found[-1]


def parse_spdx(spdx: str) -> Licence:
    """A ``Licence`` from an id such as "CC-BY-NC-ND-3.0" (as a partner's default is stored)."""
    parts = spdx.strip().upper().split("-")
    if parts[:2] == ["CC", "BY"] and len(parts) >= 3:
        return Licence(spdx=spdx.strip(), elements=tuple(p for p in _ORDER if p in parts[2:-1]))
    return Licence(spdx=spdx.strip())
