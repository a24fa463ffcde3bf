"""Shared helpers for the library benchmarks: fast realistic files, timing, RSS."""

from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import lora_manager  # noqa: F401
except ModuleNotFoundError:  # a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

MIB = 1 << 20
_KEYS = [
    "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k",
    "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_v",
    "lora_te_text_model_encoder_layers_0_self_attn_q_proj",
]


def write_adapter(path: Path, data_bytes: int, seed: int) -> None:
    """Write an SD1-shaped LoRA with kohya metadata and `data_bytes` of tensor data."""
    rank, width = 4, 768
    tensors: dict[str, object] = {}
    offset = 0
    for key in _KEYS:
        for suffix, shape in (
            (".lora_down.weight", [rank, width]),
            (".lora_up.weight", [width, rank]),
        ):
            size = shape[0] * shape[1] * 2
            tensors[key + suffix] = {
                "dtype": "F16",
                "shape": shape,
                "data_offsets": [offset, offset + size],
            }
            offset += size
    filler = max(0, data_bytes - offset)
    tensors["padding"] = {
        "dtype": "U8",
        "shape": [filler],
        "data_offsets": [offset, offset + filler],
    }
    tensors["__metadata__"] = {
        "ss_network_module": "networks.lora",
        "ss_network_dim": str(rank),
        "ss_network_alpha": "4.0",
        "ss_base_model_version": "sd_v1",
        "ss_output_name": path.stem,
        "ss_tag_frequency": json.dumps({"10_x": {f"trig{seed}": 10, "1girl": 5}}),
    }
    header = json.dumps(tensors).encode()
    header += b" " * (-len(header) % 8)
    with path.open("wb") as out:
        out.write(struct.pack("<Q", len(header)) + header)
        block = seed.to_bytes(8, "little") * (MIB // 8)
        remaining = offset + filler
        while remaining > 0:
            chunk = block[: min(len(block), remaining)]
            out.write(chunk)
            remaining -= len(chunk)


def peak_rss_mib() -> float:
    """Peak resident memory of this process (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def data_dir_env(path: Path) -> dict[str, str]:
    """Environment for a fresh embedded instance in `path`."""
    return {**os.environ, "DATA_DIR": str(path), "DATABASE_URL": "", "LORA_ROOTS": ""}
