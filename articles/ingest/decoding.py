"""Bytes to clean text: encoding detection that never guesses on damaged UTF-8, refusal of
binary data, and Unicode normalisation. Pure: standard library only.

Bytes that fail strict UTF-8 are *UTF-8 with damage* when the damage is small beside what is
valid: at most one byte in a hundred is invalid, or the valid multibyte sequences hold at
least four times as many bytes as the invalid ones (and at least eight). Such a file is
refused, naming the first bad byte, and no other encoding is guessed for it. GB18030 is tried
only for the rest, and kept only if the result reads as Chinese prose (see
``_plausible_chinese``): a few high bytes in Latin text decode as GB18030 just as well.
"""

import re
import unicodedata
from collections import Counter

from articles.ingest.parsed import MAX_FILE_BYTES, ParseError

# --------------------------------------------------------------------------- decoding

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Form feed survives in old wire copy; vertical tab is Word's manual line break.
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode category Cc minus the allowed ones; a regex is far faster than a loop over 2 MB.
_CONTROL_CHAR = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BINARY = "binary file, not text"
_UNDECODABLE = "not valid text in UTF-8, UTF-16 or GB18030"
_ASCII_BYTES = bytes(range(0x80))
_ASCII_WORD = re.compile("[A-Za-z]+")


def decode_bytes(data: bytes, *, name: str = "input", max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode raw file bytes or raise ParseError.

    Tries, in order: a BOM, UTF-16 recognised by its NUL pattern, strict UTF-8, then (unless
    the bytes are UTF-8 with damage, refused with the offset of the first bad byte) strict
    GB18030 only if the result plausibly is Chinese text; never returns garbled text.
    """
    data = bytes(data)
    if not data:
        raise ParseError("file is empty", name=name)
    if len(data) > max_bytes:
        raise ParseError(
            f"file is {len(data)} bytes, over the limit of {max_bytes} bytes", name=name
        )
    text = _decode(data, name)
    if _has_control_chars(text):
        raise ParseError(_BINARY, name=name)
    return text


def _decode(data: bytes, name: str) -> str:
    """The decoded text, or ParseError; control characters are checked by the caller."""
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError as error:
            where = _where(data, error, skipped=len(_UTF8_BOM))
            message = f"file starts with a UTF-8 mark but is not UTF-8: {where}"
            raise ParseError(message, name=name) from None
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", "file starts with a UTF-16 mark but is not UTF-16", name)
    encoding = _utf16_without_bom(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # the NUL pattern lied; treat it as binary below
    if b"\x00" in data:
        raise ParseError(_BINARY, name=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_error = error
    if _control_byte_ratio(data) > 0.02:
        raise ParseError(_BINARY, name=name)
    valid, invalid = _utf8_bytes(data)
    damaged = f"damaged UTF-8: {_where(data, first_error)}" + (
        f"; {invalid} invalid bytes in all" if invalid > 1 else ""
    )
    if invalid * 100 <= len(data) or (valid >= 8 and valid >= 4 * invalid):
        raise ParseError(damaged, name=name)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is None or not _plausible_chinese(text):
        # Latin-1 and cp1252 bytes often decode as GB18030 too, into nonsense characters.
        # Say where UTF-8 broke if UTF-8 explains at least half of the high bytes.
        raise ParseError(damaged if valid and valid >= invalid else _UNDECODABLE, name=name)
    return text


def _utf8_bytes(data: bytes) -> tuple[int, int]:
    """(bytes in valid UTF-8 multibyte sequences, bytes that are not valid UTF-8)."""
    high = len(data.translate(None, _ASCII_BYTES))
    # UTF-8 has one encoding per character, so what survives a lenient decode re-encodes to
    # exactly the valid bytes.
    invalid = len(data) - len(data.decode("utf-8", "ignore").encode("utf-8"))
    return high - invalid, invalid


def _where(data: bytes, error: UnicodeDecodeError, skipped: int = 0) -> str:
    """Where strict UTF-8 first broke, for a person to find it: offset, line and byte.
    ``skipped`` bytes (a BOM) came before what was decoded."""
    offset = error.start + skipped
    line = data.count(b"\n", 0, offset) + 1
    byte = data[offset]
    return f"byte offset {offset} (line {line}) holds 0x{byte:02X}, which is not valid UTF-8"


def _strict(data: bytes, encoding: str, message: str, name: str) -> str:
    """Decode with ``encoding`` or raise ParseError with ``message``."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ParseError(message, name=name) from None


def _utf16_without_bom(data: bytes) -> str:
    """ "utf-16-le"/"utf-16-be" if the NUL bytes clearly sit in one half of each pair, else ""."""
    if len(data) < 4 or len(data) % 2:
        return ""
    pairs = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    # Mostly-Latin UTF-16 has a NUL high byte in most pairs and almost never a NUL low byte.
    if odd_nuls >= 0.3 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.3 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return ""


def _control_byte_ratio(data: bytes) -> float:
    """Share of bytes that are ASCII control codes text never contains."""
    controls = sum(data.count(byte) for byte in range(32) if chr(byte) not in _ALLOWED_CONTROLS)
    return (controls + data.count(0x7F)) / len(data)


def _has_control_chars(text: str) -> bool:
    """True if ``text`` holds a control character other than tab, newlines and form feeds."""
    return _CONTROL_CHAR.search(text) is not None


def _plausible_chinese(text: str) -> bool:
    """True if GB18030-decoded text looks like Chinese rather than misread Latin bytes."""
    non_ascii = cjk = common = ideographs = 0
    # Counting distinct characters first keeps a 2 MB file fast: prose reuses few thousand.
    for ch, count in Counter(text).items():
        if ch < "\x80":
            if (ch < " " and ch not in "\t\n\r") or ch == "\x7f":
                return False
            continue
        if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
            return False
        non_ascii += count
        cjk += count * _is_cjk(ch)
        common += count * _in_gb2312(ch)
        ideographs += count * _is_ideograph(ch)
    # Misread Latin bytes land on rare GBK characters (a high byte then an ASCII trail byte);
    # real Chinese prose is almost entirely in the common GB2312 set.
    if not (non_ascii > 0 and cjk >= 0.8 * non_ascii and common >= 0.9 * non_ascii):
        return False
    # Two accented Latin letters in a row ("créée" in Latin-1) read as one common ideograph:
    # Chinese prose has more ideographs than English words, such a misreading never has.
    return ideographs > sum(1 for _ in _ASCII_WORD.finditer(text))


_CJK_RANGES = (
    (0x00B7, 0x00B7),  # middle dot, used in Chinese names
    (0x2010, 0x2027),  # dashes, curly quotes, ellipsis as used in Chinese prose
    (0x2E80, 0x2FDF),
    (0x3000, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


_IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _is_ideograph(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _IDEOGRAPH_RANGES)


def _is_cjk(ch: str) -> bool:
    """True for CJK ideographs, CJK and fullwidth punctuation and their usual companions."""
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _in_gb2312(ch: str) -> bool:
    """True if ``ch`` is in the common GB2312 set (both GB18030 bytes at or above 0xA1)."""
    try:
        encoded = ch.encode("gb18030")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1


# --------------------------------------------------------------------------- normalising

_LINE_BREAKS = {ord(ch): "\n" for ch in "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
_SPACES = {
    ord(ch): " "
    for ch in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u202f\u205f\u3000"
}
# Invisible characters scrapers carry over from HTML; the soft hyphen is &shy;.
_INVISIBLE = {ord(ch): None for ch in "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"}
_TRANSLATION = {**_LINE_BREAKS, **_SPACES, **_INVISIBLE}
_SPACE_RUN = re.compile(" {2,}")


def normalise_text(text: str) -> str:
    """NFC, CRLF/CR to LF, Unicode spaces to plain spaces, invisible characters removed, space
    runs collapsed, lines stripped, surrounding blank lines removed. Curly quotes are kept."""
    text = text.replace("\r\n", "\n").translate(_TRANSLATION)
    text = unicodedata.normalize("NFC", text)
    lines = (_SPACE_RUN.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


def _check_characters(text: str) -> None:
    """Refuse strings no file could have produced: lone surrogates or binary control codes."""
    if not isinstance(text, str):
        raise ParseError("input is not text")
    if _SURROGATE.search(text):
        raise ParseError("text contains invalid Unicode (unpaired surrogates)")
    if _has_control_chars(text):
        raise ParseError("text contains control characters, so it looks like binary data")
