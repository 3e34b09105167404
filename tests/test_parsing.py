"""Tests for articles.ingest.parsing: the partner seed files and crafted inputs. No Django."""

import contextlib
import hashlib
import random
from pathlib import Path

import pytest

from articles.ingest.decoding import decode_bytes, normalise_text
from articles.ingest.parsed import (
    HEADLINE_MAX_CHARS,
    MAX_FILE_BYTES,
    Block,
    ImageCredit,
    ParseError,
)
from articles.ingest.parsing import parse_bytes, parse_text, split_tags

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ALIBABA = SEEDS / "000_f1f2fb6c6bd8ce2f.txt"  # single newlines, reprint notice last
AISPHERE = SEEDS / "002_3a02282e3539df46.txt"  # blank lines, NBSP, photo, boilerplate, tags

UNDECODABLE = "not valid text in UTF-8, UTF-16 or GB18030"
BINARY = "binary file, not text"

CHINESE = (
    "阿里巴巴投资世界模型\n"
    "阿里云领投生数科技二十亿元融资。该公司开发视频生成工具Vidu。\n"
    "业内人士认为，世界模型是人工智能的下一个前沿。\n"
    "原创文章，作者：小明。如若转载，请注明出处：https://example.com/1.html"
)


def seed_bytes(path: Path) -> bytes:
    return path.read_bytes()


def seed_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def message(excinfo: pytest.ExceptionInfo) -> str:
    return str(excinfo.value)


# --------------------------------------------------------------------------- seed 000


def test_alibaba_seed_is_paragraphs_with_notice_removed():
    article = parse_bytes(seed_bytes(ALIBABA))
    assert len(article.blocks) == 8
    assert all(block.kind == "p" for block in article.blocks)
    assert article.blocks[0].text.startswith("Alibaba Cloud is strategically investing")
    assert article.blocks[-1].text.endswith("breakthrough innovation.")
    assert article.notice == (
        "Original article, Author: Tobias. If you wish to reprint this article, please "
        "indicate the source:https://aicnbc.com/20540.html"
    )
    assert "reprint" not in article.body_text
    assert article.tags == []
    assert article.image_credits == []
    assert article.upstream_credits == []
    assert article.writer == ""
    assert article.boilerplate == []


def test_alibaba_seed_provisional_headline_and_dek():
    article = parse_bytes(seed_bytes(ALIBABA))
    assert article.headline_is_provisional
    assert article.headline == (
        "Alibaba Cloud is strategically investing in a new frontier of artificial intelligence"
    )
    assert article.dek == (
        "Alibaba Cloud is strategically investing in a new frontier of artificial intelligence, "
        "moving beyond the text-centric capabilities of large language models (LLMs) like "
        "OpenAI’s ChatGPT."
    )


def test_alibaba_seed_keeps_raw_text_and_curly_quotes():
    raw = seed_text(ALIBABA)
    article = parse_text(raw)
    assert article.raw_text == raw
    assert "“world models”" in article.body_text
    assert "OpenAI’s" in article.body_text
    expected = hashlib.sha256(normalise_text(raw).encode("utf-8")).hexdigest()
    assert article.content_hash == expected


# --------------------------------------------------------------------------- seed 002


def test_aisphere_seed_blocks_and_headings():
    article = parse_bytes(seed_bytes(AISPHERE))
    kinds = [block.kind for block in article.blocks]
    assert len(article.blocks) == 13
    assert [block.text for block in article.blocks if block.kind == "h2"] == [
        "China's AIsphere to Rival OpenAI's Sora",
        "AIsphere's Ambitious Targets",
    ]
    assert kinds[2] == "h2"
    assert kinds[6] == "h2"
    assert article.blocks[-1].text == (
        "Furthermore, analysts predict delayed AI development in China as a result of "
        "worsening US tech trade sanctions."
    )


def test_aisphere_seed_boilerplate_tags_writer_notice():
    article = parse_bytes(seed_bytes(AISPHERE))
    assert article.tags == ["China", "AI"]
    assert article.writer == "John Lopez"
    assert article.notice == (
        "ⓒ 2024 TECHTIMES.com All rights reserved. Do not reproduce without permission."
    )
    assert article.boilerplate == [
        "Read Also: Apple's AI-Powered Ads Now Testing on App Store with New Partners",
        "Stay posted here at Tech Times.",
        "Related Article: Chinese Researchers on the Brink of Developing 'Real AI Scientists' "
        "Capable of Conducting Experiments, Solving Scientific Problems",
        "(Photo : Tech Times Writer John Lopez)",
        "Tags: China AI",
        "Join the Discussion",
    ]
    body = article.body_text
    for gone in ("Read Also", "Stay posted", "Related Article", "Tags:", "Join the", "(Photo"):
        assert gone not in body
    assert "TECHTIMES" not in body


def test_aisphere_seed_image_credit_with_caption():
    article = parse_bytes(seed_bytes(AISPHERE))
    assert article.image_credits == [
        ImageCredit(
            caption=(
                "SHANGHAI, CHINA - JUNE 18: Cutting edge applications of Artificial Intelligence "
                "are seen on display at the Artificial Intelligence Pavilion of Zhangjiang Future "
                "Park during a state organized media tour on June 18, 2021 in Shanghai, China."
            ),
            credit="Photo by Andrea Verdelli/Getty Images",
        )
    ]
    assert "SHANGHAI" not in article.body_text
    assert "Getty" not in article.body_text


def test_aisphere_seed_upstream_credit_stays_in_sentence():
    article = parse_bytes(seed_bytes(AISPHERE))
    assert article.upstream_credits == ["South China Morning Post"]
    assert article.blocks[0].text.endswith("tool Sora (via South China Morning Post).")
    assert "\u00a0" not in article.body_text
    assert "\u00a0" in article.raw_text  # raw text is verbatim


def test_aisphere_seed_headline_is_provisional_and_short():
    article = parse_bytes(seed_bytes(AISPHERE))
    assert article.headline_is_provisional
    # A whole clause, under the public pages' limit: not cut inside "$14 million in funding".
    assert article.headline == (
        "A Beijing-based generative AI startup, AIsphere, has recently secured a substantial "
        "$14 million in funding"
    )
    assert len(article.headline) <= HEADLINE_MAX_CHARS
    assert not article.headline.endswith((" in", ",", ".", "…"))
    assert "via" not in article.headline
    assert article.dek.endswith("(via South China Morning Post).")


def test_body_text_joins_blocks_with_blank_lines():
    article = parse_bytes(seed_bytes(AISPHERE))
    assert article.body_text == "\n\n".join(block.text for block in article.blocks)
    assert article.body_text.count("\n\n") == len(article.blocks) - 1


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("path", [ALIBABA, AISPHERE], ids=["000", "002"])
def test_crlf_bom_and_utf16_parse_the_same_and_hash_the_same(path):
    text = seed_text(path)
    reference = parse_text(text)
    variants = {
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "cr": text.replace("\n", "\r").encode("utf-8"),
        "utf-8 bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16 le bom": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16 be bom": b"\xfe\xff" + text.encode("utf-16-be"),
        "utf-16 le no bom": text.encode("utf-16-le"),
        "nbsp for spaces": text.replace("in ", "in\u00a0").encode("utf-8"),
    }
    for label, data in variants.items():
        article = parse_bytes(data)
        assert article.blocks == reference.blocks, label
        assert article.content_hash == reference.content_hash, label
        assert article.notice == reference.notice, label


def test_bom_is_not_part_of_raw_text():
    assert decode_bytes(b"\xef\xbb\xbfHello") == "Hello"
    assert decode_bytes("\ufeffHello".encode("utf-16-le")) == "Hello"
    assert decode_bytes("Hello".encode("utf-16")) == "Hello"
    assert decode_bytes(b"\xfe\xff" + "Hello".encode("utf-16-be")) == "Hello"


def test_crlf_raw_text_is_verbatim():
    data = b"First paragraph here.\r\nSecond paragraph here.\r\n"
    article = parse_bytes(data)
    assert article.raw_text == "First paragraph here.\r\nSecond paragraph here.\r\n"
    assert [block.text for block in article.blocks] == [
        "First paragraph here.",
        "Second paragraph here.",
    ]


def test_gb18030_chinese_is_decoded_and_parsed():
    data = CHINESE.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == CHINESE
    article = parse_bytes(data)
    assert article.headline == "阿里巴巴投资世界模型"
    assert not article.headline_is_provisional
    assert len(article.blocks) == 2
    assert article.dek == "阿里云领投生数科技二十亿元融资。"
    assert article.notice.startswith("原创文章，作者：小明。如若转载")
    assert "转载" not in article.body_text


def test_utf16_chinese_with_bom():
    assert decode_bytes(CHINESE.encode("utf-16")) == CHINESE


@pytest.mark.parametrize(
    "data",
    [
        "Café crème brûlée".encode("latin-1"),
        "naïve résumé".encode("latin-1"),
        "¿Qué pasa? Straße".encode("latin-1"),
        # These are valid GB18030 byte sequences, but decode into nonsense characters.
        "Straße".encode("latin-1"),
        "Cafés naïve".encode("latin-1"),
        "it’s fine".encode("cp1252"),
    ],
)
def test_latin1_is_rejected_never_garbled(data):
    with pytest.raises(ParseError) as excinfo:
        decode_bytes(data)
    assert message(excinfo) == UNDECODABLE
    with pytest.raises(ParseError):
        parse_bytes(data)


def test_latin1_that_gb18030_accepts_is_still_rejected():
    data = "Cafés naïve".encode("latin-1")
    assert data.decode("gb18030")  # GB18030 alone would return garbage here
    with pytest.raises(ParseError, match=UNDECODABLE):
        decode_bytes(data)


def test_invalid_bytes_after_a_bom_are_rejected():
    with pytest.raises(ParseError, match="UTF-8"):
        decode_bytes(b"\xef\xbb\xbfok \xff")
    with pytest.raises(ParseError, match="UTF-16"):
        decode_bytes(b"\xff\xfeA\x00B")  # odd length: truncated UTF-16


# --------------------------------------------------------------------------- bad files


def test_empty_file():
    with pytest.raises(ParseError) as excinfo:
        parse_bytes(b"", name="story.txt")
    assert message(excinfo) == "file is empty"
    assert excinfo.value.name == "story.txt"


@pytest.mark.parametrize("data", [b" ", b"\n\n\r\n", b" \t\n\xc2\xa0\n", b"\xe2\x80\x8b\n"])
def test_whitespace_only_file(data):
    with pytest.raises(ParseError, match="only whitespace"):
        parse_bytes(data)


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t", "\u00a0\u3000\u200b"])
def test_whitespace_only_text(text):
    with pytest.raises(ParseError, match="empty or contains only whitespace"):
        parse_text(text)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06",
        b"Hello\x00world, this is text with a NUL byte.",
        b"\x00" * 64,
        bytes(range(256)),
        b"hello\x1bworld",
        "Looks fine\x07 but rings a bell.".encode("utf-16"),
    ],
    ids=["png", "nul", "zeros", "all-bytes", "escape", "utf16-bell"],
)
def test_binary_is_rejected(data):
    with pytest.raises(ParseError) as excinfo:
        parse_bytes(data)
    assert message(excinfo) == BINARY


def test_oversized_file():
    data = b"a" * (MAX_FILE_BYTES + 1)
    with pytest.raises(ParseError) as excinfo:
        decode_bytes(data)
    assert message(excinfo) == (
        f"file is {MAX_FILE_BYTES + 1} bytes, over the limit of {MAX_FILE_BYTES} bytes"
    )
    with pytest.raises(ParseError, match="file is 11 bytes, over the limit of 10 bytes"):
        parse_bytes(b"Hello world", max_bytes=10)
    assert MAX_FILE_BYTES == 2 * 1024 * 1024


def test_file_at_the_limit_is_accepted():
    data = b"Some words here." * 16
    assert parse_bytes(data, max_bytes=len(data)).blocks


def test_error_messages_do_not_name_the_file():
    for data in (b"", b"\x00\x01\x02", "Café s".encode("latin-1"), b"  "):
        with pytest.raises(ParseError) as excinfo:
            parse_bytes(data, name="partner-feed-42.txt")
        assert "partner-feed-42" not in message(excinfo)
        assert "\n" not in message(excinfo)
        assert excinfo.value.name == "partner-feed-42.txt"


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)
    assert str(ParseError("file is empty")) == "file is empty"


@pytest.mark.parametrize(
    "text",
    ["Hello \ud800 world.", "Binary\x00data here.", "Escape \x1b[31m red."],
    ids=["surrogate", "nul", "escape"],
)
def test_text_no_file_could_produce_is_rejected(text):
    with pytest.raises(ParseError):
        parse_text(text)


def test_only_boilerplate_is_rejected():
    text = "Read Also: Something\n\nTags: China AI\n(Photo : Photo by X/Getty Images))\n"
    with pytest.raises(ParseError, match="no article text"):
        parse_text(text)


# --------------------------------------------------------------------------- normalising


def test_normalise_text():
    raw = "\ufeff  Caf\u0065\u0301\u00a0au  lait\u200b \r\nsecond\u2003line \r\r “quoted” \n\n"
    assert normalise_text(raw) == "Café au lait\nsecond line\n\n“quoted”"


def test_normalise_text_hash_ignores_line_endings_and_spaces():
    a = parse_text("One paragraph here.\nTwo paragraph here.")
    b = parse_text("\ufeffOne paragraph\u00a0here. \r\n\r\nTwo paragraph here.\r\n")
    assert a.content_hash != b.content_hash  # the blank line is a real difference
    c = parse_text("\ufeffOne paragraph\u00a0here. \r\nTwo  paragraph here.\r\n")
    assert a.content_hash == c.content_hash


def test_scraper_debris_is_cleaned():
    text = (
        "Body text (see note)) here.\n"
        "Stray ( ) bracket and a space , before a comma .\n"
        ")Leading closer and trailing opener are gone (\n"
        "A list: 1) first item, 2) second item, the .NET runtime.\n"
    )
    blocks = [block.text for block in parse_text(text).blocks]
    assert blocks == [
        "Body text (see note) here.",
        "Stray bracket and a space, before a comma.",
        "Leading closer and trailing opener are gone",
        "A list: 1) first item, 2) second item, the .NET runtime.",
    ]


def test_nbsp_tolerant_boilerplate_and_via():
    text = (
        "Shares rose sharply on Monday (via\u00a0Reuters).\n"
        "READ\u00a0MORE:\u00a0Other story\n"
        "More detail follows here.\n"
    )
    article = parse_text(text)
    assert article.upstream_credits == ["Reuters"]
    assert article.boilerplate == ["READ MORE: Other story"]
    assert article.blocks[0].text == "Shares rose sharply on Monday (via Reuters)."


# --------------------------------------------------------------------------- structure


def test_headings_only_between_paragraphs():
    text = (
        "First paragraph is here.\n"
        "A Heading Here\n"
        "Second paragraph.\n"
        "lowercase line without stop\n"
        "Third paragraph.\n"
        "Ends with a colon:\n"
        "Fourth paragraph.\n"
        "2024 In Numbers\n"
        "Fifth paragraph.\n"
        "This line is a short one but it has far too many words to be a heading\n"
        "Sixth paragraph.\n"
        "Trailing Short Line"
    )
    blocks = parse_text(text).blocks
    assert [block.text for block in blocks if block.kind == "h2"] == [
        "A Heading Here",
        "2024 In Numbers",
    ]
    assert blocks[-1] == Block("p", "Trailing Short Line")


def test_runs_of_short_lines_stay_paragraphs():
    blocks = parse_text("Para one here.\nApples\nPears\nPlums\nPara two here.").blocks
    assert [block.kind for block in blocks] == ["p"] * 5


def test_blank_lines_and_single_newlines_split_alike():
    one = parse_text("First line here.\nSecond line here.")
    two = parse_text("First line here.\n\n\nSecond line here.")
    assert one.blocks == two.blocks


def test_boilerplate_is_removed_case_insensitively():
    text = (
        "Opening paragraph of the story.\n"
        "READ MORE: Another story\n"
        "related articles : A list\n"
        "Also Read: Something else\n"
        "Related Article: One more\n"
        "Closing paragraph of the story.\n"
        "stay posted here at Example News.\n"
        "JOIN THE DISCUSSION\n"
    )
    article = parse_text(text)
    assert [block.text for block in article.blocks] == [
        "Opening paragraph of the story.",
        "Closing paragraph of the story.",
    ]
    assert len(article.boilerplate) == 6
    assert article.boilerplate[0] == "READ MORE: Another story"


def test_photo_credit_without_caption_and_caption_without_credit_line():
    text = (
        "Opening paragraph of the story.\n"
        "(Photo : Reuters)\n"
        "Middle paragraph of the story.\n"
        "The chief executive at a launch in Beijing. (Photo by Jane Doe/Reuters)\n"
        "Closing paragraph of the story.\n"
    )
    article = parse_text(text)
    assert article.image_credits == [
        ImageCredit(caption="", credit="Reuters"),
        ImageCredit(
            caption="The chief executive at a launch in Beijing.",
            credit="Photo by Jane Doe/Reuters",
        ),
    ]
    assert len(article.blocks) == 3
    assert article.writer == ""


def test_caption_above_doubled_bracket_credit():
    text = (
        "Opening paragraph of the story.\n"
        "BEIJING, CHINA - MAY 2: A robot on display. (Photo by Li Wei/Getty Images)\n"
        "(Photo : Photo by Li Wei/Getty Images))\n"
        "Closing paragraph of the story.\n"
    )
    article = parse_text(text)
    assert article.image_credits == [
        ImageCredit("BEIJING, CHINA - MAY 2: A robot on display.", "Photo by Li Wei/Getty Images")
    ]
    assert len(article.blocks) == 2


def test_writer_line_is_not_an_image_credit():
    article = parse_text("Body text of the story.\n(Photo : Tech Times Writer Jane Roe))")
    assert article.writer == "Jane Roe"
    assert article.image_credits == []
    assert article.boilerplate == ["(Photo : Tech Times Writer Jane Roe))"]


def test_notice_only_at_the_end():
    text = (
        "The firm said copyright law is complex. All rights reserved, it added, is a phrase.\n"
        "Second paragraph of the article.\n"
        "Third paragraph of the article.\n"
        "Fourth paragraph of the article.\n"
        "© 2024 Example Corp\n"
        "Markets reopen on Monday\n"
    )
    article = parse_text(text)
    assert article.notice == "© 2024 Example Corp"
    assert article.blocks[0].text.startswith("The firm said copyright law")
    assert article.blocks[-1].text == "Markets reopen on Monday"


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2024 Example Media. All rights reserved.",
        "(c) 2024 Example Media",
        "This article is republished from The Conversation under a Creative Commons license.",
        "未经授权禁止转载",
        "版权所有 © 新华网",
    ],
)
def test_notice_variants(line):
    article = parse_text(f"Opening paragraph of the story.\nClosing paragraph.\n{line}")
    assert article.notice == line
    assert len(article.blocks) == 2


# --------------------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("China AI", ["China", "AI"]),
        ("China, Artificial Intelligence", ["China", "Artificial Intelligence"]),
        ("China; AI; Robots", ["China", "AI", "Robots"]),
        ("中国，人工智能、机器人", ["中国", "人工智能", "机器人"]),
        ("China,\u00a0AI,  , ai, #Robots.", ["China", "AI", "Robots"]),
        ("", []),
    ],
)
def test_split_tags(value, expected):
    assert split_tags(value) == expected


def test_tags_from_several_lines_are_deduplicated_in_order():
    text = "Body of the story.\nTags : China, Artificial Intelligence; AI\nTAGS: ai, Robots"
    article = parse_text(text)
    assert article.tags == ["China", "Artificial Intelligence", "AI", "Robots"]
    assert article.body_text == "Body of the story."


# --------------------------------------------------------------------------- headline and dek


def test_real_headline_is_taken_from_the_first_line():
    article = parse_text("Alibaba Bets on World Models\n\nAlibaba Cloud led a round. It is big.")
    assert article.headline == "Alibaba Bets on World Models"
    assert not article.headline_is_provisional
    assert article.blocks == [Block("p", "Alibaba Cloud led a round. It is big.")]
    assert article.dek == "Alibaba Cloud led a round."


def test_single_short_line_is_body_not_headline():
    article = parse_text("Breaking news")
    assert article.blocks == [Block("p", "Breaking news")]
    assert article.headline == "Breaking news"
    assert article.headline_is_provisional


def test_provisional_headline_cuts_at_word_boundary():
    lede = (
        "The chief executive of the company that makes the widely used product announced on "
        "Tuesday in a statement issued late at night that sales were up. More follows."
    )
    article = parse_text(lede)
    assert article.headline_is_provisional
    assert len(article.headline) <= HEADLINE_MAX_CHARS
    assert lede.startswith(article.headline)
    assert article.headline.split()[-1] not in {"in", "a", "the", "of", "on"}
    assert article.dek.endswith("sales were up.")


def test_provisional_headline_skips_abbreviations_and_strips_end_punctuation():
    article = parse_text("Dr. Smith said the U.S. economy grew... Then more happened.")
    assert article.headline == "Dr. Smith said the U.S. economy grew"
    article = parse_text('He said "we will win." Then he left.')
    assert article.headline == 'He said "we will win"'


def test_provisional_headline_for_unbroken_text_is_cut():
    article = parse_text("x" * 500)
    assert article.headline == "x" * HEADLINE_MAX_CHARS
    assert len(article.dek) <= 300


def test_dek_is_capped():
    lede = " ".join(["word"] * 200) + "."
    article = parse_text(lede)
    assert len(article.dek) <= 300
    assert article.dek.endswith("…")


# --------------------------------------------------------------------------- robustness


def test_random_input_only_ever_raises_parse_error():
    rng = random.Random(20240618)
    pieces = ["(via ", "(Photo : ", "))", "Tags:", "\n", "\r\n", "\u00a0", "©", "中文。", "Ab. "]
    seeds = [seed_bytes(ALIBABA), seed_bytes(AISPHERE)]
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 120)))
        mutated = bytearray(rng.choice(seeds))
        at = rng.randrange(len(mutated))
        mutated[at : at + rng.randrange(1, 40)] = data[:4]
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        for call, value in ((parse_bytes, data), (parse_bytes, bytes(mutated)), (parse_text, text)):
            try:
                article, message = call(value), None
            except ParseError as error:
                article, message = None, str(error)
            if article is None:
                assert message
            else:
                assert article.blocks
                assert article.headline


def test_pathological_input_stays_fast():
    # Quadratic code would take minutes on these; linear code takes well under a second.
    for text in ("(" * 200_000, "x" + ")" * 200_000, "(via " * 40_000, "A. " * 60_000):
        with contextlib.suppress(ParseError):
            parse_text(text)
