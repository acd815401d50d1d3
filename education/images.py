"""Editor uploads: only real PNG, JPEG or WebP images, within size caps, re-encoded by Pillow.

Re-encoding drops metadata (EXIF, GPS, comments) and anything appended to the image data, so a
file that is also a script or an HTML page (a polyglot) is not served as uploaded. SVG is never
accepted: it can carry script.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 4000 * 4000
MAX_SIDE = 2400  # larger images are scaled down: no page shows them bigger
FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}


def _open_checked(upload) -> Image.Image:
    if upload.size > MAX_BYTES:
        raise ValidationError(f"The image is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in FORMATS:
            raise ValidationError("Upload a PNG, JPEG or WebP image. Other formats, SVG "
                                  "included, are not accepted.")  # fmt: skip
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError("The image has too many pixels (at most 4000 by 4000).")
        image.load()  # decodes every pixel: truncated or corrupt files fail here
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not a readable PNG, JPEG or WebP image.") from error
    suffix = PurePath(upload.name).suffix.lower().lstrip(".")
    if suffix not in {"png", "jpg", "jpeg", "webp"}:
        raise ValidationError("The file name must end in .png, .jpg, .jpeg or .webp.")
    if FORMATS[image.format][0] != suffix.replace("jpeg", "jpg"):
        raise ValidationError("The file's name says one image type but its content is another.")
    return image


def validate_image_upload(upload) -> None:
    """Field validator: refuses anything `reencode` would refuse (used before saving)."""
    if isinstance(upload, InMemoryUploadedFile) or hasattr(upload, "content_type"):
        _open_checked(upload)


def reencode(upload) -> InMemoryUploadedFile:
    """A fresh copy of the image: same format, no metadata, at most MAX_SIDE pixels a side."""
    image = _open_checked(upload)
    extension, content_type = FORMATS[image.format]
    image_format = "JPEG" if image.format == "MPO" else image.format
    image = ImageOps.exif_transpose(image)  # keep photos upright once their EXIF is gone
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if image_format != "JPEG" else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **({"quality": 88} if image_format != "PNG" else {}))
    name = f"{PurePath(upload.name).stem[:60] or 'image'}.{extension}"
    return InMemoryUploadedFile(
        buffer, "image", name, content_type, buffer.getbuffer().nbytes, None
    )
