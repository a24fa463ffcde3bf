"""Tensor layouts of real adapter, checkpoint and VAE files, at small sizes.

Key names and the dimensions that matter for base-model inference follow the
format reference (LORA_SPECS §2.4, §2.5): the input dimension of a cross-attention
``attn2_to_k`` down projection is 768 for SD1, 1024 for SD2 and 2048 for SDXL;
SD3 uses ``joint_blocks``; Flux comes in kohya, diffusers/PEFT and OneTrainer
naming. Only a handful of modules per file are emitted so files stay small.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

Family = Literal[
    "sd1", "sd2", "sdxl", "sd3", "flux_kohya", "flux_peft", "flux_onetrainer"
]
Network = Literal["lora", "locon", "loha", "lokr", "dora"]
Tensors = dict[str, npt.NDArray[np.generic]]

FAMILIES: tuple[Family, ...] = (
    "sd1",
    "sd2",
    "sdxl",
    "sd3",
    "flux_kohya",
    "flux_peft",
    "flux_onetrainer",
)
NETWORKS: tuple[Network, ...] = ("lora", "locon", "loha", "lokr", "dora")


@dataclass(frozen=True)
class Module:
    """One adapted layer: key stem, input and output features, conv kernel."""

    stem: str
    in_dim: int
    out_dim: int
    kernel: tuple[int, int] | None = None


def _attention(prefix: str, channels: int, context: int) -> list[Module]:
    """Self- and cross-attention projections of one transformer block."""
    return [
        Module(f"{prefix}_attn1_to_q", channels, channels),
        Module(f"{prefix}_attn2_to_k", context, channels),
        Module(f"{prefix}_attn2_to_v", context, channels),
        Module(f"{prefix}_attn2_to_out_0", channels, channels),
    ]


def _clip(prefix: str, width: int) -> list[Module]:
    """The attention and MLP projections of the first CLIP encoder layer."""
    layer = f"{prefix}_text_model_encoder_layers_0"
    return [
        Module(f"{layer}_self_attn_q_proj", width, width),
        Module(f"{layer}_self_attn_k_proj", width, width),
        Module(f"{layer}_mlp_fc1", width, width * 4),
    ]


def _sd_unet(context: int, linear_proj: bool) -> list[Module]:
    """SD1/SD2 UNet in diffusers naming, as kohya writes it."""
    block = "lora_unet_down_blocks_0_attentions_0"
    # SD1 uses 1x1 convolutions for proj_in/proj_out, SD2 uses linear layers.
    proj_kernel = None if linear_proj else (1, 1)
    return [
        *_attention(f"{block}_transformer_blocks_0", 320, context),
        Module(f"{block}_proj_in", 320, 320, proj_kernel),
        Module(
            "lora_unet_mid_block_attentions_0_transformer_blocks_0_attn2_to_k",
            context,
            1280,
        ),
        Module(
            "lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn2_to_v",
            context,
            320,
        ),
    ]


_LAYOUTS: dict[Family, list[Module]] = {
    "sd1": [*_sd_unet(768, linear_proj=False), *_clip("lora_te", 768)],
    "sd2": [*_sd_unet(1024, linear_proj=True), *_clip("lora_te", 1024)],
    "sdxl": [
        *_attention("lora_unet_input_blocks_4_1_transformer_blocks_0", 640, 2048),
        Module("lora_unet_input_blocks_4_1_proj_in", 640, 640),
        Module("lora_unet_middle_block_1_transformer_blocks_0_attn2_to_k", 2048, 1280),
        Module(
            "lora_unet_output_blocks_0_1_transformer_blocks_0_attn2_to_v", 2048, 1280
        ),
        *_clip("lora_te1", 768),
        *_clip("lora_te2", 1280),
    ],
    "sd3": [
        Module("lora_unet_joint_blocks_0_x_block_attn_qkv", 1536, 4608),
        Module("lora_unet_joint_blocks_0_x_block_attn_proj", 1536, 1536),
        Module("lora_unet_joint_blocks_0_x_block_mlp_fc1", 1536, 6144),
        Module("lora_unet_joint_blocks_0_context_block_attn_qkv", 1536, 4608),
        Module("lora_unet_joint_blocks_0_context_block_attn_proj", 1536, 1536),
    ],
    "flux_kohya": [
        Module("lora_unet_double_blocks_0_img_attn_qkv", 3072, 9216),
        Module("lora_unet_double_blocks_0_img_attn_proj", 3072, 3072),
        Module("lora_unet_double_blocks_0_img_mlp_0", 3072, 12288),
        Module("lora_unet_double_blocks_0_img_mod_lin", 3072, 18432),
        Module("lora_unet_double_blocks_0_txt_attn_qkv", 3072, 9216),
        Module("lora_unet_single_blocks_0_linear1", 3072, 21504),
        Module("lora_unet_single_blocks_0_linear2", 15360, 3072),
        Module("lora_te1_text_model_encoder_layers_0_self_attn_q_proj", 768, 768),
    ],
    "flux_peft": [
        Module("transformer.transformer_blocks.0.attn.to_q", 3072, 3072),
        Module("transformer.transformer_blocks.0.attn.to_k", 3072, 3072),
        Module("transformer.transformer_blocks.0.attn.add_q_proj", 3072, 3072),
        Module("transformer.transformer_blocks.0.ff.net.0.proj", 3072, 12288),
        Module("transformer.single_transformer_blocks.0.attn.to_q", 3072, 3072),
        Module("transformer.single_transformer_blocks.0.proj_mlp", 3072, 12288),
        Module("transformer.single_transformer_blocks.0.proj_out", 15360, 3072),
    ],
    "flux_onetrainer": [
        Module("lora_transformer_transformer_blocks_0_attn_to_q", 3072, 3072),
        Module("lora_transformer_transformer_blocks_0_attn_add_q_proj", 3072, 3072),
        Module("lora_transformer_single_transformer_blocks_0_attn_to_q", 3072, 3072),
        Module("lora_transformer_single_transformer_blocks_0_proj_mlp", 3072, 12288),
        Module("lora_te1_text_model_encoder_layers_0_self_attn_q_proj", 768, 768),
    ],
}

# LoCon adds the ResNet 3x3 convolutions that plain LoRA leaves alone.
_CONV_MODULES: dict[Family, list[Module]] = {
    "sd1": [Module("lora_unet_down_blocks_0_resnets_0_conv1", 320, 320, (3, 3))],
    "sd2": [Module("lora_unet_down_blocks_0_resnets_0_conv1", 320, 320, (3, 3))],
    "sdxl": [Module("lora_unet_input_blocks_1_0_in_layers_2", 320, 320, (3, 3))],
}


def modules_for(family: Family, network: Network) -> list[Module]:
    """The adapted layers a file of ``family`` trained as ``network`` contains."""
    modules = list(_LAYOUTS[family])
    if network == "locon":
        modules += _CONV_MODULES.get(family, [])
    return modules


def _rng(seed_text: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(seed_text.encode()))


def _weights(rng: np.random.Generator, *shape: int) -> npt.NDArray[np.float16]:
    return (rng.standard_normal(shape, dtype=np.float32) * 0.01).astype(np.float16)


def _factor(dim: int) -> tuple[int, int]:
    """Split ``dim`` into two factors near its square root, as LyCORIS LoKr does."""
    small = max(d for d in range(1, int(dim**0.5) + 1) if dim % d == 0)
    return small, dim // small


def _module_tensors(
    module: Module,
    network: Network,
    rank: int,
    alpha: float,
    rng: np.random.Generator,
) -> Tensors:
    """The tensors (suffix -> array) one module contributes for ``network``."""
    i, o = module.in_dim, module.out_dim
    alpha_tensor = np.array(alpha, dtype=np.float16)
    if network == "loha":
        return {
            "hada_w1_a": _weights(rng, o, rank),
            "hada_w1_b": _weights(rng, rank, i),
            "hada_w2_a": _weights(rng, o, rank),
            "hada_w2_b": _weights(rng, rank, i),
            "alpha": alpha_tensor,
        }
    if network == "lokr":
        (in_m, in_n), (out_l, out_k) = _factor(i), _factor(o)
        return {
            "lokr_w1": _weights(rng, out_l, in_m),
            "lokr_w2": _weights(rng, out_k, in_n),
            "alpha": alpha_tensor,
        }
    if module.kernel is None:
        down, up = _weights(rng, rank, i), _weights(rng, o, rank)
    else:
        down = _weights(rng, rank, i, *module.kernel)
        up = _weights(rng, o, rank, 1, 1)
    tensors: Tensors = {
        "lora_down.weight": down,
        "lora_up.weight": up,
        "alpha": alpha_tensor,
    }
    if network == "dora":
        # LyCORIS keeps one magnitude per input feature: shape (1, in).
        tensors["dora_scale"] = np.abs(_weights(rng, 1, i)) + np.float16(1)
    return tensors


def adapter_tensors(
    family: Family,
    network: Network,
    *,
    rank: int,
    alpha: float,
    seed: str,
) -> Tensors:
    """Every tensor of a small but structurally real adapter."""
    if family == "flux_peft" and network != "lora":
        raise ValueError("flux_peft files are plain LoRA (lora_A/lora_B)")
    rng = _rng(seed)
    result: Tensors = {}
    for module in modules_for(family, network):
        if family == "flux_peft":
            result[f"{module.stem}.lora_A.weight"] = _weights(rng, rank, module.in_dim)
            result[f"{module.stem}.lora_B.weight"] = _weights(rng, module.out_dim, rank)
            continue
        parts = _module_tensors(module, network, rank, alpha, rng)
        result.update({f"{module.stem}.{suffix}": t for suffix, t in parts.items()})
    return result


def checkpoint_tensors(family: Literal["sd1", "sdxl"], seed: str) -> Tensors:
    """A few keys of a full single-file checkpoint in ldm/sgm naming."""
    rng = _rng(seed)
    unet = "model.diffusion_model"
    if family == "sd1":
        attn = f"{unet}.input_blocks.1.1.transformer_blocks.0"
        text = "cond_stage_model.transformer.text_model.encoder.layers.0"
        channels, context = 320, 768
    else:
        attn = f"{unet}.input_blocks.4.1.transformer_blocks.0"
        text = "conditioner.embedders.0.transformer.text_model.encoder.layers.0"
        channels, context = 640, 2048
    return {
        f"{unet}.input_blocks.0.0.weight": _weights(rng, 320, 4, 3, 3),
        f"{unet}.input_blocks.0.0.bias": _weights(rng, 320),
        f"{attn}.attn2.to_k.weight": _weights(rng, channels, context),
        f"{unet}.out.2.weight": _weights(rng, 4, 320, 3, 3),
        f"{text}.self_attn.q_proj.weight": _weights(rng, 768, 768),
        "first_stage_model.encoder.conv_in.weight": _weights(rng, 128, 3, 3, 3),
        "first_stage_model.decoder.conv_out.weight": _weights(rng, 3, 128, 3, 3),
    }


def vae_tensors(seed: str) -> Tensors:
    """A few keys of a standalone VAE (``encoder.*`` / ``decoder.*``)."""
    rng = _rng(seed)
    return {
        "encoder.conv_in.weight": _weights(rng, 128, 3, 3, 3),
        "encoder.down.0.block.0.conv1.weight": _weights(rng, 128, 128, 3, 3),
        "encoder.down.0.block.0.norm1.weight": _weights(rng, 128),
        "quant_conv.weight": _weights(rng, 8, 8, 1, 1),
        "post_quant_conv.weight": _weights(rng, 4, 4, 1, 1),
        "decoder.conv_in.weight": _weights(rng, 512, 4, 3, 3),
        "decoder.up.0.block.0.conv1.weight": _weights(rng, 128, 128, 3, 3),
        "decoder.conv_out.weight": _weights(rng, 3, 128, 3, 3),
    }
