"""Latin letters for Arabic (and Persian), Hebrew, Devanagari and Thai headlines, for slugs:
"تقرير جديد" is "tqrir-jdid", "שלום עולם" is "shlom-olm", "भारत" is "bharat", "ข่าว" is
"khaw". Letter by letter, no dictionary: the scripts that write few or no vowels come out
short, but readable and stable, which beats ``article-N`` (Hangul and kana: ``romanize``).
"""

# Tables of letters: other scripts' characters (RUF001) spelt as space-separated lists (SIM905).
# ruff: noqa: RUF001, SIM905

import re

_ARABIC = {
    **dict.fromkeys("اأآٱى", "a"),
    "إ": "i",
    **dict.fromkeys("ءئؤعٰ", ""),
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ة": "a",
    "ث": "th",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    **dict.fromkeys("كک", "k"),
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    **dict.fromkeys("هۀ", "h"),
}
_HEBREW = dict(
    zip(
        "אבגדהזחטכךלמםנןסעפףצץקרשת",
        "- v g d h z ch t k kh l m m n n s - p f ts ts k r sh t".split(),
        strict=True,
    )
)
# Letters that are vowels inside a word and consonants at its start.
_MATRES = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i"), "ו": ("v", "o"), "י": ("y", "i")}
_DEVANAGARI_CONSONANTS = dict(
    zip(
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
        "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h".split(),
        strict=True,
    )
)
# Independent vowels, then vowel signs; long and short alike, as Indian URLs spell them.
_DEVANAGARI_VOWELS = {
    **dict(zip("अआइईउऊऋएऐओऔ", "a a i i u u ri e ai o au".split(), strict=True)),
    **dict(zip("ािीुूृेैोौ", "a i i u u ri e ai o au".split(), strict=True)),
    "ं": "n",
    "ँ": "n",
    "ः": "h",
}
_VIRAMA, _NUKTA = "्", "़"
_THAI = dict(
    zip(
        "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
        (
            "k kh kh kh kh kh ng ch ch ch s ch y d t th th th n d t th th th n b p ph f ph f "
            "ph m y r l w s s s h l - h"
        ).split(),
        strict=True,
    )
)
_THAI_VOWELS = dict(zip("ะัาำิีึืุูเแโใไๅ", "a a a am i i ue ue u u e ae o ai ai a".split(), strict=True))
_THAI_LEADING = frozenset("เแโใไ")  # written before the consonant they follow in speech
_WORD = re.compile(r"\w")


def transliterate(text: str) -> str:
    """``text`` with Arabic, Hebrew, Devanagari and Thai letters in Latin; the rest unchanged."""
    out: list[str] = []
    chars = list(text)
    i = 0
    while i < len(chars):
        ch = chars[i]
        before = chars[i - 1] if i else " "
        after = chars[i + 1] if i + 1 < len(chars) else " "
        if ch in _MATRES:
            consonant, vowel = _MATRES[ch]
            out.append(vowel if _WORD.match(before) else consonant)
        elif ch in _ARABIC or ch in _HEBREW:
            latin = _ARABIC.get(ch, _HEBREW.get(ch))
            out.append("" if latin == "-" else latin)
        elif ch in _DEVANAGARI_CONSONANTS:
            out.append(_DEVANAGARI_CONSONANTS[ch])
            if after == _NUKTA:
                i += 1
                after = chars[i + 1] if i + 1 < len(chars) else " "
            # The inherent vowel, unless a sign replaces it or the word ends here.
            if after not in _DEVANAGARI_VOWELS and after != _VIRAMA and _is_devanagari(after):
                out.append("a")
        elif ch in _DEVANAGARI_VOWELS:
            out.append(_DEVANAGARI_VOWELS[ch])
        elif ch in (_VIRAMA, _NUKTA) or "\u064b" <= ch <= "\u0652" or "\u0591" <= ch <= "\u05c7":
            pass  # marks with no letter of their own: harakat, niqqud, virama
        elif ch in _THAI_LEADING and after in _THAI:
            out.append(_thai(after) + _THAI_VOWELS[ch])
            i += 1
        elif ch in _THAI:
            out.append(_thai(ch))
        elif ch in _THAI_VOWELS:
            out.append(_THAI_VOWELS[ch])
        elif "\u0e47" <= ch <= "\u0e4e":
            pass  # Thai tone marks
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _thai(ch: str) -> str:
    latin = _THAI[ch]
    return "" if latin == "-" else latin


def _is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f"
