"""Test data: realistic LoRA, checkpoint, VAE, pickle and hostile files on disk.

Adapter files are written with the ``safetensors`` library itself so they are
byte-for-byte what trainers produce; hostile files are assembled by hand because
no correct writer would produce them.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zipfile
from pathlib import Path
from typing import Literal

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save, save_file

from tests.factories.lora_metadata import (
    KOHYA_FAMILIES,
    cover_images,
    kohya_metadata,
    modelspec_metadata,
    thumbnail_data_url,
)
from tests.factories.safetensors_layouts import (
    Family,
    Network,
    Tensors,
    adapter_tensors,
    checkpoint_tensors,
    vae_tensors,
)

HostileKind = Literal[
    "zero_byte",
    "tiny",
    "header_beyond_file",
    "header_over_cap",
    "invalid_utf8",
    "invalid_json",
    "json_not_object",
    "bad_offsets",
    "overlapping_offsets",
    "shape_mismatch",
    "unknown_dtype",
    "duplicate_keys",
    "truncated_data",
    "trailing_bytes",
    "metadata_not_strings",
]
HOSTILE_KINDS: tuple[HostileKind, ...] = HostileKind.__args__  # type: ignore[attr-defined]

PADDING_TENSOR = "padding"
"""Name of the U8 filler tensor ``pad_to_bytes`` adds; not part of any network."""

_PLACEHOLDER_SHA = "0" * 64


def write_lora(
    directory: Path,
    name: str,
    *,
    family: Family,
    network: Network = "lora",
    metadata: bool | dict[str, str] = True,
    rank: int = 4,
    alpha: float = 4.0,
    trigger: str | None = None,
    pad_to_bytes: int = 0,
    stale_hash: bool = False,
    thumbnail: bool = False,
    covers: int = 0,
) -> Path:
    """Write ``<directory>/<name>.safetensors`` shaped like a real adapter.

    ``metadata=True`` writes what the trainer of ``family`` writes (kohya
    ``ss_*`` + ``sshs_*`` + ``modelspec.*``; OneTrainer and PEFT their own keys);
    a dict is written verbatim; ``False`` writes no ``__metadata__`` at all.
    ``pad_to_bytes`` makes the file exactly that large with a filler tensor.
    ``stale_hash`` embeds a wrong tensor hash; ``thumbnail`` adds a
    ``modelspec.thumbnail`` data URL and ``covers`` that many ``ssmd_cover_images``.
    """
    tensors = adapter_tensors(family, network, rank=rank, alpha=alpha, seed=name)
    if metadata is True:
        meta: dict[str, str] | None = _trainer_metadata(
            name, family, network, rank=rank, alpha=alpha, trigger=trigger
        )
    elif metadata is False:
        meta = None
    else:
        meta = dict(metadata)
    if meta is None and (thumbnail or covers or stale_hash):
        raise ValueError("thumbnail, covers and stale_hash need metadata")
    if meta is not None:
        if thumbnail:
            meta["modelspec.thumbnail"] = thumbnail_data_url()
        if covers:
            meta["ssmd_cover_images"] = cover_images(covers)
    path = directory / f"{name}.safetensors"
    _pad(tensors, meta, pad_to_bytes)
    if meta is not None:
        _fill_embedded_hashes(tensors, meta, stale=stale_hash)
    _save(tensors, path, meta, pad_to_bytes)
    return path


def write_checkpoint(
    directory: Path,
    name: str,
    *,
    family: Literal["sd1", "sdxl"] = "sd1",
    metadata: dict[str, str] | None = None,
    pad_to_bytes: int = 0,
) -> Path:
    """Write a full-model checkpoint (``model.diffusion_model.*``): not an adapter."""
    tensors = checkpoint_tensors(family, seed=name)
    path = directory / f"{name}.safetensors"
    _pad(tensors, metadata, pad_to_bytes)
    _save(tensors, path, metadata, pad_to_bytes)
    return path


def write_vae(directory: Path, name: str, *, pad_to_bytes: int = 0) -> Path:
    """Write a standalone VAE (``encoder.*``/``decoder.*``): not an adapter."""
    tensors = vae_tensors(seed=name)
    path = directory / f"{name}.safetensors"
    _pad(tensors, None, pad_to_bytes)
    _save(tensors, path, None, pad_to_bytes)
    return path


def write_pickle_lora(directory: Path, name: str, *, suffix: str = ".pt") -> Path:
    """Write a torch-style zip whose pickle fails loudly if anyone unpickles it."""
    path = directory / f"{name}{suffix}"
    # GLOBAL of a module that does not exist, then REDUCE: unpickling raises
    # ModuleNotFoundError instead of doing anything, so a test can tell.
    trap = b"\x80\x02clora_manager_never_unpickle\nexplode\n)R."
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{name}/data.pkl", trap)
        archive.writestr(f"{name}/version", b"3\n")
        archive.writestr(f"{name}/data/0", np.arange(4096, dtype=np.float16).tobytes())
    return path


def edit_metadata_only(path: Path, new_metadata: dict[str, str]) -> None:
    """Rewrite a file with the same tensors and a different ``__metadata__``."""
    tensors = load_file(path)
    temporary = path.with_name(path.name + ".tmp")
    save_file(tensors, temporary, metadata=new_metadata)
    os.replace(temporary, path)


def read_metadata(path: Path) -> dict[str, str]:
    """The ``__metadata__`` of a safetensors file, as the library reads it."""
    with safe_open(path, framework="numpy") as handle:
        return dict(handle.metadata() or {})


def with_stale_embedded_hash(path: Path) -> Path:
    """Make the embedded tensor hash of an existing file wrong, as after an edit."""
    meta = read_metadata(path)
    meta["sshs_model_hash"] = _stale(meta.get("sshs_model_hash", _PLACEHOLDER_SHA))
    if "modelspec.hash_sha256" in meta:
        meta["modelspec.hash_sha256"] = "0x" + _stale(meta["modelspec.hash_sha256"])
    edit_metadata_only(path, meta)
    return path


def tensor_section_sha256(blob: bytes | memoryview) -> str:
    """SHA-256 of everything after the header of a serialised file."""
    (length,) = struct.unpack("<Q", blob[:8])
    return hashlib.sha256(memoryview(blob)[8 + length :]).hexdigest()


def write_hostile(directory: Path, kind: HostileKind) -> Path:
    """Write a file that a safetensors reader must refuse, one flaw per ``kind``."""
    path = directory / f"hostile_{kind}.safetensors"
    if kind == "zero_byte":
        path.write_bytes(b"")
    elif kind == "tiny":
        path.write_bytes(b"\x05\x00\x00")
    elif kind == "header_beyond_file":
        path.write_bytes(struct.pack("<Q", 4096) + b"{}" + b" " * 98)
    elif kind == "header_over_cap":
        path.write_bytes(struct.pack("<Q", 200_000_000) + b"{}" + b" " * 6)
    elif kind == "truncated_data":
        write_lora(directory, path.stem, family="sd1", metadata=False)
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size - 100)
    else:
        header, data = _HOSTILE_BODIES[kind]
        path.write_bytes(struct.pack("<Q", len(header)) + header + data)
    return path


def _entry(
    begin: int, end: int, dtype: str = "F16", count: int = 4
) -> dict[str, object]:
    return {"dtype": dtype, "shape": [count], "data_offsets": [begin, end]}


def _json(document: object) -> bytes:
    return json.dumps(document).encode()


_DOWN = "lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight"
_UP = "lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight"
_HOSTILE_BODIES: dict[str, tuple[bytes, bytes]] = {
    "invalid_utf8": (b'{"lora_te_\xff\xfe.alpha": {}}', b""),
    "invalid_json": (b'{"lora_te.alpha": {"dtype": "F16",', b""),
    "json_not_object": (
        b'[{"dtype": "F16", "shape": [], "data_offsets": [0, 2]}]',
        b"",
    ),
    "bad_offsets": (_json({_DOWN: _entry(0, 8), _UP: _entry(16, 24)}), bytes(24)),
    "overlapping_offsets": (
        _json({_DOWN: _entry(0, 8), _UP: _entry(4, 12)}),
        bytes(12),
    ),
    "shape_mismatch": (_json({_DOWN: _entry(0, 6)}), bytes(6)),
    "unknown_dtype": (_json({_DOWN: _entry(0, 8, dtype="F12")}), bytes(8)),
    "duplicate_keys": (
        b'{"a.alpha": {"dtype": "F16", "shape": [], "data_offsets": [0, 2]}, '
        b'"a.alpha": {"dtype": "F16", "shape": [], "data_offsets": [0, 2]}}',
        bytes(2),
    ),
    "trailing_bytes": (_json({_DOWN: _entry(0, 8)}), bytes(8 + 5)),
    "metadata_not_strings": (
        _json({"__metadata__": {"ss_output_name": "x", "ss_network_dim": 4}}),
        b"",
    ),
}


def _trainer_metadata(
    name: str,
    family: Family,
    network: Network,
    *,
    rank: int,
    alpha: float,
    trigger: str | None,
) -> dict[str, str]:
    """What the usual trainer of ``family`` embeds, with placeholder hashes."""
    spec = modelspec_metadata(name, family, trigger=trigger)
    if family in KOHYA_FAMILIES:
        kohya = kohya_metadata(
            name, family, network, rank=rank, alpha=alpha, trigger=trigger
        )
        hashes = {"sshs_model_hash": _PLACEHOLDER_SHA, "sshs_legacy_hash": "0" * 8}
        return {**kohya, **hashes, **spec}
    if family == "flux_onetrainer":
        extra = {"ot_branch": "master", "ot_revision": "0" * 40}
        return {**spec, "modelspec.hash_sha256": "0x" + _PLACEHOLDER_SHA, **extra}
    return {"format": "pt", **spec}


def _fill_embedded_hashes(
    tensors: Tensors, meta: dict[str, str], *, stale: bool
) -> None:
    """Replace placeholder hashes the way sd-scripts computes them.

    sd-scripts serialises the state dict with only the ``ss_*`` keys in memory and
    hashes that; the tensor bytes are the same in the final file, the header is not.
    """
    if (
        "sshs_model_hash" not in meta
        and "modelspec.hash_sha256" not in meta
        and not stale
    ):
        return
    kohya_only = {k: v for k, v in meta.items() if k.startswith("ss_")}
    blob = save(tensors, metadata=kohya_only or None)
    tensor_hash = tensor_section_sha256(blob)
    if "sshs_model_hash" in meta or stale:
        meta["sshs_model_hash"] = _stale(tensor_hash) if stale else tensor_hash
    if "sshs_legacy_hash" in meta:
        meta["sshs_legacy_hash"] = hashlib.sha256(blob[0x100000:0x110000]).hexdigest()[
            :8
        ]
    if "modelspec.hash_sha256" in meta:
        meta["modelspec.hash_sha256"] = "0x" + (
            _stale(tensor_hash) if stale else tensor_hash
        )


def _stale(digest: str) -> str:
    """A well-formed digest that is not ``digest``."""
    return hashlib.sha256(b"stale:" + digest.encode()).hexdigest()


def _pad(tensors: Tensors, meta: dict[str, str] | None, target: int) -> None:
    """Add a U8 filler so that the serialised file is exactly ``target`` bytes.

    The writer pads the JSON header with spaces to a multiple of 8 and orders
    tensors by descending alignment, so a U8 tensor goes last and leaves the other
    offsets alone; only the header length depends on the filler's size.
    """
    if target <= 0:
        return
    blob = save(tensors, metadata=meta)
    (length,) = struct.unpack("<Q", blob[:8])
    json_length = len(blob[8 : 8 + length].rstrip(b" "))
    data = len(blob) - 8 - length
    count = target - len(blob)
    for _ in range(4):
        entry = f'"{PADDING_TENSOR}":' + json.dumps(
            _entry(data, data + count, dtype="U8", count=count), separators=(",", ":")
        )
        header = -(-(json_length + 1 + len(entry)) // 8) * 8
        count = target - 8 - header - data
    if count <= 0:
        raise ValueError(f"pad_to_bytes={target} is smaller than the unpadded file")
    tensors[PADDING_TENSOR] = np.zeros(count, dtype=np.uint8)


def _save(
    tensors: Tensors, path: Path, meta: dict[str, str] | None, target: int
) -> None:
    save_file(tensors, path, metadata=meta)
    size = path.stat().st_size
    if target > 0 and size != target:
        raise AssertionError(f"padding missed: wrote {size} bytes, wanted {target}")
