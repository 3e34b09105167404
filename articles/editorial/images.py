"""Image renditions, made once and cached.

Readers only ever get renditions: resized copies in WebP and in the original's format, with
no EXIF (so no camera location). The uploaded original stays private in ``images/originals``."""

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from articles.models.image_files import FORMATS

WEBP = ("webp", "webp", {"quality": 80, "method": 4})
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)


@dataclass(frozen=True)
class Sources:
    """What a <picture> needs: WebP and fallback srcsets, the default src and its size."""

    webp_srcset: str
    srcset: str
    src: str
    width: int
    height: int
    fallback_type: str


def image_renditions(image):
    """The image's renditions, making them the first time they are asked for."""
    from articles.models import Image

    renditions = list(image.renditions.all())
    if renditions:
        return renditions
    with transaction.atomic():
        # Lock the image row so two first requests don't both make the files.
        Image.objects.select_for_update().get(pk=image.pk)
        renditions = list(image.renditions.all())
        if not renditions:
            renditions = _make_renditions(image)
    return renditions


def image_renditions_forget(image) -> None:
    """Drop ``image``'s renditions before its picture is replaced; their files go once the
    change commits, so the old picture stops being served."""
    renditions = list(image.renditions.all())
    names = [r.file.name for r in renditions if r.file]
    image.renditions.all().delete()
    if names:
        storage = renditions[0].file.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _make_renditions(image):
    from articles.models import Rendition

    with image.file.open("rb") as handle, PILImage.open(handle) as original:
        original_format = original.format
        # Apply the camera's rotation, then forget the EXIF block (location included).
        upright = ImageOps.exif_transpose(original)
        upright.load()
    formats = [WEBP, FORMATS[original_format]]
    widths = [w for w in RENDITION_WIDTHS if w < upright.width] + [
        min(upright.width, RENDITION_WIDTHS[-1])
    ]
    stem = PurePosixPath(image.file.name).stem[:60]
    made = []
    for width in sorted(set(widths)):
        height = max(1, round(upright.height * width / upright.width))
        resized = upright.resize((width, height), PILImage.Resampling.LANCZOS)
        for fmt, ext, options in formats:
            frame = _for_format(resized, fmt)
            buffer = io.BytesIO()
            frame.save(buffer, format=fmt.upper(), **options)
            rendition = Rendition(image=image, width=width, height=height, format=fmt)
            rendition.file.save(
                f"{image.pk}/{stem}-{width}.{ext}", ContentFile(buffer.getvalue()), save=False
            )
            rendition.save()
            made.append(rendition)
    return made


def _for_format(image: PILImage.Image, fmt: str) -> PILImage.Image:
    if fmt == "jpeg":
        return image.convert("RGB")
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return image.convert("RGBA")
    return image


def image_sources(image, *, default_width: int = 960) -> Sources | None:
    """``srcset`` strings for ``image`` (None when there is no usable image)."""
    if image is None or not image.file:
        return None
    try:
        renditions = image_renditions(image)
    except (OSError, UnidentifiedImageError):
        return None  # the original went missing from storage; show no image, not an error
    webp = [r for r in renditions if r.format == "webp"]
    fallback = [r for r in renditions if r.format != "webp"]
    if not fallback:
        return None
    default = min(fallback, key=lambda r: (abs(r.width - default_width), -r.width))
    return Sources(
        webp_srcset=", ".join(f"{r.file.url} {r.width}w" for r in webp),
        srcset=", ".join(f"{r.file.url} {r.width}w" for r in fallback),
        src=default.file.url,
        width=default.width,
        height=default.height,
        fallback_type=default.mime_type,
    )
