"""Serving previews: the original file, or a cached WebP thumbnail made on demand."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from pathlib import Path
from typing import Literal

from lora_manager.core.errors import NotFoundError
from lora_manager.library.thumbnails import ThumbnailError, write_thumbnails

PreviewSize = Literal["256", "512", "original"]
PREVIEW_MEDIA_TYPES = (
    "image/webp",
    "image/png",
    "image/jpeg",
    "image/gif",
    "video/mp4",
    "video/webm",
    "application/octet-stream",
)


def _media_type(path: Path) -> str:
    guessed = mimetypes.guess_type(path.name)[0]
    return guessed if guessed in PREVIEW_MEDIA_TYPES else "application/octet-stream"


def preview_file(
    preview_path: str | None, data_dir: Path, size: PreviewSize
) -> tuple[Path, str]:
    """Return (file, media type) for a preview; thumbnails are cached in DATA_DIR."""
    if not preview_path:
        raise NotFoundError("This adapter has no preview.")
    source = Path(preview_path)
    try:
        stat = source.stat()
    except OSError:
        raise NotFoundError("The preview file is not reachable.") from None
    if size == "original":
        return source, _media_type(source)
    key = hashlib.sha1(
        f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode(), usedforsecurity=False
    ).hexdigest()
    folder = data_dir / "thumbnails" / key[:2]
    target = folder / f"{key}-{size}.webp"
    if not target.exists():
        try:
            written = write_thumbnails(source, folder, key)
        except (ThumbnailError, OSError):
            return source, _media_type(
                source
            )  # undecodable: the original is still useful
        if not written:  # a video: browsers play the original
            return source, _media_type(source)
        target = written.get(int(size), target)
    os.utime(target)  # recently used thumbnails are the ones worth keeping
    return target, "image/webp"
