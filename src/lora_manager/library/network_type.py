"""What a safetensors file holds, read from its tensor names and shapes.

Adapter files store, per patched layer ("module"), a few parameters whose names
end in a fixed suffix: ``.lora_down.weight``/``.lora_up.weight`` for LoRA,
``.hada_w1_a`` for LoHa, ``.lokr_w1`` for LoKr and so on (LyCORIS, kohya, PEFT and
ComfyUI all agree on them). Grouping tensors by module gives the adapter
algorithm, its rank, and each layer's input and output width, which the
architecture inference builds on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from lora_manager.library.header import TensorEntry
from lora_manager.library.training import meta_text, network_args, parse_int

AdapterKind = Literal[
    "adapter",
    "checkpoint",
    "vae",
    "text_encoder",
    "embedding",
    "unknown",
]

# Last name segment -> parameter role (LyCORIS / kohya / ComfyUI names).
_LAST_SEGMENT_ROLES: dict[str, str] = {
    "alpha": "alpha",
    "dora_scale": "dora_scale",
    "lora_magnitude_vector": "dora_scale",
    "oft_blocks": "oft_blocks",
    "boft_blocks": "boft_blocks",
    "rescale": "rescale",
    "on_input": "on_input",
    "diff": "diff",
    "diff_b": "diff_b",
    "w_norm": "w_norm",
    "b_norm": "b_norm",
    **{name: name for name in ("hada_w1_a", "hada_w1_b", "hada_w2_a", "hada_w2_b")},
    **{name: name for name in ("hada_t1", "hada_t2", "lokr_t1", "lokr_t2")},
    **{name: name for name in ("lokr_w1", "lokr_w1_a", "lokr_w1_b")},
    **{name: name for name in ("lokr_w2", "lokr_w2_a", "lokr_w2_b")},
}
# Segment before ``.weight`` -> role.
_WEIGHT_OWNER_ROLES: dict[str, str] = {
    "lora_down": "down",
    "lora_A": "down",
    "lora_up": "up",
    "lora_B": "up",
    "lora_mid": "mid",
    "lora_magnitude_vector": "dora_scale",
    "a1": "a1",
    "a2": "a2",
    "b1": "b1",
    "b2": "b2",
}
# Diffusers/PEFT spellings: ``.lora.down.weight``, ``.lora_linear_layer.up.weight``.
_NESTED_CONTAINERS = frozenset({"lora", "lora_linear_layer"})
_WEAK_ROLES = frozenset({"alpha", "rescale", "w_norm", "b_norm"})
_ADAPTER_PREFIXES = (
    "lora_unet_",
    "lora_te_",
    "lora_te1_",
    "lora_te2_",
    "lora_te3_",
    "lora_transformer_",
    "lycoris_",
)
_EMBEDDING_KEYS = frozenset({"emb_params", "clip_l", "clip_g"})
_EMBEDDING_PREFIXES = ("string_to_param", "string_to_token")
_VAE_PREFIXES = (
    "encoder.",
    "decoder.",
    "quant_conv.",
    "post_quant_conv.",
    "first_stage_model.",
)
_VAE_MARKERS = (
    "encoder.down",
    "encoder.conv_in",
    "decoder.up",
    "decoder.conv_in",
    "first_stage_model.",
)
_TEXT_ENCODER_RE = re.compile(
    # CLIP (HF and OpenCLIP), T5 and decoder-only LLM encoders.
    r"^(?:text_model\.|cond_stage_model\.|conditioner\.|text_encoders?\.|"
    r"transformer\.resblocks\.|token_embedding|positional_embedding|ln_final|"
    r"text_projection|logit_scale|encoder\.block\.|encoder\.final_layer_norm|"
    r"shared\.weight|encoder\.embed_tokens|lm_head\.|visual\.|"
    r"model\.embed_tokens|model\.norm|model\.layers\.\d+\.)",
)
_CHECKPOINT_RE = re.compile(
    r"^(?:(?:model|diffusion_model|unet|transformer|net)\.)*"
    r"(?:down_blocks|up_blocks|mid_block|input_blocks|middle_block|output_blocks|"
    r"double_blocks|single_blocks|joint_blocks|transformer_blocks|"
    r"single_transformer_blocks|noise_refiner|context_refiner)\.",
)
# 3x3 convolutions of SD UNets; a LoRA that patches them is a LoCon.
_CONV_MODULE_RE = re.compile(
    r"(?:resnets_\d+_conv[12]|(?:down|up)samplers_\d+_conv|in_layers_2|"
    r"out_layers_3|_op)$",
)
_CONV_MODULE_ENDINGS = ("conv1", "conv2", "conv", "layers_2", "layers_3", "op")

_LYCORIS_ALGOS: dict[str, str] = {
    "lora": "lora",
    "locon": "locon",
    "loha": "loha",
    "lokr": "lokr",
    "ia3": "ia3",
    "(ia)^3": "ia3",
    "glora": "glora",
    "full": "full",
    "diff": "full",
    "oft": "oft",
    "diag-oft": "oft",
    "boft": "boft",
    "dylora": "lora",
}

_REFINEMENTS = frozenset({("lora", "locon"), ("oft", "boft")})
"""(from keys, from metadata) pairs where the trainer's word is more precise."""


@dataclass(frozen=True, slots=True)
class TensorLayout:
    """Tensors grouped into adapter modules, plus those that are not adapter parts."""

    modules: dict[str, dict[str, TensorEntry]]
    plain: dict[str, TensorEntry]


def split_key(key: str) -> tuple[str, str] | None:
    """Split an adapter tensor name into ``(module, role)``; None for other tensors."""
    module, _, last = key.rpartition(".")
    if not module:
        return None
    role = _LAST_SEGMENT_ROLES.get(last)
    if role is not None:
        return module, role
    if last != "weight":
        return None
    owner_module, _, owner = module.rpartition(".")
    if owner == "default":  # PEFT ``.lora_A.default.weight``
        owner_module, _, owner = owner_module.rpartition(".")
    role = _WEIGHT_OWNER_ROLES.get(owner)
    if role is not None and owner_module:
        return owner_module, role
    if owner in ("down", "up") and owner_module:
        container_module, _, container = owner_module.rpartition(".")
        if container in _NESTED_CONTAINERS and container_module:
            return container_module, owner
        if owner_module.endswith("_lora"):  # ``to_k_lora.down.weight``
            return owner_module.removesuffix("_lora"), owner
    return None


def tensor_layout(tensors: Mapping[str, TensorEntry]) -> TensorLayout:
    """Group adapter parameters by the module they patch."""
    modules: dict[str, dict[str, TensorEntry]] = {}
    plain: dict[str, TensorEntry] = {}
    for key, entry in tensors.items():
        parts = split_key(key)
        if parts is None:
            plain[key] = entry
        else:
            modules.setdefault(parts[0], {})[parts[1]] = entry
    return TensorLayout(modules, plain)


def _has_adapter_parameters(layout: TensorLayout) -> bool:
    """Whether any module carries a parameter only adapters have."""
    return any(not set(params) <= _WEAK_ROLES for params in layout.modules.values())


def adapter_kind(
    tensors: Mapping[str, TensorEntry],
    layout: TensorLayout,
) -> AdapterKind:
    """Tell adapters from checkpoints, VAEs, text encoders and embeddings."""
    if not tensors:
        return "unknown"
    keys = list(tensors)
    if _has_adapter_parameters(layout) or any(
        key.startswith(_ADAPTER_PREFIXES) for key in keys
    ):
        return "adapter"
    if all(
        key in _EMBEDDING_KEYS or key.startswith(_EMBEDDING_PREFIXES) for key in keys
    ):
        return "embedding"
    if any(key.startswith("model.diffusion_model.") for key in keys):
        return "checkpoint"
    if all(key.startswith(_VAE_PREFIXES) for key in keys) and any(
        key.startswith(_VAE_MARKERS) for key in keys
    ):
        return "vae"
    if all(_TEXT_ENCODER_RE.match(key) for key in keys):
        return "text_encoder"
    if any(_CHECKPOINT_RE.match(key) for key in keys):
        return "checkpoint"
    return "unknown"


def input_dim(params: Mapping[str, TensorEntry]) -> int | None:
    """Return the input width of the layer a module patches, when shapes tell it."""
    down = params.get("down") or params.get("hada_w1_b") or params.get("hada_w2_b")
    if down is not None and len(down.shape) >= 2:
        return down.shape[1]
    w1 = params.get("lokr_w1") or params.get("lokr_w1_b")
    w2 = params.get("lokr_w2") or params.get("lokr_w2_b")
    if w1 is not None and w2 is not None and min(len(w1.shape), len(w2.shape)) >= 2:
        return w1.shape[1] * w2.shape[1]
    return None


def output_dim(params: Mapping[str, TensorEntry]) -> int | None:
    """Return the output width of the layer a module patches, when shapes tell it."""
    up = params.get("up") or params.get("hada_w1_a") or params.get("hada_w2_a")
    if up is not None and up.shape:
        return up.shape[0]
    w1 = params.get("lokr_w1") or params.get("lokr_w1_a")
    w2 = params.get("lokr_w2") or params.get("lokr_w2_a")
    if w1 is not None and w2 is not None and w1.shape and w2.shape:
        return w1.shape[0] * w2.shape[0]
    return None


def _patches_convolutions(layout: TensorLayout) -> bool:
    """Whether a LoRA patches convolutions wider than 1x1 (which makes it LoCon)."""
    lora_modules = [(m, p) for m, p in layout.modules.items() if "down" in p]
    for _, params in lora_modules:
        down = params["down"]
        if "mid" in params or (len(down.shape) == 4 and down.shape[2:] != (1, 1)):
            return True
    return any(
        module.endswith(_CONV_MODULE_ENDINGS)
        and _CONV_MODULE_RE.search(module.replace(".", "_")) is not None
        for module, _ in lora_modules
    )


def _oft_kind(layout: TensorLayout) -> str:
    """OFT stores 3-D block matrices; butterfly OFT stores 4-D ones."""
    for params in layout.modules.values():
        blocks = params.get("oft_blocks")
        if blocks is not None and len(blocks.shape) == 4:
            return "boft"
    return "oft"


def network_type_from_tensors(layout: TensorLayout) -> str:
    """Name the adapter algorithm from parameter suffixes (LORA_SPECS §2.5)."""
    roles: set[str] = set()
    for params in layout.modules.values():
        roles.update(params)
    if "dora_scale" in roles:
        return "dora"
    if any(role.startswith("hada_") for role in roles):
        return "loha"
    if any(role.startswith("lokr_") for role in roles):
        return "lokr"
    if "boft_blocks" in roles:
        return "boft"
    if "oft_blocks" in roles:
        return _oft_kind(layout)
    if "on_input" in roles:
        return "ia3"
    if {"a1", "b1"} <= roles:
        return "glora"
    if roles & {"diff", "diff_b"}:
        return "full"
    if "down" in roles:
        return "locon" if _patches_convolutions(layout) else "lora"
    return "unknown"


def _truthy(value: object) -> bool:
    """Read a network_args flag, which kohya keeps as a string."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return value is True


def network_type_from_metadata(metadata: Mapping[str, str]) -> str | None:
    """Name the adapter algorithm from ``ss_network_module`` and its ``algo``."""
    module = (meta_text(metadata, "ss_network_module") or "").lower()
    if not module:
        return None
    args = network_args(metadata)
    if module.startswith("lycoris"):
        if _truthy(args.get("dora_wd")):
            return "dora"
        algo = str(args.get("algo", "lora")).strip().lower()
        return _LYCORIS_ALGOS.get(algo)
    leaf = module.rsplit(".", 1)[-1]
    for name in ("boft", "oft", "loha", "lokr", "glora", "ia3"):
        if leaf.startswith(name):
            return name
    if "lora" in leaf:
        conv_dim = parse_int(str(args.get("conv_dim", "")))
        return "locon" if conv_dim else "lora"
    return None


def network_type(layout: TensorLayout, metadata: Mapping[str, str]) -> str:
    """Combine key evidence with the trainer's own statement; keys win on conflict."""
    from_keys = network_type_from_tensors(layout)
    from_metadata = network_type_from_metadata(metadata)
    if from_keys == "unknown":
        return from_metadata or "unknown"
    # Keys cannot tell a linear-only LoCon or a butterfly OFT with 3-D blocks.
    if from_metadata is not None and (from_keys, from_metadata) in _REFINEMENTS:
        return from_metadata
    return from_keys


def _module_rank(params: Mapping[str, TensorEntry]) -> int | None:
    """Return the low-rank dimension of one module, if it has one."""
    for role in ("down", "hada_w1_b", "hada_w2_b", "lokr_w1_b", "lokr_w2_b"):
        entry = params.get(role)
        if entry is not None and len(entry.shape) >= 2 and entry.shape[0] > 0:
            return entry.shape[0]
    return None


def rank_from_tensors(layout: TensorLayout) -> int | None:
    """Return the most common module rank (ties go to the larger rank)."""
    ranks = Counter(
        rank for rank in map(_module_rank, layout.modules.values()) if rank is not None
    )
    if not ranks:
        return None
    return max(ranks.items(), key=lambda item: (item[1], item[0]))[0]


def adapter_rank(layout: TensorLayout, metadata: Mapping[str, str]) -> int | None:
    """Return ``ss_network_dim``, else the rank the tensor shapes show."""
    declared = parse_int(meta_text(metadata, "ss_network_dim"))
    if declared is not None and declared > 0:
        return declared
    return rank_from_tensors(layout)
