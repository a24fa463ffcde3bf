"""Which architecture family a base model or architecture name belongs to."""

from __future__ import annotations

import re

# Architecture ids as the library stores them, plus SD.Next's short version names.
_FAMILY_IDS: dict[str, str] = {
    "sd1": "sd1",
    "sd2": "sd2",
    "sdxl": "sdxl",
    "xl": "sdxl",
    "sd3": "sd3",
    "flux1": "flux1",
    "f1": "flux1",
    "flux2": "flux2",
    "chroma": "chroma",
    "lumina2": "lumina2",
    "hunyuan_image": "hunyuan_image",
    "zimage": "zimage",
    "qwen_image": "qwen_image",
    "sc": "stable_cascade",
    "auraflow": "auraflow",
}

# Prefixes of normalised names (Civitai base models, kohya ss_base_model_version,
# modelspec.architecture), most specific first: "pony v7" is AuraFlow, not SDXL.
_FAMILY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("pony v7", "auraflow"),
    ("sdxl", "sdxl"),
    ("pony", "sdxl"),
    ("illustrious", "sdxl"),
    ("noobai", "sdxl"),
    ("playground v2", "sdxl"),
    ("stable diffusion xl", "sdxl"),
    ("sd 1", "sd1"),
    ("sd1", "sd1"),
    ("sd v1", "sd1"),
    ("stable diffusion v1", "sd1"),
    ("sd 2", "sd2"),
    ("sd2", "sd2"),
    ("sd v2", "sd2"),
    ("stable diffusion v2", "sd2"),
    ("sd 3", "sd3"),
    ("sd3", "sd3"),
    ("stable diffusion 3", "sd3"),
    ("flux.2", "flux2"),
    ("flux 2", "flux2"),
    ("flux2", "flux2"),
    ("flux", "flux1"),
    ("chroma", "chroma"),
    ("lumina", "lumina2"),
    ("auraflow", "auraflow"),
    ("stable cascade", "stable_cascade"),
    ("kolors", "kolors"),
    ("pixart", "pixart"),
    ("hunyuan video", "hunyuan_video"),
    ("hunyuan image", "hunyuan_image"),
    ("hunyuan", "hunyuan_dit"),
    ("hidream", "hidream"),
    ("qwen", "qwen_image"),
    ("zimage", "zimage"),
    ("z image", "zimage"),
    ("wan video", "wan"),
)
_SEPARATORS = re.compile(r"[\s_\-]+")


def architecture_family(name: str | None) -> str | None:
    """Family of a base model or architecture name (`"Pony"` -> `"sdxl"`), or None."""
    if not name:
        return None
    normalised = _SEPARATORS.sub(" ", name.strip().casefold()).strip()
    if normalised in _FAMILY_IDS:
        return _FAMILY_IDS[normalised]
    for prefix, family in _FAMILY_PREFIXES:
        if normalised.startswith(prefix):
            return family
    return None
