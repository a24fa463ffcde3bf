"""Facts about one safetensors file, read from its header alone.

``describe`` is the single entry point the scanner calls: it classifies the file
(adapter or not), infers the model family, the adapter algorithm and rank, and
lifts the human-facing fields (title, trigger words, tags, embedded preview
images) out of kohya ``ss_*``, ``modelspec.*`` and ``ssmd_*`` metadata. It is pure
and never raises on odd metadata: a value it cannot read is left out.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lora_manager.library.architecture import (
    METADATA_SOURCES,
    ArchitectureGuess,
    architecture_from_text,
    first_keyword,
    infer_architecture,
    keyword_rules,
)
from lora_manager.library.header import SafetensorsHeader
from lora_manager.library.network_type import (
    AdapterKind,
    TensorLayout,
    adapter_kind,
    adapter_rank,
    network_type,
    tensor_layout,
)
from lora_manager.library.training import (
    class_tokens,
    decode_json,
    meta_text,
    parse_float,
    split_list,
    tag_frequency,
    training_summary,
    unique,
)

__all__ = [
    "AdapterFacts",
    "AdapterKind",
    "describe",
    "display_title",
    "infer_base_model",
]


@dataclass(frozen=True)
class AdapterFacts:
    """Everything the header of one file says about it."""

    kind: AdapterKind
    architecture: str
    network_type: str
    rank: int | None
    alpha: float | None
    base_model: str | None
    alias: str | None
    title: str | None
    author: str | None
    description: str | None
    trained_words: list[str]
    tags: list[str]
    tag_frequency: list[tuple[str, int]]
    training: dict[str, object]
    raw_metadata: dict[str, str]
    thumbnails: list[bytes]
    embedded_tensor_hash: str | None
    architecture_source: str = "none"
    """Which evidence decided ``architecture`` (``modelspec``, ``tensors``...)."""


_SDXL_BASE_NAME = re.compile(r"sd_?xl_base|stable-diffusion-xl-base")
# Checkpoint names are camelCase ("ponyDiffusionV6XL"), so plain substrings.
_DERIVATIVES_IN_NAMES = keyword_rules(
    (r"noob", "NoobAI"),
    (r"illustrious", "Illustrious"),
    (r"pony", "Pony"),
)
# Titles are prose: require the word on its own to stay conservative.
_DERIVATIVES_IN_TITLES = keyword_rules(
    (r"(?<![a-z])noob(?:ai)?(?:xl)?(?![a-z])", "NoobAI"),
    (r"(?<![a-z])illustrious(?:xl)?(?![a-z])", "Illustrious"),
    (r"(?<![a-z])pony(?:xl|diffusion)?(?![a-z])", "Pony"),
)
_DEFAULT_TITLE = re.compile(r"^(?:LoRA|TextualInversion|Checkpoint)@[\d.]+$")


def display_title(metadata: Mapping[str, str]) -> str | None:
    """Return ``modelspec.title`` unless it is sd-scripts' ``LoRA@<time>`` default."""
    title = meta_text(metadata, "modelspec.title")
    if title is not None and _DEFAULT_TITLE.match(title):
        title = None
    return title or meta_text(metadata, "ssmd_display_name")


def _sdxl_derivative(metadata: Mapping[str, str]) -> str | None:
    """Pony, Illustrious or NoobAI when the text says so; SDXL tensors cannot."""
    names = [
        meta_text(metadata, "ss_base_model_version"),
        meta_text(metadata, "ss_sd_model_name"),
    ]
    for name in names:
        found = first_keyword(name, _DERIVATIVES_IN_NAMES)
        if found is not None:
            return found
    if _SDXL_BASE_NAME.search((names[1] or "").lower()):
        return None  # trained on the plain SDXL base, whatever the title says
    titles = [display_title(metadata), meta_text(metadata, "ssmd_display_name")]
    for title in titles:
        found = first_keyword(title, _DERIVATIVES_IN_TITLES)
        if found is not None:
            return found
    return None


def _sd3_base_model(text: str) -> str:
    is_35 = re.search(r"3[-._]5|(?<![\d.])5-(?:large|medium)", text) is not None
    if "large" in text:
        return "SD 3.5 Large"
    if is_35:
        return "SD 3.5 Medium" if "medium" in text else "SD 3.5"
    return "SD 3"


def _flux1_base_model(text: str) -> str:
    for word, base_model in (
        ("schnell", "Flux.1 S"),
        ("krea", "Flux.1 Krea"),
        ("kontext", "Flux.1 Kontext"),
    ):
        if word in text:
            return base_model
    return "Flux.1 D"


def _flux2_base_model(text: str) -> str:
    if "klein" in text and "4b" in text:
        return "Flux.2 Klein 4B"
    if "klein" in text and "9b" in text:
        return "Flux.2 Klein 9B"
    return "Flux.2 D"


def _zimage_base_model(text: str) -> str | None:
    if "turbo" in text:
        return "ZImageTurbo"
    return "ZImageBase" if "base" in text else None


_FAMILY_BASE_MODELS: dict[str, Callable[[str], str | None]] = {
    "sd1": lambda text: "SD 1.4" if re.search(r"v1[-._]4(?!\d)", text) else "SD 1.5",
    "sd2": lambda text: "SD 2.0" if re.search(r"v2[-._]0(?!\d)", text) else "SD 2.1",
    "sdxl": lambda text: "SDXL 1.0",
    "sd3": _sd3_base_model,
    "flux1": _flux1_base_model,
    "flux2": _flux2_base_model,
    "chroma": lambda text: "Chroma",
    "lumina2": lambda text: "Lumina",
    "qwen_image": lambda text: "Qwen",
    "zimage": _zimage_base_model,
}


def infer_base_model(
    metadata: Mapping[str, str],
    guess: ArchitectureGuess,
) -> str | None:
    """Return the Civitai base model when the metadata states it, else None."""
    if guess.architecture == "sdxl":
        derivative = _sdxl_derivative(metadata)
        if derivative is not None:
            return derivative
    model_name = meta_text(metadata, "ss_sd_model_name")
    stated = guess.source in METADATA_SOURCES or (
        architecture_from_text(model_name) == guess.architecture
    )
    family = _FAMILY_BASE_MODELS.get(guess.architecture)
    if not stated or family is None:
        return None
    keys = ("modelspec.architecture", "ss_base_model_version", "ss_sd_model_name")
    text = " ".join(meta_text(metadata, key) or "" for key in keys).lower()
    return family(text)


_IMAGE_KEYS = ("modelspec.thumbnail", "ssmd_cover_images")
_DATA_URL = re.compile(r"data:[^,]*?;base64,(?P<data>.*)", re.IGNORECASE | re.DOTALL)
_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


def _decode_image(value: str) -> bytes | None:
    """Decode a base64 image, bare or as a ``data:`` URL; None if not valid."""
    text = value.strip()
    if text[:5].lower() == "data:":
        match = _DATA_URL.fullmatch(text)
        if match is None:
            return None
        text = match["data"]
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data or None


def _cover_images(value: str) -> list[str] | None:
    """Return the entries of ``ssmd_cover_images`` (a JSON list of base64 strings)."""
    decoded = decode_json(value)
    if not isinstance(decoded, list):
        return None
    return [item for item in decoded if isinstance(item, str)]


def _embedded_images(metadata: Mapping[str, str]) -> list[bytes]:
    """Decode ``modelspec.thumbnail`` and ``ssmd_cover_images``, skipping bad ones."""
    sources = [metadata.get("modelspec.thumbnail") or ""]
    sources += _cover_images(metadata.get("ssmd_cover_images") or "[]") or []
    images = [_decode_image(source) for source in sources if source.strip()]
    return [image for image in images if image is not None]


def _image_marker(key: str, value: str) -> str:
    """Describe an embedded image in a few characters for ``raw_metadata``."""
    entries = _cover_images(value) if key == "ssmd_cover_images" else [value]
    if entries is None:
        return f"<image: not decodable, {len(value)} characters>"
    decoded = [_decode_image(entry) for entry in entries]
    sizes = [len(image) for image in decoded if image is not None]
    if not sizes:
        return f"<image: not decodable, {len(value)} characters>"
    if len(entries) == 1:
        return f"<image: {sizes[0]} bytes>"
    return f"<images: {len(sizes)}, {sum(sizes)} bytes>"


def _raw_metadata(metadata: Mapping[str, str]) -> dict[str, str]:
    """Keep every metadata value verbatim except bulky embedded images."""
    raw: dict[str, str] = {}
    for key, value in metadata.items():
        if key in _IMAGE_KEYS or value[:11].lower() == "data:image/":
            raw[key] = _image_marker(key, value)
        else:
            raw[key] = value
    return raw


def _embedded_tensor_hash(metadata: Mapping[str, str]) -> str | None:
    """Return the trainer-written SHA-256 of the tensor data (= AutoV3, full)."""
    for key in ("sshs_model_hash", "modelspec.hash_sha256"):
        value = (meta_text(metadata, key) or "").lower().removeprefix("0x")
        if _HEX_SHA256.fullmatch(value):
            return value
    return None


def _trained_words(metadata: Mapping[str, str]) -> list[str]:
    """Collect trigger words from modelspec, the metadata editor and kohya."""
    return unique(
        [
            *split_list(meta_text(metadata, "modelspec.trigger_phrase")),
            *split_list(meta_text(metadata, "ssmd_keywords")),
            *class_tokens(metadata),
        ],
    )


def _kind(header: SafetensorsHeader, layout: TensorLayout) -> AdapterKind:
    """Classify by tensors; when they are inconclusive, trust the trainer's labels."""
    kind = adapter_kind(header.tensors, layout)
    if kind != "unknown":
        return kind
    spec = (meta_text(header.metadata, "modelspec.architecture") or "").lower()
    if meta_text(header.metadata, "ss_network_module") or spec.endswith("/lora"):
        return "adapter"
    if spec.endswith("/textual-inversion"):
        return "embedding"
    return "unknown"


def _first_text(metadata: Mapping[str, str], *keys: str) -> str | None:
    return next(filter(None, (meta_text(metadata, key) for key in keys)), None)


def describe(header: SafetensorsHeader, *, file_name: str) -> AdapterFacts:
    """Describe a file from its parsed header; pure, and never raises on metadata."""
    metadata = header.metadata
    layout = tensor_layout(header.tensors)
    kind = _kind(header, layout)
    guess = infer_architecture(metadata, layout, file_name=file_name, kind=kind)
    adapter = kind == "adapter"
    alpha = parse_float(meta_text(metadata, "ss_network_alpha"))
    return AdapterFacts(
        kind=kind,
        architecture=guess.architecture,
        network_type=network_type(layout, metadata) if adapter else "unknown",
        rank=adapter_rank(layout, metadata) if adapter else None,
        alpha=alpha if adapter else None,
        base_model=infer_base_model(metadata, guess),
        alias=meta_text(metadata, "ss_output_name"),
        title=display_title(metadata),
        author=_first_text(metadata, "modelspec.author", "ssmd_author"),
        description=_first_text(
            metadata,
            "modelspec.description",
            "ssmd_description",
        ),
        trained_words=_trained_words(metadata),
        tags=unique(
            split_list(meta_text(metadata, "modelspec.tags"))
            + split_list(meta_text(metadata, "ssmd_tags")),
        ),
        tag_frequency=tag_frequency(metadata),
        training=training_summary(metadata),
        raw_metadata=_raw_metadata(metadata),
        thumbnails=_embedded_images(metadata),
        embedded_tensor_hash=_embedded_tensor_hash(metadata),
        architecture_source=guess.source,
    )
