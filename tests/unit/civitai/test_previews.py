"""Preview downloads: validated, size-capped, stored atomically under DATA_DIR."""

from __future__ import annotations

import struct
import zlib

import pytest

from lora_manager.civitai.mapping import allowed_nsfw_mask
from lora_manager.civitai.previews import (
    PreviewRefusedError,
    checked_extension,
    fetch_preview,
    preview_dir,
)
from tests.fakes.civitai import MP4_BYTES, png_bytes
from tests.unit.civitai.conftest import SHA


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _bomb_png(side: int = 40_000) -> bytes:
    """A tiny file whose header claims 1.6 billion pixels."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


def test_real_images_keep_their_format():
    assert checked_extension(png_bytes(), "image") == ".png"


@pytest.mark.parametrize(
    ("content", "kind", "reason"),
    [
        (b"<html>not found</html>", "image", "not a PNG, JPEG, WebP or GIF"),
        (_bomb_png(), "image", "too large to decode safely"),
        (png_bytes()[:60], "image", "damaged"),
        (png_bytes(), "video", "not an MP4"),
    ],
)
def test_unusable_downloads_are_refused_with_a_reason(content, kind, reason):
    with pytest.raises(PreviewRefusedError, match=reason):
        checked_extension(content, kind)


def test_mp4_videos_are_allowed():
    assert checked_extension(MP4_BYTES, "video") == ".mp4"


def test_the_first_allowed_image_is_stored_atomically(fake, make_client, tmp_path):
    version = fake.add_lora(
        sha256=SHA, model_id=7, version_id=70, image_levels=(8, 4, 1, 1)
    )

    stored = fetch_preview(
        make_client(),
        version,
        data_dir=tmp_path,
        nsfw_mask=allowed_nsfw_mask("PG"),
        max_bytes=1 << 20,
    )

    assert stored is not None
    assert stored.url.endswith("/images/70-2.png")
    assert stored.path == str(preview_dir(tmp_path) / "70.png")
    assert sorted(p.name for p in preview_dir(tmp_path).iterdir()) == ["70.png"]


def test_a_stored_preview_is_reused_unless_forced(fake, make_client, tmp_path):
    version = fake.add_lora(sha256=SHA, model_id=7, version_id=70)
    client = make_client()
    options = {"data_dir": tmp_path, "nsfw_mask": 1, "max_bytes": 1 << 20}

    fetch_preview(client, version, **options)
    fetch_preview(client, version, **options)
    fetch_preview(client, version, force=True, **options)

    assert len(fake.calls("GET", "/images/")) == 2


def test_a_video_preview_is_kept_as_mp4(fake, make_client, tmp_path):
    version = fake.add_lora(sha256=SHA, model_id=7, version_id=70, video=True)

    stored = fetch_preview(
        make_client(), version, data_dir=tmp_path, nsfw_mask=1, max_bytes=1 << 20
    )

    assert stored is not None
    assert stored.path.endswith("70.mp4")
