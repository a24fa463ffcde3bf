"""Preview downloads: the first example image within the allowed rating.

Files land in ``DATA_DIR/previews/civitai/<version id>.<ext>``, written atomically.
Downloads are untrusted: the size is capped, images must open with Pillow in a
common raster format within its decompression-bomb limit, and videos are kept only
as MP4. Thumbnails are made later, on demand, by the preview endpoint.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from lora_manager.civitai.client import CivitaiClient, NotFound
from lora_manager.civitai.mapping import json_int, preview_image

_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif"}
_IMAGE_BRANDS = frozenset({b"avif", b"avis", b"mif1", b"msf1", b"heic", b"heix"})


class PreviewRefusedError(Exception):
    """A download is not a usable preview; ``str()`` is a one-line reason."""


@dataclass(frozen=True, slots=True)
class StoredPreview:
    """A preview kept in DATA_DIR, and the image it came from."""

    path: str
    url: str
    nsfw_level: int | None


def preview_dir(data_dir: Path) -> Path:
    """Return the folder of downloaded Civitai previews."""
    return data_dir / "previews" / "civitai"


def _existing(folder: Path, version_id: int) -> Path | None:
    for ext in (*_FORMATS.values(), ".mp4"):
        candidate = folder / f"{version_id}{ext}"
        if candidate.is_file():
            return candidate
    return None


def _is_mp4(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] not in _IMAGE_BRANDS


def checked_extension(content: bytes, kind: str) -> str:
    """Return the file extension for a download, or refuse it."""
    if kind == "video":
        if _is_mp4(content[:16]):
            return ".mp4"
        raise PreviewRefusedError("the video is not an MP4 file")
    try:
        with Image.open(io.BytesIO(content), formats=list(_FORMATS)) as image:
            width, height = image.size
            limit = Image.MAX_IMAGE_PIXELS
            if limit is not None and width * height > limit:
                raise PreviewRefusedError(
                    f"the image is too large to decode safely ({width}x{height})"
                )
            image_format = image.format or ""
            image.verify()
    except PreviewRefusedError:
        raise
    except Image.DecompressionBombError:
        raise PreviewRefusedError("the image is too large to decode safely") from None
    except UnidentifiedImageError:
        raise PreviewRefusedError("not a PNG, JPEG, WebP or GIF image") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise PreviewRefusedError(f"the image is damaged ({error})") from None
    return _FORMATS[image_format]


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(content)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def fetch_preview(
    client: CivitaiClient,
    version: Mapping[str, Any],
    *,
    data_dir: Path,
    nsfw_mask: int,
    max_bytes: int,
    force: bool = False,
) -> StoredPreview | None:
    """Download and keep the version's preview; None when no image is allowed.

    A preview already downloaded for this version is reused unless ``force``.
    Raises ``PreviewRefusedError`` for unusable downloads and ``CivitaiError``
    when the download fails.
    """
    image = preview_image(version, nsfw_mask)
    version_id = json_int(version.get("id"), 1)
    if image is None or version_id is None:
        return None
    folder = preview_dir(data_dir)
    existing = None if force else _existing(folder, version_id)
    if existing is not None:
        return StoredPreview(str(existing), image["url"], image["nsfw_level"])
    download = client.download(image["url"], max_bytes)
    if isinstance(download, NotFound):
        raise PreviewRefusedError(f"the image is gone ({download.detail})")
    ext = checked_extension(download.content, image["type"])
    target = folder / f"{version_id}{ext}"
    _write_atomically(target, download.content)
    for other in (*_FORMATS.values(), ".mp4"):
        if other != ext:
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{version_id}{other}").unlink()
    return StoredPreview(str(target), image["url"], image["nsfw_level"])
