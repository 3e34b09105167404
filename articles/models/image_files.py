"""The image field's validator: size, format and pixel limits checked with Pillow before
anything is decoded. It lives beside the models because the field (and its migrations) name it."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

# Pillow format name -> (rendition format, file extension, save options).
FORMATS = {
    "JPEG": ("jpeg", "jpg", {"quality": 85, "optimize": True, "progressive": True}),
    "PNG": ("png", "png", {"optimize": True}),
    "WEBP": ("webp", "webp", {"quality": 80, "method": 4}),
    # GIF renditions are still images; PNG keeps their palette without GIF's limits.
    "GIF": ("png", "png", {"optimize": True}),
}


def validate_image_file(file) -> None:
    """Refuse files over the size limit, non-images, unsupported formats and images whose
    pixel count would exhaust memory when decoded (decompression bombs).

    A file already in storage was checked when it was uploaded; it is not read again, so
    editing only an image's alt text, caption or credit never touches the picture (whose
    handle may be closed by then, or whose original may be gone)."""
    if getattr(file, "_committed", False):
        return
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(size)}; images may be at most {filesizeformat(limit)}."
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            # open() reads only the header, so the size check below happens before decoding.
            with PILImage.open(file) as image:
                width, height = image.size
                image_format = image.format
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(_too_many_pixels(width, height))
                image.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise ValidationError(
            f"This image has too many pixels to process safely ({exc}). "
            f"The limit is {settings.IMAGE_MAX_PIXELS:,} pixels."
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."
        ) from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    if image_format not in FORMATS:
        raise ValidationError(
            f"{image_format or 'This'} images are not supported. Upload a JPEG, PNG, WebP or GIF."
        )


def _too_many_pixels(width: int, height: int) -> str:
    return (
        f"This image is {width:,} × {height:,} pixels; images may have at most "
        f"{settings.IMAGE_MAX_PIXELS:,} pixels. Resize it before uploading."
    )
