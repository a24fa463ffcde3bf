"""Turning what a scan learned into adapter columns, without touching user edits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lora_manager.civitai.mapping import (
    CIVITAI_COLUMNS,
    is_api_record,
    is_civitai_preview,
    preview_source_of,
    sidecar_columns,
)
from lora_manager.civitai.record import merge_suggestions
from lora_manager.core.db import utcnow
from lora_manager.library.facts import AdapterFacts
from lora_manager.library.reading import FileReading
from lora_manager.library.sidecars import SidecarFacts
from lora_manager.models.adapter import PROTECTED_FIELDS

# When a file names no trigger words, caption tags present in (nearly) every
# training image are the activation tags in practice.
_ACTIVATION_SHARE = 0.9
_MAX_GUESSED_TRIGGERS = 3


def _unique(words: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        clean = word.strip()
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


def _guessed_triggers(tag_frequency: list[tuple[str, int]]) -> list[str]:
    if not tag_frequency:
        return []
    top = tag_frequency[0][1]
    return [tag for tag, count in tag_frequency if count >= top * _ACTIVATION_SHARE][
        :_MAX_GUESSED_TRIGGERS
    ]


def training_summary(
    facts: AdapterFacts | None, stale_hash: str | None
) -> dict[str, Any]:
    """Build the `training` JSON: decoded ss_*/modelspec values and header facts."""
    if facts is None:
        return {}
    summary: dict[str, Any] = dict(facts.training)
    summary["tag_frequency"] = [[tag, count] for tag, count in facts.tag_frequency]
    summary["header"] = {
        "trigger_words": facts.trained_words or _guessed_triggers(facts.tag_frequency),
        "trigger_words_guessed": not facts.trained_words,
        "title": facts.title,
        "author": facts.author,
        "description": facts.description,
        "base_model": facts.base_model,
        "tags": facts.tags,
        "architecture_source": facts.architecture_source,
    }
    if stale_hash:
        summary["stale_embedded_hash"] = stale_hash
    return summary


def _civitai(sidecars: SidecarFacts) -> dict[str, Any] | None:
    if sidecars.civitai_version is None and not sidecars.civitai_not_found:
        return None
    return {
        "source": "sidecar",
        "not_found": sidecars.civitai_not_found,
        "version": sidecars.civitai_version,
        "model": sidecars.civitai_model,
    }


def _civitai_fields(sidecars: SidecarFacts) -> dict[str, Any]:
    """Return the `civitai` JSON and columns a sidecar's Civitai copy fills.

    Without one, nothing: a reread keeps what a sync stored.
    """
    record = _civitai(sidecars)
    if record is None:
        return {}
    columns = sidecar_columns(sidecars.civitai_version, sidecars.civitai_not_found)
    return {"civitai": record, **columns}


_CIVITAI_DEFAULTS: dict[str, Any] = {
    "civitai": None,
    **dict.fromkeys(CIVITAI_COLUMNS),
    "civitai_checked_at": None,
    "update_available": False,
}


def _civitai_model_name(sidecars: SidecarFacts) -> str | None:
    for source in (sidecars.civitai_version or {}, sidecars.civitai_model or {}):
        model = source.get("model") if "model" in source else source
        if isinstance(model, dict) and isinstance(model.get("name"), str):
            return str(model["name"])[:512] or None
    return None


def suggested_fields(
    file_path: str, training: dict[str, Any] | None, sidecars: SidecarFacts
) -> dict[str, Any]:
    """Values for fields the user may edit (applied only where they have not)."""
    header: dict[str, Any] = (training or {}).get("header", {})
    stem = Path(file_path).stem
    words = [*sidecars.trained_words, *header.get("trigger_words", [])]
    return {
        "name": _civitai_model_name(sidecars) or header.get("title") or stem,
        "description": sidecars.description or header.get("description"),
        "base_model": sidecars.base_model or header.get("base_model"),
        "trained_words": _unique([str(w)[:200] for w in words])[:200],
        "preferred_weight": sidecars.preferred_weight,
    }


def scanned_fields(reading: FileReading, preview_path: str | None) -> dict[str, Any]:
    """Columns the scanner owns: where the file is, its hashes and inferred facts."""
    file, hashes, facts = reading.file, reading.result.hashes, reading.facts
    return {
        "file_path": file.path,
        "file_name": Path(file.path).name,
        "root_path": file.root,
        "file_format": file.file_format,
        "size_bytes": reading.result.size,
        "mtime_ns": reading.result.mtime_ns,
        "file_identity": file.identity,
        "sidecar_signature": reading.sidecar_signature,
        "sha256": hashes.sha256,
        "autov1": hashes.autov1,
        "autov2": hashes.autov2,
        "autov3": hashes.autov3,
        "tensor_sha256": hashes.tensor_sha256,
        "blake3": hashes.blake3,
        "crc32": hashes.crc32,
        "architecture": facts.architecture if facts else "unknown",
        "network_type": facts.network_type if facts else "unknown",
        "rank": facts.rank if facts else None,
        "alpha": facts.alpha if facts else None,
        "alias": (facts.alias or None) if facts else None,
        "training": training_summary(facts, reading.stale_embedded_hash),
        "file_metadata": facts.raw_metadata if facts else None,
        **_civitai_fields(reading.sidecars),
        "preview_path": preview_path,
        "preview_source": preview_source_of(preview_path),
        "status": "ok",
        "status_reason": None,
        "last_scanned_at": utcnow(),
    }


def first_import_fields(
    sidecars: SidecarFacts, facts: AdapterFacts | None
) -> dict[str, Any]:
    """User-owned fields seeded once from sidecars (later scans never touch them)."""
    tags = _unique([*sidecars.tags, *(facts.tags if facts else [])])
    fields: dict[str, Any] = {"tags": [t[:64] for t in tags][:100]}
    if sidecars.notes:
        fields["notes"] = sidecars.notes
    if sidecars.favorite is not None:
        fields["favorite"] = sidecars.favorite
    return fields


@dataclass(frozen=True, slots=True)
class EditState:
    """What a stored row holds that a rescan must respect or keep."""

    edited_fields: frozenset[str]
    preview_path: str | None
    training: dict[str, Any] | None
    civitai: dict[str, Any] | None = None  # the `rescan` part of a sync's record


def update_values(
    state: EditState, scanned: dict[str, Any], suggested: dict[str, Any]
) -> dict[str, Any]:
    """Merge scanned values and suggested ones, except where the user edited."""
    values = dict(scanned)
    suggested = dict(suggested)
    if is_api_record(state.civitai):
        # What a sync stored outranks a sidecar's copy, and still suggests values.
        for key in ("civitai", *CIVITAI_COLUMNS):
            values.pop(key, None)
        training = values.get("training", state.training) or {}
        header = training.get("header")
        suggested.update(merge_suggestions(suggested, state.civitai, header))
    if "preview_path" in values:
        if values["preview_path"] is None and is_civitai_preview(state.preview_path):
            values["preview_path"] = state.preview_path  # a download stays in use
        values["preview_source"] = preview_source_of(values["preview_path"])
    edited = state.edited_fields & PROTECTED_FIELDS
    values.update({k: v for k, v in suggested.items() if k not in edited})
    values["updated_at"] = utcnow()
    return values


def new_row(reading: FileReading, preview_path: str | None) -> dict[str, Any]:
    """Build every column of the row for a file seen for the first time."""
    now = utcnow()
    scanned = scanned_fields(reading, preview_path)
    row: dict[str, Any] = {
        "active": False,
        "ordinal": None,
        "weight": 1.0,
        "favorite": False,
        "tags": [],
        "notes": None,
        "edited_fields": [],
        "last_used_at": None,
        "created_at": now,
        "updated_at": now,
        **_CIVITAI_DEFAULTS,
        **scanned,
        **suggested_fields(reading.file.path, scanned["training"], reading.sidecars),
        **first_import_fields(reading.sidecars, reading.facts),
    }
    return row
