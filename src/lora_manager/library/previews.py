"""Finding the preview image or video that sits next to a model file.

Tools disagree on names (LORA_SPECS §5.2): A1111 saves ``<base>.png`` and also
reads ``<base>.preview.<ext>``, Civitai Helper writes ``<base>.preview.png``,
SD.Next adds ``<base>.thumb.<ext>``, ComfyUI-Lora-Manager writes ``<base>.webp`` and
accepts videos. ``PREVIEW_ORDER`` merges them into one order:

1. ``.preview.*`` — a file someone named as *the* preview (images, then videos);
2. ``<base>.<ext>`` — A1111's "save preview", SD.Next and Lora-Manager downloads;
3. ``.thumb.*`` — SD.Next's small extracted thumbnails, a last resort;
4. ``.example.0.jpeg`` — Lora-Manager's legacy example image.

Within a tier the common still formats come first (png, jpg, jpeg, webp, gif,
then avif, jxl, tiff, jp2), videos (mp4, webm) last. The whole order is tried
with exact case first, then ignoring case, as Lora-Manager does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

IMAGE_EXTENSIONS = (
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
    ".gif",
    ".avif",
    ".jxl",
    ".tiff",
    ".jp2",
)
VIDEO_EXTENSIONS = (".mp4", ".webm")
_THUMB_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")

PREVIEW_ORDER: tuple[str, ...] = (
    *(f".preview{ext}" for ext in IMAGE_EXTENSIONS + VIDEO_EXTENSIONS),
    *IMAGE_EXTENSIONS,
    *VIDEO_EXTENSIONS,
    *(f".thumb{ext}" for ext in _THUMB_EXTENSIONS),
    ".example.0.jpeg",
)


class DirectoryNames(Collection[str]):
    """The file names of one directory, indexed for exact and case-blind lookup.

    Build it once per directory and pass it as ``names_in_dir``: the lookups here
    then cost a few dictionary probes per model instead of a pass over the names.
    """

    __slots__ = ("_folded", "_names")

    def __init__(self, names: Iterable[str]) -> None:
        self._names = frozenset(names)
        folded: dict[str, list[str]] = {}
        for name in sorted(self._names):
            folded.setdefault(name.casefold(), []).append(name)
        self._folded = folded

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def ignoring_case(self, name: str) -> list[str]:
        """Return every name equal to ``name`` ignoring case, sorted."""
        return list(self._folded.get(name.casefold(), ()))


def directory_names(names_in_dir: Collection[str]) -> DirectoryNames:
    """Return the names as a ``DirectoryNames``, indexing them if needed."""
    if isinstance(names_in_dir, DirectoryNames):
        return names_in_dir
    return DirectoryNames(names_in_dir)


def model_base(model_path: Path) -> str:
    """Return the file name without its last extension, as sidecar names use it."""
    return model_path.stem


def find_name(names: DirectoryNames, wanted: Iterable[str]) -> str | None:
    """Return the first wanted name present: exact case first, then ignoring case."""
    candidates = list(wanted)
    for name in candidates:
        if name in names:
            return name
    for name in candidates:
        matches = names.ignoring_case(name)
        if matches:
            return matches[0]
    return None


def preview_names(model_path: Path, names_in_dir: Collection[str]) -> list[str]:
    """Return every file name that could be this model's preview, in any case."""
    names = directory_names(names_in_dir)
    base = model_base(model_path)
    found: list[str] = []
    for suffix in PREVIEW_ORDER:
        found.extend(names.ignoring_case(base + suffix))
    return found


def find_preview(model_path: Path, names_in_dir: Collection[str]) -> Path | None:
    """Return the preview file of a model, following ``PREVIEW_ORDER``."""
    base = model_base(model_path)
    name = find_name(
        directory_names(names_in_dir),
        (base + suffix for suffix in PREVIEW_ORDER),
    )
    return None if name is None else model_path.parent / name


def is_video(path: Path) -> bool:
    """Whether a preview is a video (thumbnails are not made from those)."""
    return path.suffix.lower() in VIDEO_EXTENSIONS
