"""Small WebP thumbnails of preview images, made with Pillow.

Previews come from untrusted folders and downloads, so decoding is guarded:
Pillow's decompression-bomb limit (``Image.MAX_IMAGE_PIXELS``) is enforced before
any pixel is decoded, and every decoding failure becomes a ``ThumbnailError``
with a one-line reason. Videos are recognised and skipped, never decoded.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import tempfile
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_SIZES = (256, 512)
WEBP_QUALITY = 82

VIDEO_SUFFIXES = frozenset({".mp4", ".webm", ".mov", ".m4v", ".mkv", ".avi"})
# ISO-BMFF brands that are still images; any other ``ftyp`` box is a video.
_IMAGE_BRANDS = frozenset({b"avif", b"avis", b"mif1", b"msf1", b"heic", b"heix"})
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"  # Matroska / WebM
# Raster formats previews come in. Restricting the decoders keeps Pillow from
# handing files to plugins such as EPS, which would run Ghostscript.
PREVIEW_FORMATS = (
    "PNG",
    "JPEG",
    "WEBP",
    "GIF",
    "AVIF",
    "BMP",
    "TIFF",
    "JPEG2000",
)
_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class ThumbnailError(ValueError):
    """A source is not a usable image; ``str()`` is a one-line reason."""


def _looks_like_video(head: bytes) -> bool:
    """Sniff MP4/MOV (an ``ftyp`` box with a video brand) and WebM."""
    if head.startswith(_EBML_MAGIC):
        return True
    return head[4:8] == b"ftyp" and head[8:12] not in _IMAGE_BRANDS


def _check_key(key: str) -> None:
    if not _KEY_RE.fullmatch(key):
        raise ValueError(f"thumbnail key {key!r} is not a plain file-name stem")


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Keep transparency as RGBA; everything else becomes RGB."""
    mode = "RGBA" if image.has_transparency_data else "RGB"
    return image if image.mode == mode else image.convert(mode)


def _refuse_bomb(width: int, height: int) -> None:
    """Apply Pillow's pixel limit ourselves: Pillow only warns below twice it."""
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and width * height > limit:
        raise ThumbnailError(
            f"image is too large to decode safely ({width}x{height} pixels)",
        )


def _available_formats() -> list[str]:
    """Return the preview formats this Pillow build can open (AVIF is optional)."""
    Image.init()
    return [name for name in PREVIEW_FORMATS if name in Image.OPEN]


def _decode(stream: BinaryIO, largest: int) -> Image.Image:
    """Decode the first frame, upright, refusing decompression bombs."""
    try:
        with Image.open(stream, formats=_available_formats()) as image:
            _refuse_bomb(*image.size)
            image.draft("RGB", (largest, largest))  # JPEG: decode at reduced scale
            image.seek(0)
            image.load()
            upright = ImageOps.exif_transpose(image)
            return _normalise_mode(upright)
    except ThumbnailError:
        raise
    except Image.DecompressionBombError as error:
        raise ThumbnailError(f"image is too large to decode safely ({error})") from None
    except UnidentifiedImageError:
        raise ThumbnailError("not an image Pillow can read") from None
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        IndexError,
        struct.error,
    ) as error:
        raise ThumbnailError(f"image cannot be decoded ({error})") from None


def _write_webp(image: Image.Image, target: Path) -> None:
    """Write atomically: a temp file in the same directory, then ``os.replace``."""
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.",
        suffix=".tmp",
        dir=target.parent,
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            image.save(temp, format="WEBP", quality=WEBP_QUALITY, method=4)
        # mkstemp creates 0600; thumbnails are public assets like any image.
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _load(source: Path | bytes, largest: int) -> Image.Image | None:
    """Decode a path or bytes; None for videos, which are not decoded."""
    if isinstance(source, Path):
        if source.suffix.lower() in VIDEO_SUFFIXES:
            return None
        with source.open("rb") as handle:
            if _looks_like_video(handle.read(16)):
                return None
            handle.seek(0)
            return _decode(handle, largest)
    if _looks_like_video(source[:16]):
        return None
    return _decode(io.BytesIO(source), largest)


def write_thumbnails(source: Path | bytes, dest_dir: Path, key: str) -> dict[int, Path]:
    """Write ``<dest_dir>/<key>-<size>.webp`` for each of ``THUMBNAIL_SIZES``.

    Aspect ratio is kept and images are never enlarged. Returns ``{}`` for video
    sources. Raises ``ThumbnailError`` for undecodable or oversized images and
    ``OSError`` when the source cannot be opened or the files cannot be written.
    """
    _check_key(key)
    largest = max(THUMBNAIL_SIZES)
    image = _load(source, largest)
    if image is None:
        return {}
    dest_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    scaled = image
    for size in sorted(THUMBNAIL_SIZES, reverse=True):
        scaled = scaled.copy()
        scaled.thumbnail((size, size), Image.Resampling.LANCZOS)
        target = dest_dir / f"{key}-{size}.webp"
        _write_webp(scaled, target)
        written[size] = target
    return dict(sorted(written.items()))
