"""The ``__metadata__`` trainers write: kohya ``ss_*``, ``modelspec.*``, ``ssmd_*``.

Values follow LORA_SPECS §2.1-2.3: everything is a string, JSON is encoded as a
string, numbers are ``str(value)`` as sd-scripts writes them.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime

from PIL import Image

from tests.factories.safetensors_layouts import Family, Network

TRAINING_STARTED_AT = 1_717_000_000.125
TRAINING_SECONDS = 5_400.5

_BASE_VERSION: dict[Family, str] = {
    "sd1": "sd_v1",
    "sd2": "sd_v2_v",
    "sdxl": "sdxl_base_v1-0",
    "sd3": "medium",
    "flux_kohya": "flux1",
    "flux_peft": "flux1",
    "flux_onetrainer": "flux1",
}
_ARCHITECTURE: dict[Family, str] = {
    "sd1": "stable-diffusion-v1",
    "sd2": "stable-diffusion-v2-768-v",
    "sdxl": "stable-diffusion-xl-v1-base",
    "sd3": "stable-diffusion-3-medium",
    "flux_kohya": "flux-1-dev",
    "flux_peft": "flux-1-dev",
    "flux_onetrainer": "flux-1-dev",
}
_STABILITY = "https://github.com/Stability-AI/generative-models"
_BFL = "https://github.com/black-forest-labs/flux"
_IMPLEMENTATION: dict[Family, str] = {
    "sd1": "diffusers",
    "sd2": "diffusers",
    "sdxl": _STABILITY,
    "sd3": _STABILITY,
    "flux_kohya": _BFL,
    "flux_peft": _BFL,
    "flux_onetrainer": _BFL,
}
_RESOLUTION: dict[Family, int] = {"sd1": 512, "sd2": 768}
_BASE_CHECKPOINT: dict[Family, str] = {
    "sd1": "v1-5-pruned-emaonly.safetensors",
    "sd2": "v2-1_768-ema-pruned.safetensors",
    "sdxl": "sd_xl_base_1.0.safetensors",
    "sd3": "sd3_medium.safetensors",
    "flux_kohya": "flux1-dev.safetensors",
}
_NETWORK_MODULE: dict[Family, str] = {
    "sd3": "networks.lora_sd3",
    "flux_kohya": "networks.lora_flux",
}

KOHYA_FAMILIES: frozenset[Family] = frozenset(
    {"sd1", "sd2", "sdxl", "sd3", "flux_kohya"}
)


def resolution(family: Family) -> int:
    """Training resolution sd-scripts defaults to for a family."""
    return _RESOLUTION.get(family, 1024)


def kohya_metadata(
    name: str,
    family: Family,
    network: Network,
    *,
    rank: int,
    alpha: float,
    trigger: str | None,
) -> dict[str, str]:
    """The ``ss_*`` keys sd-scripts' train_network.py writes."""
    folder = f"10_{trigger or name}"
    tags = {trigger or name: 24, "1girl": 20, "solo": 18, "looking at viewer": 9}
    size = resolution(family)
    if network == "lora":
        module = _NETWORK_MODULE.get(family, "networks.lora")
        args: dict[str, str] = {}
    else:
        module = "lycoris.kohya"
        algo = "locon" if network == "dora" else network
        args = {"algo": algo, "conv_dim": str(rank), "conv_alpha": str(alpha)}
        if network == "dora":
            args["dora_wd"] = "True"
    return {
        "ss_session_id": "1234567890",
        "ss_training_started_at": repr(TRAINING_STARTED_AT),
        "ss_training_finished_at": repr(TRAINING_STARTED_AT + TRAINING_SECONDS),
        "ss_output_name": name,
        "ss_base_model_version": _BASE_VERSION[family],
        "ss_v2": str(family == "sd2"),
        "ss_sd_model_name": _BASE_CHECKPOINT.get(family, "flux1-dev.safetensors"),
        "ss_network_module": module,
        "ss_network_dim": str(rank),
        "ss_network_alpha": str(float(alpha)),
        "ss_network_dropout": "None",
        "ss_network_args": json.dumps(args) if args else "null",
        "ss_num_epochs": "10",
        "ss_epoch": "10",
        "ss_steps": "2400",
        "ss_max_train_steps": "2400",
        "ss_num_train_images": "240",
        "ss_num_reg_images": "0",
        "ss_num_batches_per_epoch": "240",
        "ss_learning_rate": "0.0001",
        "ss_unet_lr": "0.0001",
        "ss_text_encoder_lr": "5e-05",
        "ss_lr_scheduler": "cosine",
        "ss_optimizer": "bitsandbytes.optim.adamw.AdamW8bit",
        "ss_mixed_precision": "bf16",
        "ss_clip_skip": "2" if family == "sd1" else "None",
        "ss_seed": "42",
        "ss_resolution": f"({size}, {size})",
        "ss_tag_frequency": json.dumps({folder: tags}),
        "ss_dataset_dirs": json.dumps({folder: {"n_repeats": 10, "img_count": 24}}),
        "ss_training_comment": "None",
    }


def modelspec_metadata(
    name: str,
    family: Family,
    *,
    trigger: str | None,
) -> dict[str, str]:
    """The ``modelspec.*`` keys (Stability AI Model Metadata Spec 1.0.1)."""
    size = resolution(family)
    date = datetime.fromtimestamp(TRAINING_STARTED_AT, tz=UTC).isoformat()
    spec = {
        "modelspec.sai_model_spec": "1.0.1",
        "modelspec.architecture": f"{_ARCHITECTURE[family]}/lora",
        "modelspec.implementation": _IMPLEMENTATION[family],
        "modelspec.title": name,
        "modelspec.date": date,
        "modelspec.resolution": f"{size}x{size}",
    }
    if family in ("sd1", "sd2", "sdxl"):
        spec["modelspec.prediction_type"] = "v" if family == "sd2" else "epsilon"
    if trigger is not None:
        spec["modelspec.trigger_phrase"] = trigger
    return spec


def png_bytes(width: int = 32, height: int = 32, color: str = "teal") -> bytes:
    """A small real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def thumbnail_data_url(png: bytes | None = None) -> str:
    """A ``modelspec.thumbnail`` value: a base64 PNG data URL."""
    encoded = base64.b64encode(png or png_bytes()).decode("ascii")
    return f"data:image/png;base64,{encoded}"


def cover_images(count: int) -> str:
    """An ``ssmd_cover_images`` value: a JSON list of base64 PNGs."""
    colors = ["red", "green", "blue", "orange", "purple"]
    images = [
        base64.b64encode(png_bytes(color=colors[i % len(colors)])).decode("ascii")
        for i in range(count)
    ]
    return json.dumps(images)
