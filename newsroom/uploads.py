"""Checking uploaded images before anything stores or serves them.

Use it as a model field validator (``validators=[validate_image_upload]`` on an ImageField or
FileField) or call it from a form's ``clean_<field>``. It refuses, each with one clear
sentence: files over the size limit, files that are not a JPEG, PNG, GIF or WebP image,
truncated or corrupt images, images whose dimensions would blow up memory when decoded
(decompression bombs), and polyglots — a valid image with a script, HTML page or archive
appended, which some browsers and tools would read as something else.
"""

from __future__ import annotations

import io
import re
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
# Markup that a browser or interpreter would act on, hidden in comments or metadata chunks.
_MARKUP = re.compile(rb"<\s*(?:script|html|iframe|body|object|embed|\?php)\b", re.IGNORECASE)
# Bytes allowed after the image's end marker (some encoders pad with a few zeros).
_TRAILING_SLACK = 16


def _limits() -> tuple[int, int, int]:
    # The same limits as articles.models.image_files.validate_image_file (IMAGE_MAX_UPLOAD_BYTES,
    # IMAGE_MAX_PIXELS), plus a cap on either side for absurd aspect ratios.
    return (
        getattr(settings, "IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000),
        getattr(settings, "IMAGE_MAX_SIDE", 12_000),
    )


def validate_image_upload(upload) -> None:
    """Raise ValidationError unless ``upload`` (a file object or bytes) is a safe image."""
    max_bytes, max_pixels, max_side = _limits()
    data = _read(upload, max_bytes)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that; treat any bomb as an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"{kind or 'This'} images are not accepted; upload a JPEG, PNG, GIF or "
                        "WebP image.",
                        code="image_format",
                    )
                if width > max_side or height > max_side or width * height > max_pixels:
                    raise ValidationError(
                        f"The image is {width}×{height} pixels; the limit is {max_side} pixels a "
                        f"side and {max_pixels // 1_000_000} megapixels.",
                        code="image_dimensions",
                    )
                image.verify()  # structure and checksums, without decoding
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decode fully: a truncated file fails here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "The image's dimensions are too large to be safe to open.", code="image_dimensions"
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image we can read; upload a JPEG, PNG, GIF or WebP image.",
            code="image_format",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        # Pillow reports truncated and corrupt data with these.
        raise ValidationError(
            f"The image is damaged or incomplete ({_short(exc)}); export it again and re-upload.",
            code="image_corrupt",
        ) from None
    if (
        _MARKUP.search(data)
        or len(_trailing(data, kind).strip(b"\x00")) > _TRAILING_SLACK
        # A ZIP's end record must sit in its last 64 KiB: an archive glued to the image.
        or b"PK\x05\x06" in data[-(65536 + 22) :]
    ):
        raise ValidationError(
            "The file contains more than an image (embedded markup, script or archive data), "
            "so it is refused.",
            code="image_polyglot",
        )


def _trailing(data: bytes, kind: str) -> bytes:
    """Whatever follows the image's own end: where a ZIP, PDF or script is appended."""
    if kind == "PNG":
        end = data.rfind(b"IEND")
        return data[end + 8 :] if end >= 0 else b""
    if kind == "JPEG":
        end = data.rfind(b"\xff\xd9")
        return data[end + 2 :] if end >= 0 else b""
    if kind == "WEBP" and len(data) >= 8:
        return data[int.from_bytes(data[4:8], "little") + 8 :]
    return b""  # GIF: its trailer byte is too common to find reliably; markup is still checked


def _read(upload, max_bytes: int) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > max_bytes:
            raise ValidationError(_too_big(size, max_bytes), code="image_size")
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(max_bytes + 1)
        if hasattr(upload, "seek"):
            upload.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(_too_big(len(data), max_bytes), code="image_size")
    if not data:
        raise ValidationError("The file is empty.", code="image_empty")
    return data


def _too_big(size: int, limit: int) -> str:
    return f"The file is {_human(size)}; images may be at most {_human(limit)}."


def _human(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(size // 1024, 1)} KB"


def _short(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return text[:120]
