"""Tests of the prompt composer; `adapter()` builds stack entries for them."""

from typing import Any

from lora_manager.compose.types import StackEntry


def adapter(id: int = 1, stem: str | None = None, **fields: Any) -> StackEntry:
    """A stack entry with plausible defaults; any field can be overridden."""
    file_stem = stem if stem is not None else f"adapter_{id}"
    values: dict[str, Any] = {
        "name": file_stem.replace("_", " ").title(),
        "file_stem": file_stem,
        "alias": None,
        "relative_path": f"{file_stem}.safetensors",
        "architecture": "sdxl",
        "base_model": "SDXL 1.0",
    }
    values.update(fields)
    return StackEntry(id=id, **values)
