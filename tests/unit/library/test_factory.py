"""The factory's files must be what real trainers write, or other tests lie."""

import base64
import hashlib
import io
import json
import pickletools
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from safetensors import safe_open
from safetensors.numpy import load_file

from tests.factories.lora_files import (
    PADDING_TENSOR,
    edit_metadata_only,
    read_metadata,
    tensor_section_sha256,
    with_stale_embedded_hash,
    write_checkpoint,
    write_lora,
    write_pickle_lora,
    write_vae,
)
from tests.factories.safetensors_layouts import Family

SD1_CROSS_ATTN = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k"
SDXL_CROSS_ATTN = "lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k"


def shapes(path: Path) -> dict[str, tuple[int, ...]]:
    with safe_open(path, framework="numpy") as handle:
        return {n: tuple(handle.get_slice(n).get_shape()) for n in handle.keys()}


@pytest.mark.parametrize(
    ("family", "key", "in_dim"),
    [
        ("sd1", f"{SD1_CROSS_ATTN}.lora_down.weight", 768),
        ("sd2", f"{SD1_CROSS_ATTN}.lora_down.weight", 1024),
        ("sdxl", f"{SDXL_CROSS_ATTN}.lora_down.weight", 2048),
        ("sd3", "lora_unet_joint_blocks_0_x_block_attn_qkv.lora_down.weight", 1536),
        ("flux_kohya", "lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", 3072),
        ("flux_kohya", "lora_unet_single_blocks_0_linear1.lora_down.weight", 3072),
        (
            "flux_peft",
            "transformer.single_transformer_blocks.0.attn.to_q.lora_A.weight",
            3072,
        ),
        (
            "flux_peft",
            "transformer.transformer_blocks.0.attn.add_q_proj.lora_A.weight",
            3072,
        ),
        (
            "flux_onetrainer",
            "lora_transformer_single_transformer_blocks_0_attn_to_q.lora_down.weight",
            3072,
        ),
    ],
)
def test_down_projections_carry_the_input_dim_of_their_family(
    tmp_path: Path,
    family: Family,
    key: str,
    in_dim: int,
) -> None:
    found = shapes(write_lora(tmp_path, "a", family=family, rank=8))
    assert found[key] == (8, in_dim)


def test_sdxl_has_both_text_encoders_and_compvis_unet_keys(tmp_path: Path) -> None:
    names = set(shapes(write_lora(tmp_path, "xl", family="sdxl")))
    assert any(n.startswith("lora_te1_text_model_encoder_layers_") for n in names)
    assert any(n.startswith("lora_te2_text_model_encoder_layers_") for n in names)
    assert not any(n.startswith("lora_unet_down_blocks") for n in names)
    assert shapes(write_lora(tmp_path, "xl2", family="sdxl"))[
        "lora_te2_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight"
    ] == (4, 1280)


def test_kohya_lora_has_scalar_alpha_per_module(tmp_path: Path) -> None:
    tensors = load_file(write_lora(tmp_path, "a", family="sd1", alpha=2.0))
    alphas = {n: t for n, t in tensors.items() if n.endswith(".alpha")}
    downs = [n for n in tensors if n.endswith(".lora_down.weight")]
    assert len(alphas) == len(downs) > 0
    assert all(t.shape == () and float(t) == 2.0 for t in alphas.values())


def test_peft_lora_has_no_alpha_tensors(tmp_path: Path) -> None:
    names = set(shapes(write_lora(tmp_path, "p", family="flux_peft")))
    assert all(n.endswith((".lora_A.weight", ".lora_B.weight")) for n in names)


def test_locon_adds_3x3_convolutions(tmp_path: Path) -> None:
    found = shapes(write_lora(tmp_path, "c", family="sd1", network="locon"))
    assert found["lora_unet_down_blocks_0_resnets_0_conv1.lora_down.weight"] == (
        4,
        320,
        3,
        3,
    )


def test_loha_lokr_and_dora_use_lycoris_suffixes(tmp_path: Path) -> None:
    loha = shapes(write_lora(tmp_path, "h", family="sd1", network="loha"))
    assert loha[f"{SD1_CROSS_ATTN}.hada_w1_b"] == (4, 768)
    assert loha[f"{SD1_CROSS_ATTN}.hada_w2_b"] == (4, 768)
    lokr = shapes(write_lora(tmp_path, "k", family="sdxl", network="lokr"))
    w1, w2 = lokr[f"{SDXL_CROSS_ATTN}.lokr_w1"], lokr[f"{SDXL_CROSS_ATTN}.lokr_w2"]
    assert w1[1] * w2[1] == 2048
    assert w1[0] * w2[0] == 640
    dora = shapes(write_lora(tmp_path, "d", family="sd1", network="dora"))
    assert dora[f"{SD1_CROSS_ATTN}.dora_scale"] == (1, 768)
    meta = read_metadata(tmp_path / "d.safetensors")
    assert meta["ss_network_module"] == "lycoris.kohya"
    assert json.loads(meta["ss_network_args"])["dora_wd"] == "True"


def test_kohya_metadata_is_realistic(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "hero", family="sdxl", rank=16, alpha=8, trigger="hro")
    meta = read_metadata(path)
    assert meta["ss_output_name"] == "hero"
    assert meta["ss_base_model_version"] == "sdxl_base_v1-0"
    assert meta["ss_network_module"] == "networks.lora"
    assert (meta["ss_network_dim"], meta["ss_network_alpha"]) == ("16", "8.0")
    assert json.loads(meta["ss_tag_frequency"])["10_hro"]["hro"] > 0
    assert json.loads(meta["ss_dataset_dirs"])["10_hro"]["n_repeats"] == 10
    assert meta["ss_resolution"] == "(1024, 1024)"
    started = float(meta["ss_training_started_at"])
    assert float(meta["ss_training_finished_at"]) > started
    assert meta["modelspec.architecture"] == "stable-diffusion-xl-v1-base/lora"
    assert meta["modelspec.trigger_phrase"] == "hro"
    assert meta["modelspec.resolution"] == "1024x1024"


def test_embedded_tensor_hash_is_correct_unless_made_stale(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "fresh", family="sd1")
    data = path.read_bytes()
    tensor_hash = tensor_section_sha256(data)
    assert read_metadata(path)["sshs_model_hash"] == tensor_hash
    assert (
        tensor_hash
        == hashlib.sha256(data[8 + int.from_bytes(data[:8], "little") :]).hexdigest()
    )

    stale = write_lora(tmp_path, "stale", family="sd1", stale_hash=True)
    assert read_metadata(stale)["sshs_model_hash"] != tensor_section_sha256(
        stale.read_bytes()
    )
    with_stale_embedded_hash(path)
    assert read_metadata(path)["sshs_model_hash"] != tensor_hash
    assert tensor_section_sha256(path.read_bytes()) == tensor_hash


def test_onetrainer_embeds_a_0x_modelspec_hash(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "ot", family="flux_onetrainer")
    expected = "0x" + tensor_section_sha256(path.read_bytes())
    assert read_metadata(path)["modelspec.hash_sha256"] == expected


def test_custom_or_absent_metadata_is_written_verbatim(tmp_path: Path) -> None:
    custom = write_lora(tmp_path, "custom", family="sd1", metadata={"k": "v"})
    assert read_metadata(custom) == {"k": "v"}
    assert (
        read_metadata(write_lora(tmp_path, "bare", family="sd1", metadata=False)) == {}
    )


def test_embedded_images_are_real_pngs(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "pics", family="sd1", thumbnail=True, covers=2)
    meta = read_metadata(path)
    prefix = "data:image/png;base64,"
    assert meta["modelspec.thumbnail"].startswith(prefix)
    images = [meta["modelspec.thumbnail"][len(prefix) :]]
    images += json.loads(meta["ssmd_cover_images"])
    assert len(images) == 3
    for encoded in images:
        with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
            assert image.format == "PNG"


def test_padding_makes_the_file_exactly_that_large(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "big", family="flux_kohya", pad_to_bytes=5_000_003)
    assert path.stat().st_size == 5_000_003
    assert shapes(path)[PADDING_TENSOR][0] > 3_000_000
    with pytest.raises(ValueError, match="smaller than the unpadded file"):
        write_lora(tmp_path, "small", family="flux_kohya", pad_to_bytes=1000)


def test_editing_metadata_keeps_the_tensors(tmp_path: Path) -> None:
    path = write_lora(tmp_path, "e", family="sd3")
    before = load_file(path)
    edit_metadata_only(path, {"ssmd_display_name": "New"})
    assert read_metadata(path) == {"ssmd_display_name": "New"}
    after = load_file(path)
    assert before.keys() == after.keys()
    assert all(np.array_equal(before[k], after[k]) for k in before)


def test_checkpoints_and_vaes_have_no_adapter_keys(tmp_path: Path) -> None:
    checkpoint = set(shapes(write_checkpoint(tmp_path, "ckpt", family="sdxl")))
    vae = set(shapes(write_vae(tmp_path, "vae")))
    assert any(n.startswith("model.diffusion_model.") for n in checkpoint)
    assert any(n.startswith("first_stage_model.") for n in checkpoint)
    assert any(n.startswith("encoder.down.") for n in vae)
    assert any(n.startswith("decoder.") for n in vae)
    assert not any("lora" in n for n in checkpoint | vae)


def test_pickle_lora_is_a_torch_style_zip_with_a_trap(tmp_path: Path) -> None:
    path = write_pickle_lora(tmp_path, "legacy")
    with zipfile.ZipFile(path) as archive:
        payload = archive.read("legacy/data.pkl")
    # Read the opcodes without executing them: the only global is the trap.
    globals_used = [
        arg for op, arg, _ in pickletools.genops(payload) if op.name == "GLOBAL"
    ]
    assert globals_used == ["lora_manager_never_unpickle explode"]
