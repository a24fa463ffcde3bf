"""WebP thumbnails of previews, and refusal of files that are not safe images."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from lora_manager.library.thumbnails import (
    THUMBNAIL_SIZES,
    ThumbnailError,
    write_thumbnails,
)


def encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def pixel(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = image.getpixel(xy)
    assert isinstance(value, tuple)
    return value


def png_claiming_size(width: int, height: int) -> bytes:
    """A PNG whose header claims a size far larger than its data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def test_writes_one_webp_per_size_keeping_the_aspect_ratio(tmp_path: Path) -> None:
    source = tmp_path / "miku.png"
    Image.new("RGB", (1024, 512), "teal").save(source)
    written = write_thumbnails(source, tmp_path / "thumbs", "adapter-1")
    assert written == {
        256: tmp_path / "thumbs" / "adapter-1-256.webp",
        512: tmp_path / "thumbs" / "adapter-1-512.webp",
    }
    assert tuple(written) == THUMBNAIL_SIZES
    sizes = {}
    for size, path in written.items():
        image = opened(path)
        assert (image.format, image.mode) == ("WEBP", "RGB")
        sizes[size] = image.size
    assert sizes == {256: (256, 128), 512: (512, 256)}


def test_small_images_are_not_enlarged(tmp_path: Path) -> None:
    data = encode(Image.new("RGB", (120, 90), "red"), "PNG")
    written = write_thumbnails(data, tmp_path, "small")
    assert {opened(path).size for path in written.values()} == {(120, 90)}


def test_jpeg_exif_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90 degrees clockwise to view
    data = encode(Image.new("RGB", (800, 400), "navy"), "JPEG", exif=exif)
    written = write_thumbnails(data, tmp_path, "rotated")
    assert opened(written[512]).size == (256, 512)


def test_only_the_first_frame_of_an_animated_gif_is_used(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (64, 64), color) for color in ("red", "blue")]
    source = tmp_path / "anim.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=100)
    written = write_thumbnails(source, tmp_path / "t", "anim")
    red, green, blue = pixel(opened(written[256]).convert("RGB"), (32, 32))
    assert red > 200
    assert max(green, blue) < 50


def test_transparency_is_kept(tmp_path: Path) -> None:
    image = Image.new("RGBA", (64, 64), (255, 0, 0, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    written = write_thumbnails(encode(image, "PNG"), tmp_path, "alpha")
    thumb = opened(written[256])
    assert thumb.mode == "RGBA"
    assert pixel(thumb, (0, 0))[3] == 0
    assert pixel(thumb, (32, 32))[3] == 255


def test_palette_images_with_a_transparent_colour_become_rgba(tmp_path: Path) -> None:
    image = Image.new("P", (32, 32), 1)
    image.putpalette([0, 0, 0, 255, 255, 255])
    image.putpixel((0, 0), 0)
    data = encode(image, "GIF", transparency=0)
    thumb = opened(write_thumbnails(data, tmp_path, "pal")[256])
    assert thumb.mode == "RGBA"
    assert pixel(thumb, (0, 0))[3] == 0


def test_avif_images_are_not_mistaken_for_videos(tmp_path: Path) -> None:
    data = encode(Image.new("RGB", (64, 48), "green"), "AVIF")
    assert opened(write_thumbnails(data, tmp_path, "avif")[256]).size == (64, 48)


def test_decompression_bombs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ThumbnailError, match="too large"):
        write_thumbnails(png_claiming_size(40_000, 40_000), tmp_path, "bomb")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_images_over_the_pixel_limit_are_refused_before_decoding(
    tmp_path: Path,
) -> None:
    side = int(Image.MAX_IMAGE_PIXELS**0.5) + 100  # over the limit, under twice it
    with pytest.raises(ThumbnailError, match="too large"):
        write_thumbnails(png_claiming_size(side, side), tmp_path, "big")


@pytest.mark.parametrize(
    "data",
    [
        b"this is a text file, not an image",
        b"",
        encode(Image.new("RGB", (64, 64), "red"), "PNG")[:60],
    ],
    ids=["text", "empty", "truncated-png"],
)
def test_non_images_are_refused_with_a_reason(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ThumbnailError) as raised:
        write_thumbnails(data, tmp_path / "t", "broken")
    assert str(raised.value)
    assert not (tmp_path / "t").exists() or list((tmp_path / "t").iterdir()) == []


def test_formats_outside_the_preview_formats_are_refused(tmp_path: Path) -> None:
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    with pytest.raises(ThumbnailError, match="not an image"):
        write_thumbnails(eps, tmp_path, "eps")


def test_video_files_get_no_thumbnail_and_are_not_decoded(tmp_path: Path) -> None:
    video = tmp_path / "miku.mp4"
    video.write_bytes(b"not really a video, and never read")
    assert write_thumbnails(video, tmp_path / "t", "video") == {}
    assert not (tmp_path / "t").exists()


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm",
    ],
    ids=["mp4", "webm"],
)
def test_video_bytes_get_no_thumbnail(tmp_path: Path, data: bytes) -> None:
    assert write_thumbnails(data, tmp_path, "video") == {}


def test_rewriting_replaces_thumbnails_and_leaves_no_temporary_files(
    tmp_path: Path,
) -> None:
    write_thumbnails(encode(Image.new("RGB", (600, 600), "red"), "PNG"), tmp_path, "k")
    written = write_thumbnails(
        encode(Image.new("RGB", (600, 300), "blue"), "PNG"),
        tmp_path,
        "k",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k-256.webp", "k-512.webp"]
    assert opened(written[512]).size == (512, 256)


@pytest.mark.parametrize("key", ["../escape", "a/b", "", ".hidden"])
def test_keys_that_are_not_plain_names_are_rejected(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="not a plain file-name stem"):
        write_thumbnails(encode(Image.new("RGB", (8, 8)), "PNG"), tmp_path, key)


def test_a_missing_source_file_raises_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_thumbnails(tmp_path / "gone.png", tmp_path, "gone")
