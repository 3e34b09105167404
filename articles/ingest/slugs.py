"""Readable slugs for any headline: Chinese (and Japanese kanji) in pinyin, Korean and kana
romanized (``romanize``), Arabic, Hebrew, Devanagari and Thai spelt letter by letter
(``transliterate``), Cyrillic and Greek transliterated,
so "阿里巴巴投资世界模型" is /articles/a-li-ba-ba-tou-zi-shi-jie-mo-xing/ and
not /articles/article-2/.

Pinyin rather than Unicode slugs: the slug stays ASCII, so URL routing (``<slug:…>``),
``SlugField`` validation, sitemaps, feeds and links pasted into e-mail work unchanged, and
readers of Chinese read pinyin."""

import re
import unicodedata

from django.utils.text import slugify

from articles.ingest.romanize import romanize
from articles.ingest.transliterate import transliterate

SLUG_MAX_CHARS = 100
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# One Latin spelling per letter ("" for the hard and soft signs), in alphabet order.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        (  # noqa: SIM905
            "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e iu ia i e i g"
        ).split(),
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),  # noqa: SIM905
        strict=True,
    )
)
_TABLE = {**_CYRILLIC, **_GREEK}
# Small words a slug cut short should not end on ("…-14-million-in").
_DANGLING = frozenset("a an and as at by for from in into of on or the to with".split())  # noqa: SIM905


def readable_slug(headline: str) -> str:
    """A slug of at most SLUG_MAX_CHARS characters, cut between words; "article" when
    nothing readable is left."""
    text = headline
    if not text.isascii():
        text = _pinyin(text) if _HAN.search(text) else text
        text = transliterate(romanize(text))
        text = "".join(_transliterate(ch) for ch in text)
    slug = slugify(text).strip("-")
    if len(slug) > SLUG_MAX_CHARS:
        cut = slug.rfind("-", 0, SLUG_MAX_CHARS + 1)
        words = slug[: cut if cut > 0 else SLUG_MAX_CHARS].strip("-").split("-")
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
        slug = "-".join(words)
    return slug or "article"


def _pinyin(text: str) -> str:
    # Imported on first use: pypinyin's phrase dictionary (which gets 银行 right as "yin
    # hang") costs about 60 MB and 0.1 s, paid only by an import that meets Chinese.
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def _transliterate(ch: str) -> str:
    lowered = ch.lower()
    if lowered in _TABLE:
        out = _TABLE[lowered]
        return "" if out == "-" else out
    if lowered != ch or ch.isascii():
        return ch
    base = unicodedata.normalize("NFD", ch)[0]  # a Greek vowel without its accent
    return _TABLE.get(base.lower(), ch)
