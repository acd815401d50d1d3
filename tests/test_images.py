"""Editor uploads: only real PNG, JPEG or WebP images get in, re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from education.images import MAX_SIDE, reencode


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [
        ("a.png", "PNG", "image/png"),
        ("a.jpg", "JPEG", "image/jpeg"),
        ("a.webp", "WEBP", "image/webp"),
    ],
)
def test_real_images_are_reencoded_in_their_own_format(name, fmt, content_type):
    result = reencode(upload(name, image_bytes(fmt), content_type))
    assert Image.open(result).format == fmt
    assert result.content_type == content_type


def test_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert b"secret description" in original
    cleaned = reencode(upload("photo.jpg", original, "image/jpeg")).read()
    assert b"secret description" not in cleaned


def test_photos_stay_upright_when_their_orientation_tag_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    original = image_bytes("JPEG", size=(20, 10), exif=exif.tobytes())
    result = Image.open(reencode(upload("phone.jpg", original, "image/jpeg")))
    assert result.size == (10, 20)


def test_large_images_are_scaled_down():
    result = Image.open(reencode(upload("big.png", image_bytes(size=(3000, 1000)))))
    assert max(result.size) == MAX_SIDE


BAD_FILES = {
    "svg": ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "html named png": ("x.png", b"<html><script>alert(1)</script></html>"),
    "empty": ("x.png", b""),
    "truncated png": ("x.png", image_bytes()[:60]),
    "gif": ("x.gif", image_bytes("GIF")),
    "bmp": ("x.png", image_bytes("BMP")),
    "jpeg named png": ("x.png", image_bytes("JPEG")),
    "png named html": ("x.html", image_bytes()),
    "no extension": ("x", image_bytes()),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_message(case):
    name, content = BAD_FILES[case]
    with pytest.raises(ValidationError) as error:
        reencode(upload(name, content))
    assert error.value.messages[0].endswith(".")


def test_a_polyglot_loses_its_payload():
    payload = b"<script>alert(1)</script>"
    result = reencode(upload("poly.png", image_bytes() + payload)).read()
    assert payload not in result


def test_too_many_pixels_are_refused(settings):
    # A tiny file that claims a huge canvas: refused before it is decoded.
    with pytest.raises(ValidationError, match="too many pixels"):
        reencode(upload("wide.png", image_bytes(size=(5000, 5000), mode="1")))


def test_files_over_the_size_cap_are_refused():
    big = upload("big.png", b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError, match="larger than"):
        reencode(big)
