"""Which model family an adapter was trained for, and its Civitai base model.

The order follows LORA_SPECS §2.4: ``modelspec.architecture``, then kohya's
``ss_base_model_version`` (and ``ss_v2``), then tensor names and shapes, then the
base checkpoint's name, and the file name as a last resort.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from lora_manager.library.network_type import (
    AdapterKind,
    TensorLayout,
    input_dim,
    output_dim,
)
from lora_manager.library.training import meta_text

ARCHITECTURES = (
    "sd1",
    "sd2",
    "sdxl",
    "sd3",
    "flux1",
    "flux2",
    "chroma",
    "lumina2",
    "hunyuan_image",
    "zimage",
    "qwen_image",
    "unknown",
)

ArchitectureSource = Literal[
    "modelspec",
    "ss_base_model_version",
    "ss_v2",
    "tensors",
    "ss_sd_model_name",
    "file_name",
    "none",
]
METADATA_SOURCES = frozenset(
    {"modelspec", "ss_base_model_version", "ss_v2", "ss_sd_model_name"},
)

BASE_MODEL_BY_ARCHITECTURE: dict[str, str] = {
    "sd1": "SD 1.5",
    "sd2": "SD 2.1",
    "sdxl": "SDXL 1.0",
    "sd3": "SD 3",
    "flux1": "Flux.1 D",
    "flux2": "Flux.2 D",
    "chroma": "Chroma",
    "lumina2": "Lumina",
    "qwen_image": "Qwen",
}
"""The usual Civitai base model of each family, for callers that want a default."""


@dataclass(frozen=True, slots=True)
class ArchitectureGuess:
    """An inferred family and the evidence it came from."""

    architecture: str
    source: ArchitectureSource


def keyword_rules(
    *pairs: tuple[str, str],
) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compile ``(pattern, answer)`` pairs for ``first_keyword``."""
    return tuple((re.compile(pattern), family) for pattern, family in pairs)


def first_keyword(
    text: str | None,
    rules: Iterable[tuple[re.Pattern[str], str]],
) -> str | None:
    """Return the answer of the first rule found in the lower-cased text."""
    if not text:
        return None
    lowered = text.lower()
    return next((family for rule, family in rules if rule.search(lowered)), None)


_MODELSPEC_RULES = keyword_rules(
    (r"^stable-diffusion-xl", "sdxl"),
    (r"^stable-diffusion-v1", "sd1"),
    (r"^stable-diffusion-v2", "sd2"),
    (r"^stable-diffusion-v?3", "sd3"),
    (r"^flux[-.]?2", "flux2"),
    (r"^flux", "flux1"),
    (r"^chroma", "chroma"),
    (r"^lumina", "lumina2"),
    (r"^hunyuan-image", "hunyuan_image"),
    (r"^qwen", "qwen_image"),
    (r"^z-?image", "zimage"),
)
_BASE_VERSION_RULES = keyword_rules(
    (r"^sd[-_]?v?1|v1[-_.]5", "sd1"),
    (r"^sd[-_]?v?2", "sd2"),
    (r"^sd[-_]?xl|pony|illustrious|noob", "sdxl"),
    (r"^sd[-_]?3|^stable[-_]diffusion[-_]3|^(?:3[-.])?5[-_]|^(?:medium|large)$", "sd3"),
    (r"^flux[-_.]?2", "flux2"),
    (r"^flux", "flux1"),
    (r"^chroma", "chroma"),
    (r"^lumina", "lumina2"),
    (r"^hunyuan[-_]?image", "hunyuan_image"),
    (r"^qwen", "qwen_image"),
    (r"^z[-_]?image", "zimage"),
)
_TEXT_RULES = keyword_rules(
    (r"(?<![a-z])flux[-_. ]?2|flux.*klein", "flux2"),
    (r"(?<![a-z])flux", "flux1"),
    (r"chroma", "chroma"),
    (r"qwen", "qwen_image"),
    (r"(?<![a-z])z[-_. ]?image", "zimage"),
    (r"lumina", "lumina2"),
    (r"hunyuan[-_. ]?image", "hunyuan_image"),
    (r"(?<![a-z0-9])sd[-_. ]?3|stable[-_. ]?diffusion[-_. ]?v?3", "sd3"),
    (
        r"sdxl|(?<![a-z0-9])sd[-_. ]xl|stable[-_. ]?diffusion[-_. ]?xl|pony|"
        r"illustrious|noob|(?<![a-z])xl(?![a-z])",
        "sdxl",
    ),
    (r"(?<![a-z0-9])sd[-_. ]?2|(?<![a-z0-9])v2[-_.]?[01]", "sd2"),
    (r"(?<![a-z0-9])sd[-_. ]?1|(?<![a-z0-9])v1[-_.]?[45]", "sd1"),
)


def architecture_from_modelspec(value: str | None) -> str | None:
    """Map ``modelspec.architecture`` (``stable-diffusion-xl-v1-base/lora``...)."""
    return first_keyword(value, _MODELSPEC_RULES)


def architecture_from_base_model_version(value: str | None) -> str | None:
    """Map kohya's ``ss_base_model_version`` (``sdxl_base_v1-0``, ``flux1``...)."""
    return first_keyword(value, _BASE_VERSION_RULES)


def architecture_from_text(text: str | None) -> str | None:
    """Guess a family from a model or file name (heuristic)."""
    return first_keyword(text, _TEXT_RULES)


@dataclass(frozen=True, slots=True)
class _Layer:
    path: str
    in_dim: int | None
    out_dim: int | None


def _layers(layout: TensorLayout) -> list[_Layer]:
    """List patched layers with their widths; plain weights count for full models."""
    layers = [
        _Layer(module.replace(".", "_").lower(), input_dim(params), output_dim(params))
        for module, params in layout.modules.items()
    ]
    for key, entry in layout.plain.items():
        if key.endswith(".weight") and len(entry.shape) >= 2:
            path = key.removesuffix(".weight").replace(".", "_").lower()
            layers.append(_Layer(path, entry.shape[1], entry.shape[0]))
    return layers


def _matching(layers: list[_Layer], pattern: str) -> list[_Layer]:
    """Return the layers whose path matches ``pattern``."""
    rule = re.compile(pattern)
    return [layer for layer in layers if rule.search(layer.path)]


def _has(paths: str, pattern: str, needles: tuple[str, ...]) -> bool:
    """Whether any of the newline-joined layer paths matches ``pattern``.

    ``needles`` are literal parts of the pattern: a substring test rules most
    files out long before a regular expression could.
    """
    if not any(needle in paths for needle in needles):
        return False
    return re.search(pattern, paths, re.MULTILINE) is not None


def _common_width(layers: Iterable[_Layer]) -> int | None:
    """Return the most frequent input width: a transformer stack's hidden size."""
    widths = Counter(layer.in_dim for layer in layers if layer.in_dim)
    if not widths:
        return None
    return max(widths.items(), key=lambda item: (item[1], -item[0]))[0]


_FLUX2_CONTEXT_WIDTHS = frozenset({7680, 12288, 15360})
_FLUX2_VECTOR_WIDTHS = frozenset({2560, 4096})
_FLUX2_HIDDEN_WIDTHS = frozenset({4096, 6144})
_FLUX1_HIDDEN = 3072
_FLUX1_MLP_RATIO = 4


def _is_flux2(layers: list[_Layer], hidden: int | None) -> bool:
    """FLUX.2 markers from LORA_SPECS §2.4 (fused names, embedder widths, MLP ratio)."""
    if hidden in _FLUX2_HIDDEN_WIDTHS:
        return True
    for layer in layers:
        if "to_qkv_mlp_proj" in layer.path or "ff_linear_in" in layer.path:
            return True
        if layer.path.endswith(("txt_in", "context_embedder")) and layer.in_dim:
            return layer.in_dim in _FLUX2_CONTEXT_WIDTHS
        vector = ("vector_in_in_layer", "text_embedder_linear_1")
        if layer.path.endswith(vector) and layer.in_dim:
            return layer.in_dim in _FLUX2_VECTOR_WIDTHS
    if hidden == _FLUX1_HIDDEN:
        for layer in _matching(layers, r"(?:img_mlp_0|ff_net_0_proj)$"):
            if layer.out_dim:
                return layer.out_dim != hidden * _FLUX1_MLP_RATIO
    return False


def _flux_family(layers: list[_Layer], blocks: list[_Layer]) -> str | None:
    """Flux.1, Flux.2, Chroma and HunyuanImage share double/single stream blocks."""
    hidden = _common_width(blocks)
    hunyuan_names = _matching(blocks, r"(?:mlp_fc[12]|mod_linear|modulation_linear)$")
    if hunyuan_names:
        # HunyuanVideo uses the same names at width 3072; it is not in our list.
        return "hunyuan_image" if hidden == 3584 else None
    if any("distilled_guidance_layer" in layer.path for layer in layers):
        return "chroma"
    return "flux2" if _is_flux2(layers, hidden) else "flux1"


def _mmdit_family(layers: list[_Layer], blocks: list[_Layer]) -> str:
    """Joint-attention blocks without single blocks: Flux (double only) or SD3."""
    hidden = _common_width(blocks)
    if _is_flux2(layers, hidden):
        return "flux2"
    return "flux1" if hidden == _FLUX1_HIDDEN else "sd3"


def _nextdit_family(layers: list[_Layer]) -> str:
    """Z-Image is 3840 wide, Lumina 2 is 2304 wide."""
    attention = _matching(layers, r"_(?:attention|attn)_(?:qkv|to_[qkv])$")
    hidden = _common_width(attention)
    if hidden == 3840:
        return "zimage"
    if hidden == 2304:
        return "lumina2"
    zimage = any(layer.path.startswith("diffusion_model_layers_") for layer in layers)
    return "zimage" if zimage else "lumina2"


_SD_CROSS_ATTENTION_WIDTHS = {768: "sd1", 1024: "sd2", 1280: "sdxl", 2048: "sdxl"}


def _text_encoder_index(path: str) -> int:
    if path.startswith(("lora_te2_", "te2_")) or "text_encoder_2_" in path:
        return 2
    if path.startswith(("lora_te3_", "te3_")) or "text_encoder_3_" in path:
        return 3
    return 1


def _sd_family_from_text_encoders(layers: list[_Layer]) -> str | None:
    """SD1 has one 768-wide CLIP, SD2 one 1024-wide, SDXL adds a 1280-wide one."""
    widths: dict[int, Counter[int]] = {1: Counter(), 2: Counter(), 3: Counter()}
    for layer in layers:
        index = _text_encoder_index(layer.path)
        if index == 3:
            return None  # a T5 encoder: Flux or SD3, not an SD UNet family
        if layer.in_dim and re.search(r"self_attn_[qkv]_proj$", layer.path):
            widths[index][layer.in_dim] += 1
    first = widths[1].most_common(1)[0][0] if widths[1] else None
    second = widths[2].most_common(1)[0][0] if widths[2] else None
    if second == 1280:
        return "sdxl"
    if second is None:
        return {768: "sd1", 1024: "sd2"}.get(first or 0)
    return None


def _sd_family(layers: list[_Layer]) -> str | None:
    """Cross-attention input width (LORA_SPECS §2.4 shape test), then naming."""
    cross = _common_width(_matching(layers, r"attn2_to_[kv]$"))
    if cross in _SD_CROSS_ATTENTION_WIDTHS:
        return _SD_CROSS_ATTENTION_WIDTHS[cross]
    from_encoders = _sd_family_from_text_encoders(layers)
    if from_encoders is not None:
        return from_encoders
    paths = [layer.path for layer in layers]
    if any(
        re.match(r"lora_unet_(?:input_blocks|middle_block|output_blocks)_", p)
        for p in paths
    ):
        return "sdxl"  # kohya writes SGM names for SDXL only
    if any(p.startswith("lora_te1_") for p in paths) and any(
        p.startswith("lora_te2_") for p in paths
    ):
        return "sdxl"
    if any(
        re.match(r"lora_unet_(?:down_blocks|mid_block|up_blocks)_", p) for p in paths
    ):
        return "sd1"
    return None


def _embedding_family(layout: TensorLayout) -> str | None:
    """Textual inversions: ``clip_g`` means SDXL, else the token vector width."""
    if "clip_g" in layout.plain:
        return "sdxl"
    for key, entry in layout.plain.items():
        if key == "emb_params" or key.startswith("string_to_param"):
            width = entry.shape[-1] if entry.shape else 0
            return {768: "sd1", 1024: "sd2"}.get(width)
    return None


_Marker = tuple[str, tuple[str, ...]]
_FLUX_BLOCKS: _Marker = (
    r"(?:^|_)(?:double|single)_blocks_\d+_",
    ("double_blocks_", "single_blocks_"),
)
_DIFFUSERS_SINGLE_BLOCKS: _Marker = (
    r"(?:^|_)single_transformer_blocks_\d+_",
    ("single_transformer_blocks_",),
)
_SD3_JOINT_BLOCKS: _Marker = (
    r"(?:^|_)joint_blocks_\d+_(?:context|x)_block",
    ("joint_blocks_",),
)
_QWEN_BLOCKS: _Marker = (
    r"(?:^|_)transformer_blocks_\d+_(?:img|txt)_(?:mlp|mod)",
    ("img_m", "txt_m"),
)
_JOINT_ATTENTION: _Marker = (
    r"(?:^|_)transformer_blocks_\d+_attn_(?:add_[qkv]_proj|to_add_out)",
    ("add_",),
)
_NEXTDIT_BLOCKS: _Marker = (
    r"(?:^|_)(?:layers|noise_refiner|context_refiner)_\d+_"
    r"(?:attention|attn|feed_forward|adaln_modulation)_",
    ("_attention_", "_attn_", "_feed_forward_", "_adaln_modulation_"),
)
_DIFFUSERS_BLOCKS = r"(?:^|_)(?:single_)?transformer_blocks_\d+_"


def architecture_from_tensors(layout: TensorLayout, kind: AdapterKind) -> str | None:
    """Infer the family from tensor names and shapes alone."""
    if kind == "embedding":
        return _embedding_family(layout)
    layers = _layers(layout)
    # One regex over all paths at once is far cheaper than one per layer.
    paths = "\n".join(layer.path for layer in layers)
    if _has(paths, *_FLUX_BLOCKS):
        return _flux_family(layers, _matching(layers, _FLUX_BLOCKS[0]))
    if _has(paths, *_DIFFUSERS_SINGLE_BLOCKS):
        blocks = _matching(layers, _DIFFUSERS_BLOCKS)
        return "flux2" if _is_flux2(layers, _common_width(blocks)) else "flux1"
    if _has(paths, *_SD3_JOINT_BLOCKS):
        return "sd3"
    if _has(paths, *_QWEN_BLOCKS):
        return "qwen_image"
    if _has(paths, *_JOINT_ATTENTION):
        return _mmdit_family(layers, _matching(layers, _DIFFUSERS_BLOCKS))
    if _has(paths, *_NEXTDIT_BLOCKS):
        return _nextdit_family(layers)
    return _sd_family(layers)


def infer_architecture(
    metadata: Mapping[str, str],
    layout: TensorLayout,
    *,
    file_name: str,
    kind: AdapterKind,
) -> ArchitectureGuess:
    """Walk the evidence in the recommended order; the first answer wins."""
    steps: tuple[tuple[ArchitectureSource, Callable[[], str | None]], ...] = (
        (
            "modelspec",
            lambda: architecture_from_modelspec(
                meta_text(metadata, "modelspec.architecture"),
            ),
        ),
        (
            "ss_base_model_version",
            lambda: architecture_from_base_model_version(
                meta_text(metadata, "ss_base_model_version"),
            ),
        ),
        ("ss_v2", lambda: "sd2" if meta_text(metadata, "ss_v2") == "True" else None),
        ("tensors", lambda: architecture_from_tensors(layout, kind)),
        (
            "ss_sd_model_name",
            lambda: architecture_from_text(meta_text(metadata, "ss_sd_model_name")),
        ),
        ("file_name", lambda: architecture_from_text(PurePath(file_name).stem)),
    )
    for source, step in steps:
        found = step()
        if found is not None:
            return ArchitectureGuess(found, source)
    return ArchitectureGuess("unknown", "none")
