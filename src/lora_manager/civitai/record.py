"""The Civitai record stored per adapter, and what it suggests for editable fields.

The record is the adapter's ``civitai`` JSON when it came from the API: the version
object verbatim, the model's details, a flat summary for lists and the UI, and how
Civitai's file hashes compare with ours. Scans keep it (a sidecar copy never
replaces it) and re-apply its suggestions, so a rescan never undoes a sync.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from lora_manager.civitai.mapping import (
    JsonObject,
    as_object,
    creator_name,
    file_hashes,
    hash_match,
    images,
    is_api_record,
    iso_time,
    json_int,
    json_objects,
    json_strings,
    json_text,
    matching_file,
    newer_version,
    parse_time,
    unique_words,
)

MAX_DESCRIPTION = 200_000
# The small part of a record that rescans read (they never load the whole record).
RESCAN_KEY = "rescan"
_RESCAN_FIELDS = (
    "source",
    "not_found",
    "model_name",
    "base_model",
    "trained_words",
    "description",
    "version_description",
)
_UNKNOWN_BASE_MODELS = frozenset({"", "other", "unknown"})


def _model_summary(model: Mapping[str, Any]) -> JsonObject:
    """Return the model object without per-version files, images or description.

    The description is kept once, at the record's top level.
    """
    summary = {
        k: v for k, v in model.items() if k not in ("modelVersions", "description")
    }
    summary["modelVersions"] = [
        {k: v.get(k) for k in ("id", "name", "baseModel", "publishedAt", "status")}
        for v in json_objects(model.get("modelVersions"))
    ]
    return summary


def _license(model: Mapping[str, Any]) -> JsonObject:
    keys = ("allowNoCredit", "allowCommercialUse", "allowDerivatives")
    return {k: model[k] for k in (*keys, "allowDifferentLicense") if k in model}


def _tags(model: Mapping[str, Any]) -> list[str]:
    raw = model.get("tags")
    names = [t.get("name") if isinstance(t, dict) else t for t in raw or []]
    return unique_words(json_strings(names, 64))[:100]


def _file(file: Mapping[str, Any]) -> JsonObject:
    return {
        "name": json_text(file.get("name"), 1024),
        "type": json_text(file.get("type"), 64),
        "size_kb": file.get("sizeKB")
        if isinstance(file.get("sizeKB"), int | float)
        else None,
        "primary": file.get("primary") is True,
        "metadata": as_object(file.get("metadata")) or None,
    }


def _names(version: Mapping[str, Any], details: Mapping[str, Any]) -> JsonObject:
    """Return what the version and its model are called and what they are for."""
    version_model = as_object(version.get("model"))
    return {
        "model_id": json_int(version.get("modelId"), 1),
        "version_id": json_int(version.get("id"), 1),
        "model_name": json_text(version_model.get("name"), 512)
        or json_text(details.get("name"), 512),
        "version_name": json_text(version.get("name"), 512),
        "type": json_text(version_model.get("type"), 64)
        or json_text(details.get("type"), 64),
        "base_model": json_text(version.get("baseModel"), 64),
        "base_model_type": json_text(version.get("baseModelType"), 64),
        "air": json_text(version.get("air"), 512),
        "trained_words": unique_words(json_strings(version.get("trainedWords"))),
        "creator": creator_name(details),
        "tags": _tags(details),
        "description": json_text(details.get("description"), MAX_DESCRIPTION),
        "version_description": json_text(version.get("description"), MAX_DESCRIPTION),
        "license": _license(details),
    }


def _facts(version: Mapping[str, Any], details: Mapping[str, Any]) -> JsonObject:
    """Return the version's counts, rating and dates."""
    stats = as_object(version.get("stats"))
    return {
        "stats": {
            "downloads": json_int(stats.get("downloadCount")),
            "thumbs_up": json_int(stats.get("thumbsUpCount")),
            "model": as_object(details.get("stats")) or None,
        },
        "nsfw_level": json_int(version.get("nsfwLevel")),
        "published_at": iso_time(parse_time(version.get("publishedAt"))),
        "updated_at": iso_time(parse_time(version.get("updatedAt"))),
    }


def api_record(
    version: Mapping[str, Any],
    model: Mapping[str, Any] | None,
    *,
    matched_by: str,
    ours: Mapping[str, str | None],
    checked_at: datetime,
    model_note: str | None = None,
) -> JsonObject:
    """Build the stored record from a version object and (if known) its model."""
    details = model or {}
    file = matching_file(version, ours) or {}
    theirs = file_hashes(file)
    latest = newer_version(details, version) if model else None
    record: JsonObject = {
        "source": "civitai",
        "not_found": False,
        "checked_at": checked_at.isoformat(),
        "matched_by": matched_by,
        **_names(version, details),
        **_facts(version, details),
        "file": _file(file),
        "hashes": theirs,
        "hash_match": hash_match(theirs, ours),
        "images": images(version),
        "update_available": latest is not None,
        "latest_version": latest,
        "model_note": model_note,
        "version": dict(version),
        "model": _model_summary(details) if model else None,
    }
    record[RESCAN_KEY] = {k: record[k] for k in _RESCAN_FIELDS}
    return record


def not_found_record(previous: object, checked_at: datetime) -> JsonObject:
    """Return the record of a 404 (earlier data is kept inside it)."""
    earlier = previous if isinstance(previous, dict) else None
    if earlier is not None and earlier.get("not_found"):
        earlier = earlier.get("previous") if isinstance(earlier, dict) else None
    return {
        "source": "civitai",
        "not_found": True,
        "checked_at": checked_at.isoformat(),
        "previous": earlier or None,
        RESCAN_KEY: {"source": "civitai", "not_found": True},
    }


def record_suggestions(record: object) -> JsonObject:
    """Values the record suggests for name, base model, trigger words, description."""
    if not is_api_record(record) or not isinstance(record, dict):
        return {}
    if record.get("not_found"):
        return {}
    out: JsonObject = {}
    name = json_text(record.get("model_name"), 512)
    if name:
        out["name"] = name
    base = json_text(record.get("base_model"), 64)
    if base and base.lower() not in _UNKNOWN_BASE_MODELS:
        out["base_model"] = base
    words = json_strings(record.get("trained_words"))
    if words:
        out["trained_words"] = words
    description = json_text(record.get("description"), MAX_DESCRIPTION) or json_text(
        record.get("version_description"), MAX_DESCRIPTION
    )
    if description:
        out["description"] = description
    return out


def _texts(records: Sequence[object]) -> set[str]:
    """Every description text Civitai supplied in these records (replaceable)."""
    out: set[str] = set()
    for record in records:
        item = as_object(record)
        for value in (item.get("description"), item.get("version_description")):
            if isinstance(value, str) and value.strip():
                out.add(value.strip())
    return out


def merge_suggestions(
    current: Mapping[str, Any],
    record: object,
    header: Mapping[str, Any] | None,
    earlier: Sequence[object] = (),
) -> JsonObject:
    """Apply Civitai's suggestions over the current values of editable fields.

    Civitai's name and base model win over what the file itself says; trigger
    words are merged (Civitai's first); the description is replaced only when it
    is empty, the file header's, or an earlier Civitai text — a description from a
    sidecar the user keeps (``.txt``, A1111 ``.json``) stays.
    """
    new = record_suggestions(record)
    merged: JsonObject = {k: new[k] for k in ("name", "base_model") if k in new}
    if "trained_words" in new:
        words = [*new["trained_words"], *(current.get("trained_words") or [])]
        merged["trained_words"] = unique_words([str(w)[:200] for w in words])[:200]
    if "description" in new:
        now = current.get("description")
        text = now.strip() if isinstance(now, str) else ""
        header_text = json_text((header or {}).get("description"), MAX_DESCRIPTION)
        replaceable = {header_text} | _texts([record, *earlier])
        if not text or text in replaceable:
            merged["description"] = new["description"]
    return merged
