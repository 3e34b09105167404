"""Hostile and malformed image uploads are refused with a clear reason; real images pass."""

import io
import random
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from newsroom.uploads import validate_image_upload


def image_bytes(fmt: str, size=(64, 48), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt, **save)
    return buffer.getvalue()


def refused(data, code: str) -> str:
    with pytest.raises(ValidationError) as error:
        validate_image_upload(data)
    assert error.value.code == code, error.value.messages
    return error.value.messages[0]


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims enormous dimensions: a decompression bomb's calling card."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_real_images_pass(fmt):
    validate_image_upload(image_bytes(fmt))
    validate_image_upload(SimpleUploadedFile(f"photo.{fmt.lower()}", image_bytes(fmt)))


def test_a_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(400, 300), quality=95)
    message = refused(data[: len(data) // 2], "image_corrupt")
    assert "damaged or incomplete" in message


def test_a_truncated_png_is_refused():
    data = image_bytes("PNG", size=(300, 300))
    refused(data[:-40], "image_corrupt")


def test_text_and_svg_are_not_images():
    assert "not an image" in refused(b"Hello, this is a story.\n", "image_format")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    refused(svg, "image_format")


def test_other_image_formats_are_refused():
    message = refused(image_bytes("BMP"), "image_format")
    assert "BMP images are not accepted" in message


def test_huge_dimensions_are_refused_without_decoding():
    data = png_header_only(100_000, 100_000)
    assert len(data) < 200
    refused(data, "image_dimensions")
    assert "13000×10 pixels" in refused(png_header_only(13_000, 10), "image_dimensions")


def test_a_zip_appended_to_an_image_is_refused():
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("payload.js", "alert(1)")
    for fmt in ("PNG", "JPEG", "GIF"):
        message = refused(image_bytes(fmt) + archive.getvalue(), "image_polyglot")
        assert "more than an image" in message


def test_script_in_an_image_comment_is_refused():
    jpeg = image_bytes("JPEG", comment=b"<script>alert(document.cookie)</script>")
    refused(jpeg, "image_polyglot")
    gif = image_bytes("GIF", comment=b"<?php system($_GET['c']); ?>")
    refused(gif, "image_polyglot")


def test_html_appended_after_the_end_marker_is_refused():
    refused(image_bytes("PNG") + b"\n<!-- page -->\n<p>hello world, a page</p>\n", "image_polyglot")


def test_size_limit(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 2048
    noise = Image.frombytes("RGB", (100, 100), random.Random(1).randbytes(30000))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    message = refused(SimpleUploadedFile("big.png", buffer.getvalue()), "image_size")
    assert "images may be at most 2 KB" in message
    refused(b"", "image_empty")


def assert_valid_or_clearly_refused(data: bytes) -> None:
    """The validator accepts the bytes or refuses them with a message and a code: no crash."""
    try:
        validate_image_upload(data)
    except ValidationError as error:
        refusal = error
    else:
        return
    assert refusal.messages
    assert refusal.code


@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash_the_validator(data):
    assert_valid_or_clearly_refused(data)


SMALL_PNG = image_bytes("PNG", size=(16, 16))


@given(st.lists(st.tuples(st.integers(0, len(SMALL_PNG) - 1), st.integers(0, 255)), max_size=6))
def test_corrupted_images_never_crash_the_validator(flips):
    data = bytearray(SMALL_PNG)
    for position, value in flips:
        data[position] = value
    assert_valid_or_clearly_refused(bytes(data))
