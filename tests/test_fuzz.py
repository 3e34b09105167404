"""Property-based fuzzing of the parser and the importer with hypothesis.

Whatever bytes or text arrive, the parser returns an article or raises one clear ParseError,
and the importer returns a result (created, updated, unchanged, duplicate or rejected with a
reason) — never a traceback.

The default profile keeps CI quick; ``HYPOTHESIS_PROFILE=fuzz-long`` digs much deeper.
"""

import os
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from articles.ingest.importing import article_import
from articles.ingest.parsed import ParsedArticle, ParseError
from articles.ingest.parsing import parse_bytes, parse_text
from articles.ingest.report import STATUSES

settings.register_profile("fuzz", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("fuzz-long", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))

MAX_BYTES = 64 * 1024
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# --- Strategies -----------------------------------------------------------------------------

# Lines that look like the partner copy the parser is built for, so fuzzing reaches past the
# decoder into classification: notices, tags, photo lines, boilerplate, headings, "(via X)".
word = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12
)
sentence = st.lists(word, min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")
special_line = st.sampled_from(
    [
        "Tags: AI, OpenAI, Alibaba Cloud",
        "Tags:",
        "Read Also: Something else entirely",
        "Related Article: Another story",
        "Join the Discussion",
        "Stay posted here at Tech Times.",
        "(Photo : Tech Times Writer John Lopez)",
        "(Photo by Andrea Verdelli/Getty Images)",
        "SHANGHAI, CHINA - JUNE 18: A caption. (Photo by Someone/Getty Images)",
        "© 2024 TECHTIMES.com All rights reserved. Do not reproduce without permission.",
        "This article was originally published on aicnbc.com by Jane Doe (https://aicnbc.com/x).",
        "Licensed under CC BY 4.0.",
        "(via South China Morning Post)",
        "[[Photo]]",
        "Why it matters",
        "\u00a0\u00a0",
        "\ufeff",
        "“Quoted”",
    ]
)
line = st.one_of(sentence, special_line, st.text(max_size=80))
article_like = st.lists(line, min_size=0, max_size=30).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]).map(
        lambda sep: sep.join(lines)
    )
)
any_text = st.one_of(st.text(max_size=2000), article_like)
encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])


def encoded(text: str, codec: str) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


any_bytes = st.one_of(
    st.binary(max_size=4096),
    st.builds(encoded, any_text, encoding),
    # A valid file with a few bytes flipped or cut short: truncated and corrupted uploads.
    st.builds(
        lambda text, cut, junk: text.encode("utf-8")[:cut] + junk,
        article_like,
        st.integers(min_value=0, max_value=4000),
        st.binary(max_size=8),
    ),
)


def assert_well_formed(parsed: ParsedArticle) -> None:
    assert parsed.blocks, "an article always has a body"
    assert all(block.kind in {"p", "h2"} and block.text.strip() for block in parsed.blocks)
    assert parsed.headline.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", parsed.content_hash)
    for text in (parsed.headline, parsed.dek, parsed.body_text, parsed.notice):
        assert not _CONTROL.search(text), "no control characters reach readers"
    assert isinstance(parsed.tags, list)
    assert all(tag.strip() for tag in parsed.tags)


# --- The parser -----------------------------------------------------------------------------


@given(any_bytes)
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"\x00" * 64)
@example(b"GIF89a\x01\x00\x01\x00\x00\xff\x00,")  # an image pretending to be text
@example(b"%PDF-1.7\n" + b"Hello world.\n" * 10)  # a polyglot-ish start
def test_parse_bytes_gives_an_article_or_one_clear_error(data):
    try:
        parsed = parse_bytes(data, name="fuzz.txt", max_bytes=MAX_BYTES)
    except ParseError as error:
        message = str(error)
        assert message
        assert "\n" not in message
        assert "Traceback" not in message
        return
    assert_well_formed(parsed)


@given(any_text)
def test_parse_text_gives_an_article_or_one_clear_error(text):
    try:
        parsed = parse_text(text)
    except ParseError as error:
        message = str(error)
    else:
        message = None
    if message is not None:
        assert message  # one clear sentence, never an empty error
        return
    assert_well_formed(parsed)
    assert parsed.raw_text == text  # verbatim, never normalised


@given(article_like)
def test_parse_text_is_deterministic(text):
    try:
        first = parse_text(text)
    except ParseError:
        return
    assert parse_text(text) == first


@given(article_like)
def test_bom_and_encoding_do_not_change_the_article(text):
    """The same text as UTF-8, UTF-8 with a BOM and UTF-16 is the same article."""
    assume(not text.startswith("\ufeff"))
    try:
        plain = parse_bytes(text.encode("utf-8"), max_bytes=MAX_BYTES)
    except ParseError:
        return
    for variant in (text.encode("utf-8-sig"), text.encode("utf-16")):
        other = parse_bytes(variant, max_bytes=MAX_BYTES)
        assert other.content_hash == plain.content_hash
        assert other.blocks == plain.blocks


@given(st.integers(min_value=MAX_BYTES + 1, max_value=MAX_BYTES + 4096))
def test_oversized_input_is_refused_before_parsing(size):
    with pytest.raises(ParseError, match="limit"):
        parse_bytes(b"a" * size, max_bytes=MAX_BYTES)


# --- The importer ---------------------------------------------------------------------------


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=any_bytes)
@example(data=b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
@example(data=b"Headline\n\nBody text here.\n\nTags: a, b")
def test_article_import_never_crashes(data):
    # Each example in its own savepoint, rolled back, so examples don't see each other.
    with transaction.atomic():
        result = article_import(data=data, path="fuzz/input.txt", name="input.txt")
        assert result.status in STATUSES
        if result.status == "rejected":
            assert result.error
            assert "Traceback" not in result.error
            assert result.article is None
        else:
            assert result.article["slug"]
            assert result.article["headline"]
            again = article_import(data=data, path="fuzz/input.txt", name="input.txt")
            assert again.status == "unchanged", "importing the same file twice changes nothing"
            assert again.article["slug"] == result.article["slug"]
        transaction.set_rollback(True)
