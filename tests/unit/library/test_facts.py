"""What ``describe`` reads out of a safetensors header (LORA_SPECS §2)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lora_manager.library.facts import AdapterFacts, describe
from lora_manager.library.header import SafetensorsHeader, TensorEntry, read_header
from tests.factories.lora_files import (
    tensor_section_sha256,
    write_checkpoint,
    write_lora,
    write_vae,
)
from tests.factories.lora_metadata import png_bytes
from tests.factories.safetensors_layouts import Family, Network

Shapes = dict[str, tuple[int, ...]]

SD_CROSS = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k"
SDXL_CROSS = "lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k"


def header(shapes: Shapes, metadata: dict[str, str] | None = None) -> SafetensorsHeader:
    tensors = {name: TensorEntry("F16", shape, 0, 0) for name, shape in shapes.items()}
    return SafetensorsHeader(0, 8, dict(metadata or {}), tensors)


def facts(
    shapes: Shapes,
    metadata: dict[str, str] | None = None,
    file_name: str = "adapter.safetensors",
) -> AdapterFacts:
    return describe(header(shapes, metadata), file_name=file_name)


def lora(stem: str, in_dim: int, out_dim: int, rank: int = 8) -> Shapes:
    """Kohya/LyCORIS LoRA tensors of one module."""
    return {
        f"{stem}.lora_down.weight": (rank, in_dim),
        f"{stem}.lora_up.weight": (out_dim, rank),
        f"{stem}.alpha": (),
    }


def peft(stem: str, in_dim: int, out_dim: int, rank: int = 8) -> Shapes:
    """Diffusers/PEFT LoRA tensors of one module."""
    return {
        f"{stem}.lora_A.weight": (rank, in_dim),
        f"{stem}.lora_B.weight": (out_dim, rank),
    }


def sd_lora(context: int, rank: int = 8) -> Shapes:
    return {
        **lora(SD_CROSS, context, 320, rank),
        **lora(SD_CROSS.replace("attn2_to_k", "attn1_to_q"), 320, 320, rank),
    }


SDXL_LORA = lora(SDXL_CROSS, 2048, 640)


# --- what kind of file ---------------------------------------------------------


def test_describe_marks_a_kohya_lora_as_an_adapter() -> None:
    assert facts(sd_lora(768)).kind == "adapter"


def test_describe_recognises_a_checkpoint_by_its_diffusion_model_keys() -> None:
    result = facts(
        {
            "model.diffusion_model.input_blocks.0.0.weight": (320, 4, 3, 3),
            "model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k"
            ".weight": (320, 768),
            "cond_stage_model.transformer.text_model.final_layer_norm.weight": (768,),
            "first_stage_model.decoder.conv_out.weight": (3, 128, 3, 3),
        },
    )
    assert (result.kind, result.architecture) == ("checkpoint", "sd1")
    assert (result.network_type, result.rank, result.alpha) == ("unknown", None, None)


def test_describe_calls_bare_unet_weights_without_lora_suffixes_a_checkpoint() -> None:
    result = facts(
        {
            "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight": (
                320,
                2048,
            ),
            "up_blocks.0.resnets.0.conv1.weight": (1280, 2560, 3, 3),
        },
    )
    assert (result.kind, result.architecture) == ("checkpoint", "sdxl")


def test_describe_recognises_a_standalone_vae() -> None:
    result = facts(
        {
            "encoder.conv_in.weight": (128, 3, 3, 3),
            "encoder.down.0.block.0.conv1.weight": (128, 128, 3, 3),
            "decoder.up.0.block.0.conv1.weight": (128, 128, 3, 3),
            "quant_conv.weight": (8, 8, 1, 1),
        },
    )
    assert result.kind == "vae"


@pytest.mark.parametrize(
    ("shapes", "architecture"),
    [
        ({"emb_params": (4, 768)}, "sd1"),
        ({"emb_params": (2, 1024)}, "sd2"),
        ({"clip_l": (4, 768), "clip_g": (4, 1280)}, "sdxl"),
        ({"string_to_param.*": (3, 768), "string_to_token": (77,)}, "sd1"),
    ],
)
def test_describe_recognises_textual_inversion_embeddings(
    shapes: Shapes,
    architecture: str,
) -> None:
    result = facts(shapes)
    assert (result.kind, result.architecture) == ("embedding", architecture)


@pytest.mark.parametrize(
    "shapes",
    [
        {
            "text_model.encoder.layers.0.self_attn.q_proj.weight": (768, 768),
            "text_model.final_layer_norm.weight": (768,),
        },
        {
            "encoder.block.0.layer.0.SelfAttention.q.weight": (4096, 4096),
            "encoder.final_layer_norm.weight": (4096,),
            "shared.weight": (32128, 4096),
        },
    ],
    ids=["clip", "t5"],
)
def test_describe_recognises_text_encoders(shapes: Shapes) -> None:
    assert facts(shapes).kind == "text_encoder"


def test_describe_reports_a_file_without_tensors_as_unknown() -> None:
    result = facts({})
    assert (result.kind, result.architecture, result.network_type) == (
        "unknown",
        "unknown",
        "unknown",
    )


def test_describe_trusts_the_trainer_when_tensor_names_are_unfamiliar() -> None:
    result = facts({"mystery.weight": (4, 4)}, {"ss_network_module": "networks.lora"})
    assert (result.kind, result.network_type) == ("adapter", "lora")


# --- architecture from tensors -------------------------------------------------

FLUX_KOHYA = {
    **lora("lora_unet_double_blocks_0_img_attn_qkv", 3072, 9216),
    **lora("lora_unet_double_blocks_0_img_mlp_0", 3072, 12288),
    **lora("lora_unet_single_blocks_0_linear1", 3072, 21504),
    **lora("lora_unet_single_blocks_0_linear2", 15360, 3072),
}


@pytest.mark.parametrize(
    ("shapes", "architecture"),
    [
        pytest.param(sd_lora(768), "sd1", id="sd1-cross-attention-768"),
        pytest.param(sd_lora(1024), "sd2", id="sd2-cross-attention-1024"),
        pytest.param(SDXL_LORA, "sdxl", id="sdxl-cross-attention-2048"),
        pytest.param(lora(SDXL_CROSS, 1280, 640), "sdxl", id="sdxl-1280-variant"),
        pytest.param(
            {
                **lora(
                    "lora_te1_text_model_encoder_layers_0_self_attn_q_proj", 768, 768
                ),
                **lora(
                    "lora_te2_text_model_encoder_layers_0_self_attn_q_proj", 1280, 1280
                ),
            },
            "sdxl",
            id="sdxl-text-encoders-only",
        ),
        pytest.param(
            lora("lora_te_text_model_encoder_layers_0_self_attn_q_proj", 768, 768),
            "sd1",
            id="sd1-text-encoder-only",
        ),
        pytest.param(
            lora("lora_unet_input_blocks_1_0_in_layers_2", 320, 320),
            "sdxl",
            id="sdxl-sgm-names-without-attention",
        ),
        pytest.param(
            {
                **lora("lora_unet_joint_blocks_0_x_block_attn_qkv", 1536, 4608),
                **lora("lora_unet_joint_blocks_0_context_block_attn_proj", 1536, 1536),
            },
            "sd3",
            id="sd3-kohya-joint-blocks",
        ),
        pytest.param(
            {
                **peft("transformer.transformer_blocks.0.attn.add_q_proj", 1536, 1536),
                **peft("transformer.transformer_blocks.0.attn.to_q", 1536, 1536),
                **peft("transformer.transformer_blocks.0.ff.net.2", 6144, 1536),
            },
            "sd3",
            id="sd3-peft",
        ),
        pytest.param(FLUX_KOHYA, "flux1", id="flux-kohya"),
        pytest.param(
            {
                **peft("transformer.single_transformer_blocks.0.attn.to_q", 3072, 3072),
                **peft("transformer.single_transformer_blocks.0.proj_out", 15360, 3072),
                **peft("transformer.transformer_blocks.0.attn.add_q_proj", 3072, 3072),
            },
            "flux1",
            id="flux-peft",
        ),
        pytest.param(
            {
                **peft(
                    "base_model.model.transformer_blocks.0.attn.add_q_proj", 3072, 3072
                ),
                **peft("base_model.model.transformer_blocks.0.attn.to_q", 3072, 3072),
            },
            "flux1",
            id="flux-peft-double-blocks-only",
        ),
        pytest.param(
            {
                **lora(
                    "lora_transformer_single_transformer_blocks_0_attn_to_q", 3072, 3072
                ),
                **lora(
                    "lora_transformer_transformer_blocks_0_attn_add_q_proj", 3072, 3072
                ),
            },
            "flux1",
            id="flux-onetrainer",
        ),
        pytest.param(
            {
                **peft(
                    "transformer.single_transformer_blocks.0.attn.to_qkv_mlp_proj",
                    3072,
                    9000,
                ),
                **peft("transformer.transformer_blocks.0.ff.linear_in", 3072, 18432),
            },
            "flux2",
            id="flux2-klein-diffusers-names",
        ),
        pytest.param(
            {
                **lora("lora_unet_double_blocks_0_img_attn_proj", 4096, 4096),
                **lora("lora_unet_double_blocks_0_img_attn_qkv", 4096, 12288),
            },
            "flux2",
            id="flux2-klein-9b-hidden-4096",
        ),
        pytest.param(
            {
                **lora("lora_unet_double_blocks_0_img_attn_proj", 3072, 3072),
                **lora("lora_unet_double_blocks_0_img_mlp_0", 3072, 18432),
            },
            "flux2",
            id="flux2-klein-4b-mlp-ratio-6",
        ),
        pytest.param(
            {**FLUX_KOHYA, **lora("lora_unet_txt_in", 7680, 3072)},
            "flux2",
            id="flux2-context-embedder-width",
        ),
        pytest.param(
            {
                **FLUX_KOHYA,
                **lora("lora_unet_distilled_guidance_layer_in_proj", 64, 5120),
            },
            "chroma",
            id="chroma-guidance-layer",
        ),
        pytest.param(
            {
                **lora("lora_unet_double_blocks_0_img_attn_qkv", 3584, 10752),
                **lora("lora_unet_double_blocks_0_img_mlp_fc1", 3584, 14336),
                **lora("lora_unet_double_blocks_0_img_mod_linear", 3584, 21504),
            },
            "hunyuan_image",
            id="hunyuan-image-2.1",
        ),
        pytest.param(
            {
                **lora("transformer_blocks.0.img_mlp.net.0.proj", 3072, 12288),
                **lora("transformer_blocks.0.attn.add_q_proj", 3072, 3072),
            },
            "qwen_image",
            id="qwen-image",
        ),
        pytest.param(
            {
                **peft("diffusion_model.layers.0.attention.to_q", 3840, 3840),
                **peft("diffusion_model.layers.0.feed_forward.w1", 3840, 10240),
            },
            "zimage",
            id="zimage",
        ),
        pytest.param(
            {
                **lora("lora_unet_layers_0_attention_qkv", 2304, 6912),
                **lora("lora_unet_layers_0_feed_forward_w1", 2304, 6144),
                **lora("lora_unet_layers_0_adaLN_modulation_1", 1024, 9216),
            },
            "lumina2",
            id="lumina2",
        ),
    ],
)
def test_describe_infers_the_family_from_tensor_shapes_without_metadata(
    shapes: Shapes,
    architecture: str,
) -> None:
    result = facts(shapes)
    assert result.architecture == architecture
    assert result.architecture_source == "tensors"


def test_describe_detects_sdxl_from_tensor_shapes_without_metadata() -> None:
    result = facts(SDXL_LORA)
    assert (result.architecture, result.base_model) == ("sdxl", None)


def test_describe_reads_the_input_width_of_loha_and_lokr_modules() -> None:
    loha = {
        f"{SDXL_CROSS}.hada_w1_a": (640, 4),
        f"{SDXL_CROSS}.hada_w1_b": (4, 2048),
        f"{SDXL_CROSS}.hada_w2_a": (640, 4),
        f"{SDXL_CROSS}.hada_w2_b": (4, 2048),
    }
    lokr = {f"{SD_CROSS}.lokr_w1": (16, 24), f"{SD_CROSS}.lokr_w2": (20, 32)}
    assert facts(loha).architecture == "sdxl"
    assert facts(lokr).architecture == "sd1"  # 24 * 32 = 768


def test_describe_leaves_hunyuan_video_blocks_unknown() -> None:
    shapes = lora("lora_unet_double_blocks_0_img_mlp_fc1", 3072, 12288)
    assert facts(shapes).architecture == "unknown"


# --- architecture from metadata and names --------------------------------------


@pytest.mark.parametrize(
    ("value", "architecture"),
    [
        ("stable-diffusion-v1/lora", "sd1"),
        ("stable-diffusion-v2-768-v/lora", "sd2"),
        ("stable-diffusion-xl-v1-base/lora", "sdxl"),
        ("stable-diffusion-3-5-large/lora", "sd3"),
        ("flux-1-dev/lora", "flux1"),
        ("flux-1-schnell/lora", "flux1"),
        ("chroma/lora", "chroma"),
        ("lumina-2/lora", "lumina2"),
        ("hunyuan-image-2.1/lora", "hunyuan_image"),
    ],
)
def test_describe_maps_modelspec_architecture(value: str, architecture: str) -> None:
    result = facts(sd_lora(768), {"modelspec.architecture": value})
    assert (result.architecture, result.architecture_source) == (
        architecture,
        "modelspec",
    )


@pytest.mark.parametrize(
    ("value", "architecture"),
    [
        ("sd_v1", "sd1"),
        ("sd_v1_v", "sd1"),
        ("sd_v2", "sd2"),
        ("sd_v2_v", "sd2"),
        ("sdxl_base_v1-0", "sdxl"),
        ("flux1", "flux1"),
        ("chroma", "chroma"),
        ("5-large", "sd3"),
        ("5-medium", "sd3"),
        ("medium", "sd3"),
        ("lumina2", "lumina2"),
        ("hunyuan-image-2.1", "hunyuan_image"),
    ],
)
def test_describe_maps_kohya_base_model_version(value: str, architecture: str) -> None:
    result = facts({}, {"ss_base_model_version": value, "ss_network_module": "x.lora"})
    assert (result.architecture, result.architecture_source) == (
        architecture,
        "ss_base_model_version",
    )


def test_describe_prefers_modelspec_over_kohya_version_and_tensors() -> None:
    metadata = {
        "modelspec.architecture": "flux-1-dev/lora",
        "ss_base_model_version": "sdxl_base_v1-0",
    }
    assert facts(sd_lora(768), metadata).architecture == "flux1"


def test_describe_prefers_kohya_version_over_tensor_shapes() -> None:
    result = facts(sd_lora(768), {"ss_base_model_version": "sd_v2"})
    assert result.architecture == "sd2"


def test_describe_reads_ss_v2_on_old_kohya_files() -> None:
    result = facts({}, {"ss_v2": "True", "ss_network_module": "networks.lora"})
    assert (result.architecture, result.architecture_source) == ("sd2", "ss_v2")


@pytest.mark.parametrize(
    ("file_name", "architecture"),
    [
        ("myStyle_flux_v2.safetensors", "flux1"),
        ("portrait-FLUX.2-klein.safetensors", "flux2"),
        ("anime_sdxl.safetensors", "sdxl"),
        ("character_ponyXL.safetensors", "sdxl"),
        ("hatsune_sd15.safetensors", "sd1"),
        ("style-sd3.5.safetensors", "sd3"),
        ("qwen-image-lightning.safetensors", "qwen_image"),
        ("mystery.safetensors", "unknown"),
    ],
)
def test_describe_falls_back_to_the_file_name(
    file_name: str, architecture: str
) -> None:
    result = facts({"mystery.lora_down.weight": (4, 7)}, file_name=file_name)
    assert result.architecture == architecture
    if architecture != "unknown":
        assert result.architecture_source == "file_name"


def test_describe_uses_the_base_checkpoint_name_before_the_file_name() -> None:
    result = facts(
        {"mystery.lora_down.weight": (4, 7)},
        {"ss_sd_model_name": "flux1-dev.safetensors"},
        file_name="sdxl_style.safetensors",
    )
    assert (result.architecture, result.architecture_source) == (
        "flux1",
        "ss_sd_model_name",
    )


# --- base model (Civitai vocabulary) -------------------------------------------


@pytest.mark.parametrize(
    ("metadata", "base_model"),
    [
        ({"ss_base_model_version": "sd_v1"}, "SD 1.5"),
        (
            {"ss_base_model_version": "sd_v1", "ss_sd_model_name": "sd-v1-4.ckpt"},
            "SD 1.4",
        ),
        ({"ss_base_model_version": "sd_v2_v"}, "SD 2.1"),
        (
            {"ss_base_model_version": "sd_v2", "ss_sd_model_name": "v2-0_512.ckpt"},
            "SD 2.0",
        ),
        ({"modelspec.architecture": "stable-diffusion-xl-v1-base/lora"}, "SDXL 1.0"),
        (
            {
                "ss_base_model_version": "sdxl_base_v1-0",
                "ss_sd_model_name": "ponyDiffusionV6XL_v6StartWithThisOne.safetensors",
            },
            "Pony",
        ),
        (
            {
                "ss_base_model_version": "sdxl_base_v1-0",
                "ss_sd_model_name": "Illustrious-XL-v0.1.safetensors",
            },
            "Illustrious",
        ),
        (
            {
                "ss_base_model_version": "sdxl_base_v1-0",
                "ss_sd_model_name": "noobaiXLNAIXL_vPred10Version.safetensors",
            },
            "NoobAI",
        ),
        (
            {
                "ss_base_model_version": "sdxl_base_v1-0",
                "modelspec.title": "Hatsune Miku (Pony)",
            },
            "Pony",
        ),
        (
            {
                "ss_base_model_version": "sdxl_base_v1-0",
                "ss_sd_model_name": "sd_xl_base_1.0.safetensors",
                "modelspec.title": "My Little Pony style",
            },
            "SDXL 1.0",
        ),
        ({"ss_base_model_version": "medium"}, "SD 3"),
        ({"ss_base_model_version": "5-large"}, "SD 3.5 Large"),
        (
            {"modelspec.architecture": "stable-diffusion-3-5-medium/lora"},
            "SD 3.5 Medium",
        ),
        ({"modelspec.architecture": "flux-1-dev/lora"}, "Flux.1 D"),
        ({"modelspec.architecture": "flux-1-schnell/lora"}, "Flux.1 S"),
        ({"ss_base_model_version": "flux1"}, "Flux.1 D"),
        ({"modelspec.architecture": "chroma/lora"}, "Chroma"),
        ({"modelspec.architecture": "lumina-2/lora"}, "Lumina"),
        ({"modelspec.architecture": "hunyuan-image-2.1/lora"}, None),
        (
            {"modelspec.architecture": "flux-1-dev/lora", "modelspec.title": "Pony"},
            "Flux.1 D",
        ),
    ],
)
def test_describe_names_the_civitai_base_model_the_metadata_states(
    metadata: dict[str, str],
    base_model: str | None,
) -> None:
    assert facts(sd_lora(768), metadata).base_model == base_model


def test_describe_gives_no_base_model_when_only_tensors_tell_the_family() -> None:
    assert facts(sd_lora(768)).base_model is None


def test_describe_accepts_a_base_checkpoint_name_that_agrees_with_the_tensors() -> None:
    result = facts(sd_lora(768), {"ss_sd_model_name": "v1-5-pruned-emaonly.ckpt"})
    assert (result.architecture, result.base_model) == ("sd1", "SD 1.5")


# --- network type, rank, alpha -------------------------------------------------

CONV = "lora_unet_down_blocks_0_resnets_0_conv1"


@pytest.mark.parametrize(
    ("shapes", "network_type"),
    [
        pytest.param(sd_lora(768), "lora", id="lora"),
        pytest.param(
            {**sd_lora(768), f"{CONV}.lora_down.weight": (8, 320, 3, 3)},
            "locon",
            id="locon-3x3-conv",
        ),
        pytest.param(
            {**sd_lora(768), "lora_unet_x_proj_in.lora_down.weight": (8, 320, 1, 1)},
            "lora",
            id="1x1-proj-in-is-still-lora",
        ),
        pytest.param(
            {**sd_lora(768), f"{SD_CROSS}.lora_mid.weight": (8, 8, 3, 3)},
            "locon",
            id="locon-tucker-mid",
        ),
        pytest.param(
            {f"{SD_CROSS}.hada_w1_a": (320, 4), f"{SD_CROSS}.hada_w1_b": (4, 768)},
            "loha",
            id="loha",
        ),
        pytest.param(
            {f"{SD_CROSS}.lokr_w1": (16, 24), f"{SD_CROSS}.lokr_w2": (20, 32)},
            "lokr",
            id="lokr",
        ),
        pytest.param(
            {**sd_lora(768), f"{SD_CROSS}.dora_scale": (1, 768)},
            "dora",
            id="dora-lycoris",
        ),
        pytest.param(
            {
                **peft("unet.down_blocks.0.attn2.to_k", 768, 320),
                "unet.down_blocks.0.attn2.to_k.lora_magnitude_vector.weight": (320,),
            },
            "dora",
            id="dora-peft",
        ),
        pytest.param({f"{SD_CROSS}.oft_blocks": (4, 80, 80)}, "oft", id="oft"),
        pytest.param({f"{SD_CROSS}.oft_blocks": (2, 4, 80, 80)}, "boft", id="boft"),
        pytest.param(
            {f"{SD_CROSS}.weight": (320,), f"{SD_CROSS}.on_input": ()},
            "ia3",
            id="ia3",
        ),
        pytest.param(
            {
                f"{SD_CROSS}.a1.weight": (4, 768),
                f"{SD_CROSS}.a2.weight": (768, 4),
                f"{SD_CROSS}.b1.weight": (4, 768),
                f"{SD_CROSS}.b2.weight": (320, 4),
            },
            "glora",
            id="glora",
        ),
        pytest.param(
            {f"{SD_CROSS}.diff": (320, 768), f"{SD_CROSS}.diff_b": (320,)},
            "full",
            id="full-diff",
        ),
        pytest.param(
            peft("unet.down_blocks.0.attn2.to_k", 768, 320), "lora", id="peft"
        ),
        pytest.param(
            {
                "unet.attn2.to_k.lora.down.weight": (4, 768),
                "unet.attn2.to_k.lora.up.weight": (320, 4),
                "unet.attn2.to_k_lora.down.weight": (4, 768),
            },
            "lora",
            id="diffusers-lora-down",
        ),
    ],
)
def test_describe_names_the_network_type_from_key_suffixes(
    shapes: Shapes,
    network_type: str,
) -> None:
    result = facts(shapes)
    assert (result.kind, result.network_type) == ("adapter", network_type)


def test_describe_takes_locon_from_lycoris_algo_when_no_conv_layer_is_patched() -> None:
    metadata = {
        "ss_network_module": "lycoris.kohya",
        "ss_network_args": '{"algo": "locon"}',
    }
    assert facts(sd_lora(768), metadata).network_type == "locon"


def test_describe_takes_locon_from_kohya_conv_dim() -> None:
    metadata = {
        "ss_network_module": "networks.lora",
        "ss_network_args": '{"conv_dim": "8"}',
    }
    assert facts(sd_lora(768), metadata).network_type == "locon"


def test_describe_trusts_key_suffixes_over_a_contradicting_algo() -> None:
    metadata = {
        "ss_network_module": "lycoris.kohya",
        "ss_network_args": '{"algo": "loha"}',
    }
    assert facts(sd_lora(768), metadata).network_type == "lora"


def test_describe_falls_back_to_the_algo_when_keys_say_nothing() -> None:
    metadata = {
        "ss_network_module": "lycoris.kohya",
        "ss_network_args": '{"algo": "lokr"}',
    }
    assert facts({"odd.weight": (4, 4)}, metadata).network_type == "lokr"


def test_describe_reads_rank_and_alpha_from_kohya_metadata() -> None:
    result = facts(
        sd_lora(768, rank=8), {"ss_network_dim": "32", "ss_network_alpha": "16.0"}
    )
    assert (result.rank, result.alpha) == (32, 16.0)


def test_describe_takes_the_most_common_rank_from_shapes() -> None:
    shapes = {
        **sd_lora(768, rank=16),
        **lora("lora_te_text_model_encoder_layers_0_mlp_fc1", 768, 3072, rank=16),
        f"{CONV}.lora_down.weight": (4, 320, 3, 3),
    }
    result = facts(shapes)
    assert (result.rank, result.alpha) == (16, None)


@pytest.mark.parametrize(
    ("shapes", "rank"),
    [
        ({f"{SD_CROSS}.hada_w1_a": (320, 6), f"{SD_CROSS}.hada_w1_b": (6, 768)}, 6),
        (
            {
                f"{SD_CROSS}.lokr_w1": (16, 24),
                f"{SD_CROSS}.lokr_w2_a": (20, 4),
                f"{SD_CROSS}.lokr_w2_b": (4, 32),
            },
            4,
        ),
        ({f"{SD_CROSS}.lokr_w1": (16, 24), f"{SD_CROSS}.lokr_w2": (20, 32)}, None),
    ],
    ids=["loha", "lokr-factorised", "lokr-full-matrix"],
)
def test_describe_reads_lycoris_ranks_from_shapes(
    shapes: Shapes, rank: int | None
) -> None:
    assert facts(shapes).rank == rank


def test_describe_treats_none_strings_as_absent() -> None:
    metadata = {
        "ss_network_dim": "None",
        "ss_network_alpha": "None",
        "ss_output_name": "None",
        "ss_clip_skip": "None",
    }
    result = facts(sd_lora(768, rank=4), metadata)
    assert (result.rank, result.alpha, result.alias) == (4, None, None)
    assert "clip_skip" not in result.training


# --- human-facing text ---------------------------------------------------------


def test_describe_reads_alias_title_author_and_description() -> None:
    result = facts(
        sd_lora(768),
        {
            "ss_output_name": "miku_v2",
            "modelspec.title": "Hatsune Miku",
            "modelspec.author": "someone",
            "modelspec.description": "A **vocaloid**.",
        },
    )
    assert (result.alias, result.title, result.author, result.description) == (
        "miku_v2",
        "Hatsune Miku",
        "someone",
        "A **vocaloid**.",
    )


def test_describe_ignores_the_default_sd_scripts_title() -> None:
    result = facts(
        sd_lora(768),
        {
            "modelspec.title": "LoRA@1717000000.125",
            "ssmd_display_name": "Miku",
            "ssmd_author": "editor",
            "ssmd_description": "from the metadata editor",
        },
    )
    assert (result.title, result.author, result.description) == (
        "Miku",
        "editor",
        "from the metadata editor",
    )


def test_describe_collects_trigger_words_without_repeats_in_order() -> None:
    datasets = [
        {
            "subsets": [
                {"class_tokens": "mksks woman", "is_reg": False},
                {"class_tokens": "woman", "is_reg": True},
                {"class_tokens": None},
            ],
        },
    ]
    result = facts(
        sd_lora(768),
        {
            "modelspec.trigger_phrase": "mksks woman, red dress",
            "ssmd_keywords": "Red Dress, smile",
            "ss_datasets": json.dumps(datasets),
        },
    )
    assert result.trained_words == ["mksks woman", "red dress", "smile"]


def test_describe_collects_tags_from_modelspec_and_the_metadata_editor() -> None:
    result = facts(
        sd_lora(768), {"modelspec.tags": "anime, style", "ssmd_tags": "style,girl"}
    )
    assert result.tags == ["anime", "style", "girl"]


def test_describe_merges_tag_frequency_across_dataset_dirs() -> None:
    frequency = {
        "10_miku": {" 1girl": 20, "miku": 24},
        "5_extra": {"1girl": 7, "solo": 3},
    }
    datasets = [{"tag_frequency": {"3_more": {"solo": 5, "hat": 1}}}]
    result = facts(
        sd_lora(768),
        {
            "ss_tag_frequency": json.dumps(frequency),
            "ss_datasets": json.dumps(datasets),
        },
    )
    assert result.tag_frequency == [
        ("1girl", 27),
        ("miku", 24),
        ("solo", 8),
        ("hat", 1),
    ]


def test_describe_keeps_the_top_hundred_tags() -> None:
    table = {f"tag{i:03d}": i + 1 for i in range(150)}
    result = facts(sd_lora(768), {"ss_tag_frequency": json.dumps({"1_x": table})})
    assert len(result.tag_frequency) == 100
    assert result.tag_frequency[0] == ("tag149", 150)


def test_describe_does_not_count_a_dataset_twice() -> None:
    table = {"1_x": {"solo": 2}}
    result = facts(
        sd_lora(768),
        {
            "ss_tag_frequency": json.dumps(table),
            "ss_datasets": json.dumps([{"tag_frequency": table}]),
        },
    )
    assert result.tag_frequency == [("solo", 2)]


# --- training summary ----------------------------------------------------------


def test_describe_summarises_training_as_json_safe_values() -> None:
    metadata = {
        "ss_base_model_version": "sdxl_base_v1-0",
        "ss_network_module": "lycoris.kohya",
        "ss_network_args": '{"algo": "locon", "conv_dim": "8"}',
        "ss_num_epochs": "10",
        "ss_epoch": "7",
        "ss_steps": "1680",
        "ss_max_train_steps": "2400",
        "ss_num_train_images": "240",
        "ss_resolution": "(1024, 768)",
        "ss_learning_rate": "0.0001",
        "ss_text_encoder_lr": "[1e-05, 2e-05]",
        "ss_optimizer": "bitsandbytes.optim.adamw.AdamW8bit(weight_decay=0.01)",
        "ss_lr_scheduler": "cosine",
        "ss_clip_skip": "2",
        "ss_seed": "42",
        "ss_sd_model_name": "sd_xl_base_1.0.safetensors",
        "ss_dataset_dirs": '{"10_miku": {"n_repeats": 10, "img_count": 24}}',
        "ss_training_started_at": "1717000000.125",
        "ss_training_finished_at": "1717005400.625",
        "ss_output_name": "miku",
        "ss_sd_scripts_commit_hash": "48d368fa557",
        "modelspec.prediction_type": "epsilon",
        "modelspec.architecture": "stable-diffusion-xl-v1-base/lora",
        "modelspec.implementation": "https://github.com/Stability-AI/generative-models",
        "ss_training_comment": "None",
    }
    training = facts(SDXL_LORA, metadata).training
    assert training == {
        "base_model_version": "sdxl_base_v1-0",
        "network_module": "lycoris.kohya",
        "network_args": {"algo": "locon", "conv_dim": "8"},
        "epochs": 10,
        "epoch": 7,
        "steps": 1680,
        "max_train_steps": 2400,
        "num_train_images": 240,
        "resolution": [1024, 768],
        "learning_rate": 0.0001,
        "text_encoder_lr": [1e-05, 2e-05],
        "optimizer": "bitsandbytes.optim.adamw.AdamW8bit(weight_decay=0.01)",
        "scheduler": "cosine",
        "clip_skip": 2,
        "seed": 42,
        "sd_model_name": "sd_xl_base_1.0.safetensors",
        "dataset_dirs": {"10_miku": {"n_repeats": 10, "img_count": 24}},
        "started_at": "2024-05-29T16:26:40+00:00",
        "finished_at": "2024-05-29T17:56:40+00:00",
        "output_name": "miku",
        "sd_scripts_commit": "48d368fa557",
        "prediction_type": "epsilon",
        "modelspec_architecture": "stable-diffusion-xl-v1-base/lora",
        "modelspec_implementation": "https://github.com/Stability-AI/generative-models",
    }
    json.dumps(training, allow_nan=False)


def test_describe_falls_back_to_modelspec_for_resolution_clip_skip_and_commit() -> None:
    metadata = {
        "modelspec.resolution": "768x512",
        "modelspec.encoder_layer": "2",
        "modelspec.implementation_version": "sd-scripts/abc123",
    }
    training = facts(sd_lora(768), metadata).training
    assert (training["resolution"], training["clip_skip"]) == ([768, 512], 2)
    assert training["sd_scripts_commit"] == "abc123"


# --- embedded images, raw metadata, embedded hash ------------------------------


def test_describe_decodes_embedded_images_and_keeps_raw_metadata_small() -> None:
    png = png_bytes()
    covers = [
        base64.b64encode(b"one").decode(),
        "%%% not base64 %%%",
        base64.b64encode(png).decode(),
    ]
    result = facts(
        sd_lora(768),
        {
            "modelspec.thumbnail": "data:image/png;base64,"
            + base64.b64encode(png).decode(),
            "ssmd_cover_images": json.dumps(covers),
            "ss_output_name": "miku",
        },
    )
    assert result.thumbnails == [png, b"one", png]
    assert result.raw_metadata == {
        "modelspec.thumbnail": f"<image: {len(png)} bytes>",
        "ssmd_cover_images": f"<images: 2, {3 + len(png)} bytes>",
        "ss_output_name": "miku",
    }


def test_describe_ignores_an_embedded_image_that_is_not_base64() -> None:
    result = facts(sd_lora(768), {"modelspec.thumbnail": "data:image/png;base64,@@@"})
    assert result.thumbnails == []
    assert result.raw_metadata["modelspec.thumbnail"].startswith(
        "<image: not decodable"
    )


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"sshs_model_hash": "AB" * 32}, "ab" * 32),
        ({"modelspec.hash_sha256": "0x" + "cd" * 32}, "cd" * 32),
        (
            {
                "sshs_model_hash": "not-a-hash",
                "modelspec.hash_sha256": "0x" + "ef" * 32,
            },
            "ef" * 32,
        ),
        ({"sshs_model_hash": "abc"}, None),
        ({}, None),
    ],
)
def test_describe_reads_the_embedded_tensor_hash(
    metadata: dict[str, str],
    expected: str | None,
) -> None:
    assert facts(sd_lora(768), metadata).embedded_tensor_hash == expected


# --- hostile metadata ----------------------------------------------------------

ODD_VALUES = [
    "",
    "None",
    "null",
    "{",
    "[]",
    "[1, 2]",
    '{"a": NaN}',
    "1e999",
    "-1",
    "\x00",
    "{}" * 3,
    '{"1_x": {"tag": true, "deep": {"a": 1}, "neg": -3, "ok": 2.0}}',
    '[{"subsets": [{"class_tokens": 5}, 7]}, {"tag_frequency": []}]',
    '{"algo": ["loha"], "conv_dim": {"x": 1}, "dora_wd": 1}',
    "[" * 5000 + "]" * 5000,
    "data:image/png;base64,",
    '{"1_x": {"huge": 1' + "0" * 400 + ', "inf": 1e999}}',
]
KNOWN_KEYS = [
    "ss_tag_frequency",
    "ss_datasets",
    "ss_network_args",
    "ss_network_dim",
    "ss_network_alpha",
    "ss_resolution",
    "ss_training_started_at",
    "ss_text_encoder_lr",
    "ss_dataset_dirs",
    "ss_base_model_version",
    "ss_sd_model_name",
    "ss_network_module",
    "modelspec.architecture",
    "modelspec.thumbnail",
    "modelspec.title",
    "modelspec.hash_sha256",
    "modelspec.resolution",
    "ssmd_cover_images",
    "sshs_model_hash",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_describe_never_raises_on_odd_metadata_values(value: str) -> None:
    result = facts(sd_lora(768), dict.fromkeys(KNOWN_KEYS, value))
    assert result.kind == "adapter"
    assert set(result.raw_metadata) == set(KNOWN_KEYS)
    json.dumps(result.training, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KNOWN_KEYS), st.text(max_size=40)))
def test_describe_never_raises_on_arbitrary_metadata(metadata: dict[str, str]) -> None:
    result = facts(sd_lora(768), metadata)
    assert result.architecture in {
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
    }
    json.dumps(result.training, allow_nan=False)


TENSOR_NAMES = st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            [
                "lora_unet_",
                "lora_te2_",
                "transformer.",
                "double_blocks_0_",
                "single_transformer_blocks.1.",
                "layers_0_attention_qkv",
                "attn2_to_k",
                "img_mlp_0",
                ".lora_down.weight",
                ".lora_A.weight",
                ".hada_w1_b",
                ".lokr_w1",
                ".oft_blocks",
                ".alpha",
                ".weight",
                "emb_params",
                "encoder.down.",
            ],
        ),
        max_size=5,
    ),
)
SHAPES = st.lists(st.integers(min_value=0, max_value=20000), max_size=4).map(tuple)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(TENSOR_NAMES, SHAPES, max_size=12))
def test_describe_never_raises_on_arbitrary_tensor_names_and_shapes(
    shapes: Shapes,
) -> None:
    result = facts(shapes)
    assert result.kind in {
        "adapter",
        "checkpoint",
        "vae",
        "text_encoder",
        "embedding",
        "unknown",
    }
    assert result.rank is None or result.rank > 0


def test_describe_skips_bad_json_but_keeps_the_other_facts() -> None:
    result = facts(
        sd_lora(768),
        {"ss_tag_frequency": "{not json", "ss_network_dim": "16", "ss_datasets": "[{"},
    )
    assert (result.tag_frequency, result.rank, result.trained_words) == ([], 16, [])


# --- end to end on files written like real trainers ----------------------------

FAMILY_ARCHITECTURE: dict[Family, tuple[str, str]] = {
    "sd1": ("sd1", "SD 1.5"),
    "sd2": ("sd2", "SD 2.1"),
    "sdxl": ("sdxl", "SDXL 1.0"),
    "sd3": ("sd3", "SD 3"),
    "flux_kohya": ("flux1", "Flux.1 D"),
    "flux_peft": ("flux1", "Flux.1 D"),
    "flux_onetrainer": ("flux1", "Flux.1 D"),
}
SD_FAMILIES: tuple[Family, ...] = ("sd1", "sd2", "sdxl")
NETWORKS: tuple[Network, ...] = ("lora", "locon", "loha", "lokr", "dora")


def describe_file(path: Path) -> AdapterFacts:
    with path.open("rb") as handle:
        parsed = read_header(handle, path.stat().st_size)
    return describe(parsed, file_name=path.name)


@pytest.mark.parametrize("family", list(FAMILY_ARCHITECTURE))
def test_trained_files_of_every_family_are_described(
    tmp_path: Path, family: Family
) -> None:
    path = write_lora(tmp_path, "miku", family=family, trigger="mksks", rank=8)
    result = describe_file(path)
    architecture, base_model = FAMILY_ARCHITECTURE[family]
    assert (result.kind, result.architecture, result.base_model) == (
        "adapter",
        architecture,
        base_model,
    )
    assert (result.network_type, result.rank) == ("lora", 8)
    assert "mksks" in result.trained_words
    # PEFT trainers embed no hash; the others embed the tensor-data SHA-256.
    real_hash = tensor_section_sha256(path.read_bytes())
    expected_hash = None if family == "flux_peft" else real_hash
    assert result.embedded_tensor_hash == expected_hash


@pytest.mark.parametrize("family", list(FAMILY_ARCHITECTURE))
def test_files_without_metadata_are_described_from_tensors(
    tmp_path: Path,
    family: Family,
) -> None:
    path = write_lora(tmp_path, "plain", family=family, metadata=False, rank=4)
    result = describe_file(path)
    assert (result.architecture, result.architecture_source) == (
        FAMILY_ARCHITECTURE[family][0],
        "tensors",
    )
    assert (result.base_model, result.rank, result.alpha) == (None, 4, None)


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("family", SD_FAMILIES)
def test_lycoris_files_are_told_apart(
    tmp_path: Path, family: Family, network: Network
) -> None:
    with_metadata = describe_file(
        write_lora(tmp_path, "a", family=family, network=network)
    )
    without = describe_file(
        write_lora(tmp_path, "b", family=family, network=network, metadata=False),
    )
    assert with_metadata.network_type == network
    assert without.network_type == network
    assert without.architecture == family


def test_trained_files_carry_their_embedded_images(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "pics", family="sdxl", thumbnail=True, covers=2)
    result = describe_file(path)
    assert len(result.thumbnails) == 3
    assert all(image.startswith(b"\x89PNG") for image in result.thumbnails)
    assert result.raw_metadata["ssmd_cover_images"].startswith("<images: 2,")


def test_checkpoints_and_vaes_are_not_adapters(tmp_path: Path) -> None:
    checkpoint = describe_file(write_checkpoint(tmp_path, "model", family="sdxl"))
    vae = describe_file(write_vae(tmp_path, "vae"))
    assert (checkpoint.kind, checkpoint.architecture) == ("checkpoint", "sdxl")
    assert vae.kind == "vae"
