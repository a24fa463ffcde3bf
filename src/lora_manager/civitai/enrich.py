"""Applying what Civitai said to an adapter row, without touching user edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lora_manager.civitai.lookup import Lookup
from lora_manager.civitai.mapping import as_object, is_civitai_preview, version_columns
from lora_manager.civitai.record import api_record, merge_suggestions, not_found_record
from lora_manager.civitai.repository import takes_civitai_preview
from lora_manager.civitai.sidecar import write_civitai_info
from lora_manager.models import Adapter
from lora_manager.models.adapter import PROTECTED_FIELDS


@dataclass(frozen=True, slots=True)
class ApplyOptions:
    """How a lookup is stored."""

    write_sidecars: bool = False
    force: bool = False


def our_hashes(adapter: Adapter) -> dict[str, str | None]:
    """Return the adapter's hashes under Civitai's names."""
    return {
        "SHA256": adapter.sha256,
        "AutoV1": adapter.autov1,
        "AutoV2": adapter.autov2,
        "AutoV3": adapter.autov3,
        "CRC32": adapter.crc32,
        "BLAKE3": adapter.blake3,
    }


def _editable(adapter: Adapter, values: dict[str, Any]) -> dict[str, Any]:
    edited = set(adapter.edited_fields) & PROTECTED_FIELDS
    return {k: v for k, v in values.items() if k not in edited}


def _found(adapter: Adapter, lookup: Lookup, now: datetime) -> dict[str, Any]:
    assert lookup.version is not None
    record = api_record(
        lookup.version,
        lookup.model,
        matched_by=lookup.matched_by or "SHA256",
        ours=our_hashes(adapter),
        checked_at=now,
        model_note=lookup.model_note,
    )
    changes: dict[str, Any] = {
        **version_columns(lookup.version),
        "civitai_status": "found",
        "civitai_checked_at": now,
        "civitai": record,
    }
    if lookup.model is not None:  # else what the model said before still stands
        changes["creator"] = record["creator"]
        changes["update_available"] = record["update_available"]
    current = {
        "name": adapter.name,
        "base_model": adapter.base_model,
        "trained_words": adapter.trained_words,
        "description": adapter.description,
    }
    header = as_object((adapter.training or {}).get("header"))
    suggested = merge_suggestions(current, record, header, [adapter.civitai])
    changes.update(_editable(adapter, suggested))
    return changes


def _preview(
    adapter: Adapter, lookup: Lookup, record: dict[str, Any]
) -> dict[str, Any]:
    if not lookup.preview_checked:
        return {}
    if not takes_civitai_preview(adapter.preview_path, adapter.preview_source):
        return {}
    if lookup.preview is None:
        if is_civitai_preview(adapter.preview_path):  # nothing allowed any more
            return {"preview_path": None, "preview_source": None}
        return {}
    record["preview"] = {
        "url": lookup.preview.url,
        "nsfw_level": lookup.preview.nsfw_level,
    }
    return {"preview_path": lookup.preview.path, "preview_source": "civitai"}


def _sidecar(
    adapter: Adapter, lookup: Lookup, record: dict[str, Any], force: bool
) -> str | None:
    earlier = as_object(adapter.civitai).get("sidecar_sha256")
    result = write_civitai_info(
        Path(adapter.file_path),
        lookup.version if lookup.outcome == "found" else None,
        ours=earlier if isinstance(earlier, str) else None,
        force=force,
    )
    record["sidecar_sha256"] = result.digest or earlier
    if result.written or result.reason == "unchanged":
        return None
    return f".civitai.info {result.reason}"


def apply_lookup(
    adapter: Adapter, lookup: Lookup, now: datetime, options: ApplyOptions
) -> None:
    """Store a found or not-found answer on the adapter (and its sidecar)."""
    if lookup.outcome == "found":
        changes = _found(adapter, lookup, now)
    else:
        changes = {
            "civitai_status": "not_found",
            "civitai_checked_at": now,
            "update_available": False,
            "civitai": not_found_record(adapter.civitai, now),
        }
    record: dict[str, Any] = changes["civitai"]
    changes.update(_preview(adapter, lookup, record))
    if options.write_sidecars:
        note = _sidecar(adapter, lookup, record, options.force)
        if note:
            lookup.notes.append(note)
    changes["updated_at"] = now
    for name, value in changes.items():
        setattr(adapter, name, value)
