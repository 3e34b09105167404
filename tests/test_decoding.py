"""Garbled text is never stored (issue 12, section 4): damaged UTF-8 is refused at the byte
where it breaks, and no other encoding is guessed for it; genuine GB18030 still decodes.

The rule for the class (articles/ingest/decoding.py): bytes that fail strict UTF-8 are "UTF-8
with damage" when at most one byte in a hundred is invalid, or when the valid multibyte
sequences hold at least four times as many bytes as the invalid ones (and at least eight).
GB18030 is only tried for the rest, and only accepted when the result is Chinese prose:
mostly common CJK characters, and more ideographs than ASCII words. No Django here.
"""

from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from articles.ingest.decoding import decode_bytes
from articles.ingest.parsed import ParseError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
UNDECODABLE = "not valid text in UTF-8, UTF-16 or GB18030"
# Common characters of Chinese prose, in no particular order.
HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打"
    "白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今"
)
NEVER_VALID_UTF8 = [*range(0x80, 0xC2), *range(0xF5, 0x100)]  # stray continuations, bad leads


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def damaged_message(excinfo) -> str:
    message = str(excinfo.value)
    assert message.startswith("damaged UTF-8"), message
    return message


# --- The reproduction and its neighbours ----------------------------------------------------


def test_a_seed_with_one_invalid_byte_pair_is_rejected_at_that_byte():
    """The issue's reproduction: "créée" with Latin-1 é's in a UTF-8 file became "cr殚e"."""
    seed = (SEEDS / "002_3a02282e3539df46.txt").read_bytes()
    cut = seed.index(b"\n", 200)
    data = seed[:cut] + b" It was cr\xe9\xe9e in 2023." + seed[cut:]
    offset = cut + len(b" It was cr")
    with pytest.raises(ParseError) as excinfo:
        decode_bytes(data)
    message = damaged_message(excinfo)
    line = seed[:cut].count(b"\n") + 1
    assert f"byte offset {offset} (line {line})" in message
    assert "0xE9" in message


@pytest.mark.parametrize(
    ("before", "damage", "after"),
    [
        (b"Plain English text. " * 20 + b"The lab was cr", b"\xe9\xe9", b"e last year."),
        ("“Quoted” and — dashed, ".encode() * 3 + b"cr", b"\xe9\xe9", b"e."),
        ("Café crème cr".encode(), b"\xe9\xe9", b"e"),
        ("Headline\n\nBody “text” ends mid-charact".encode(), "é".encode()[:1], b""),
        ("阿里云领投生数科技二十亿元融资。".encode(), b"\xff", "这笔投资。".encode()),
    ],
    ids=["ascii-then-pair", "punctuation-then-pair", "short-latin", "truncated", "chinese-utf8"],
)
def test_mostly_valid_utf8_is_rejected_naming_the_offset(before, damage, after):
    with pytest.raises(ParseError) as excinfo:
        decode_bytes(before + damage + after)
    assert f"byte offset {len(before)}" in damaged_message(excinfo)


def test_the_garbled_reading_is_never_returned():
    for data in (b"cr\xe9\xe9e", b"La cr\xe9\xe9e du comit\xe9\n", b"Shop cr\xe9\xe9e\n" * 3):
        with pytest.raises(ParseError):
            decode_bytes(data)


@pytest.mark.parametrize(
    "text",
    [
        "阿里云领投生数科技二十亿元融资。\n\n这笔投资显示了世界模型的重要性。\n",
        "阿里巴巴集团(Alibaba Group)周二宣布，其云计算部门推出新的AI模型Qwen。",
        "原创文章，作者：小明。如若转载，请注明出处：https://example.com/1.html",
    ],
)
def test_genuine_gb18030_still_decodes(text):
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == text


def test_mostly_english_gb18030_is_refused_rather_than_guessed():
    """A few Chinese characters in English prose are as likely Latin-1 damage as GB18030."""
    data = "Zhou Hongyi (周鸿祎) is the chairman of the security company.".encode("gb18030")
    with pytest.raises(ParseError):
        decode_bytes(data)


# --- The rule, fuzzed -----------------------------------------------------------------------

prose = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=300,
)


@st.composite
def damaged_utf8(draw):
    """UTF-8 text with a few bytes that can never be valid UTF-8 put between its characters."""
    text = draw(prose)
    junk = draw(st.lists(st.sampled_from(NEVER_VALID_UTF8), min_size=1, max_size=4))
    # Never before the first character: a file that starts with FF FE is UTF-16 by its mark.
    positions = sorted(draw(st.lists(st.integers(1, len(text)), min_size=len(junk))))
    pieces, first, at = [], None, 0
    for position, byte in zip(positions, junk, strict=False):
        pieces.append(text[at:position].encode())
        if first is None:
            first = sum(map(len, pieces))
        pieces.append(bytes([byte]))
        at = position
    pieces.append(text[at:].encode())
    return b"".join(pieces), text, len(junk), first


@settings(max_examples=300, deadline=None, derandomize=True)
@given(damaged_utf8())
@example((b"caf\xc3\xa9 \xe9", "café ", 1, 6))
def test_damaged_utf8_is_rejected_at_its_first_bad_byte(case):
    data, text, bad, first = case
    valid = sum(len(ch.encode()) for ch in text if ord(ch) > 0x7F)
    assume(bad * 100 <= len(data) or (valid >= 8 and valid >= 4 * bad))
    with pytest.raises(ParseError) as excinfo:
        decode_bytes(data)
    assert f"byte offset {first}" in damaged_message(excinfo)


@st.composite
def ascii_with_gb_pairs(draw):
    """ASCII prose with a few high-byte pairs that GB18030 would read as Chinese characters."""
    words = draw(st.lists(st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True), min_size=1))
    text = " ".join(words) + draw(st.sampled_from(["", ".", "\n", ". More text here.\n"]))
    pairs = draw(st.integers(1, len(words)))
    data = text.encode()
    for _ in range(pairs):
        at = draw(st.integers(0, len(data)))
        pair = bytes([draw(st.integers(0xB0, 0xF7)), draw(st.integers(0xA1, 0xFE))])
        data = data[:at] + pair + data[at:]
    return data


@settings(max_examples=300, deadline=None, derandomize=True)
@given(ascii_with_gb_pairs())
@example(b"cr\xe9\xe9e")
def test_ascii_with_a_few_high_byte_pairs_is_never_read_as_chinese(data):
    assume(not _is_utf8(data))  # a pair such as C2 A1 is "¡", and the file is plain UTF-8
    with pytest.raises(ParseError):
        decode_bytes(data)


@st.composite
def chinese_prose(draw):
    """Sentences of distinct common characters with Chinese punctuation and a few ASCII words:
    what a GB18030 partner file holds."""
    characters = draw(st.permutations(HANZI))[: draw(st.integers(24, 400))]
    pieces, at = [], 0
    while at < len(characters):
        size = draw(st.integers(4, 30))
        pieces.append("".join(characters[at : at + size]))
        pieces.append(draw(st.sampled_from(["，", "。", "：", "。\n", "。\n\n", "、"])))
        if draw(st.integers(0, 9)) == 0:
            pieces.append(draw(st.sampled_from(["AI", "Qwen 2.5", "5G", "https://a.cn/1"])))
        at += size
    return "".join(pieces)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(chinese_prose())
def test_chinese_prose_in_gb18030_decodes_exactly(text):
    data = text.encode("gb18030")
    assume(not _is_utf8(data))  # bytes that are valid UTF-8 as well are UTF-8
    assert decode_bytes(data) == text
