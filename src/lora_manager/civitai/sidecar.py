"""Writing ``<base>.civitai.info`` beside a model, as Civitai Helper does (§5).

The file holds the model-version JSON verbatim with ``indent=4``, or ``{}`` when
Civitai does not know the file. It is written atomically (a temp file in the same
folder, then a rename) and never over a sidecar someone else wrote — one whose
bytes differ from what this service last wrote there — unless forced. A ``{}``
never replaces a sidecar that still holds Civitai data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lora_manager.library.previews import directory_names, find_name, model_base
from lora_manager.library.sidecars import CIVITAI_INFO, MAX_SIDECAR_BYTES


@dataclass(frozen=True, slots=True)
class SidecarResult:
    """What became of one `.civitai.info`: written, already so, or kept as it was."""

    written: bool
    path: str | None = None
    reason: str | None = None
    digest: str | None = None


def info_content(version: Mapping[str, Any] | None) -> bytes:
    """Return the file's bytes: the version verbatim with indent=4, or `{}`."""
    return json.dumps(dict(version) if version else {}, indent=4).encode("utf-8")


def content_digest(content: bytes) -> str:
    """Return the SHA256 that tells this service's own sidecars from others'."""
    return hashlib.sha256(content).hexdigest()


def _holds_data(content: bytes) -> bool:
    try:
        return bool(json.loads(content))
    except ValueError:
        return True  # unreadable: someone's file, not an empty answer


def _write(target: Path, content: bytes, mode: int) -> None:
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(content)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def write_civitai_info(
    model_path: Path,
    version: Mapping[str, Any] | None,
    *,
    ours: str | None,
    force: bool = False,
) -> SidecarResult:
    """Write the model's `.civitai.info`; `ours` is the digest of our last write."""
    if not model_path.is_file():
        return SidecarResult(False, reason="the model file is not there")
    content = info_content(version)
    digest = content_digest(content)
    try:
        names = directory_names(os.listdir(model_path.parent))
        wanted = model_base(model_path) + CIVITAI_INFO
        name = find_name(names, [wanted])
        target = model_path.parent / (name or wanted)
        mode = 0o644
        if name is not None:
            with target.open("rb") as handle:
                current = handle.read(MAX_SIDECAR_BYTES + 1)
            if current == content:
                return SidecarResult(False, str(target), "unchanged", digest)
            if version is None and _holds_data(current):
                return SidecarResult(
                    False, str(target), "kept: it holds Civitai data from before"
                )
            if not force and content_digest(current) != ours:
                return SidecarResult(
                    False, str(target), "kept the existing one (force replaces it)"
                )
            mode = stat.S_IMODE(target.stat().st_mode)
        _write(target, content, mode)
    except OSError as error:
        return SidecarResult(False, reason=f"cannot write: {error.strerror or error}")
    return SidecarResult(True, str(target), None, digest)
