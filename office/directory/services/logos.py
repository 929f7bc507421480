"""Initiative logos: accepted by what the bytes are, not by their name, and re-encoded.

Re-encoding drops metadata (location in EXIF, comments) and anything hidden after the image
data; the stored file gets a random name so the original name never reaches the site.
"""

import io
import os
import secrets

from flask import current_app
from PIL import Image, UnidentifiedImageError

from office.directory.rules import MAX_LOGO_BYTES

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_SIDE = 600
#: refuse images that would decode to more pixels than this (decompression bombs)
MAX_PIXELS = 40_000_000


class LogoRejected(ValueError):
    """The upload is not an acceptable logo; `reason` is one of the keys below."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def reencode_logo(data: bytes) -> bytes:
    """PNG, JPEG or WebP bytes -> a WebP at most MAX_SIDE pixels wide and high."""
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRejected("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise LogoRejected("format")
            if probe.width * probe.height > MAX_PIXELS:
                raise LogoRejected("dimensions")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=85)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise LogoRejected("format") from exc


def logo_folder() -> str:
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "initiatives")
    os.makedirs(folder, exist_ok=True)
    return folder


def store_logo(webp: bytes) -> str:
    """Write the re-encoded logo under a random name; return the name."""
    name = secrets.token_urlsafe(18) + ".webp"
    with open(os.path.join(logo_folder(), name), "wb") as f:
        f.write(webp)
    return name


def delete_logo(name: str | None) -> None:
    if name:
        try:
            os.remove(os.path.join(logo_folder(), os.path.basename(name)))
        except FileNotFoundError:
            pass
