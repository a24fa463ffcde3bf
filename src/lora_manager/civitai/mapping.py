"""Civitai JSON to adapter columns: pure functions over the documented shapes.

The model-version object (LORA_SPECS §4.3) comes from the by-hash endpoints or a
``.civitai.info`` sidecar; the model object (§4.4) from ``GET /models/{id}``. Any
value may be missing or of the wrong type (sidecars are hand-edited, mirrors
differ), so every reader here checks types and bounds and falls back to None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

JsonObject = dict[str, Any]

HASH_LENGTHS = {
    "SHA256": 64,
    "AutoV1": 8,
    "AutoV2": 10,
    "AutoV3": 12,
    "CRC32": 8,
    "BLAKE3": 64,
}
# AutoV3 of a file with no tensor data: it would match every such file, so never ask.
EMPTY_AUTOV3 = "E3B0C44298FC"
MAX_INT = 2**31 - 1  # the Integer columns on PostgreSQL
# Civitai's nsfwLevel bitmask; a configured level allows itself and everything below.
NSFW_LEVELS = {"PG": 1, "PG13": 2, "R": 4, "X": 8, "XXX": 16}
_LEGACY_NSFW = {"none": 1, "soft": 2, "mature": 4, "x": 8}
_UNKNOWN_BASE_MODELS = frozenset({"", "other", "unknown"})
MAX_IMAGES = 20

# First-class columns that Civitai data fills (sidecars and enrichment alike).
CIVITAI_COLUMNS = (
    "civitai_model_id",
    "civitai_version_id",
    "civitai_status",
    "creator",
    "downloads",
    "thumbs_up",
    "nsfw_level",
    "published_at",
)


def as_object(value: object) -> JsonObject:
    """Return a JSON object, or an empty one for anything else."""
    return value if isinstance(value, dict) else {}


def json_objects(value: object) -> list[JsonObject]:
    """Return the objects of a JSON list (other items are dropped)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def json_text(value: object, limit: int) -> str | None:
    """Return a non-blank string, stripped and cut to `limit`, else None."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:limit]
    return None


def json_strings(value: object, limit: int = 200) -> list[str]:
    """Return the non-blank strings of a JSON list."""
    if not isinstance(value, list):
        return []
    return [v.strip()[:limit] for v in value if isinstance(v, str) and v.strip()]


def json_int(value: object, low: int = 0) -> int | None:
    """Return an integer that fits the Integer columns, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    number = int(value)
    return number if low <= number <= MAX_INT else None


def unique_words(words: Sequence[str]) -> list[str]:
    """Drop blanks and case-insensitive repeats, keeping the first spelling."""
    seen: set[str] = set()
    out: list[str] = []
    for word in words:
        clean = word.strip()
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


def parse_time(value: object) -> datetime | None:
    """Parse Civitai's ISO 8601 timestamps into aware UTC datetimes."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def iso_time(value: datetime | None) -> str | None:
    """Format a datetime as ISO 8601 (None stays None)."""
    return value.isoformat() if value else None


# --- NSFW levels -----------------------------------------------------------------


def allowed_nsfw_mask(level: str) -> int:
    """Return the ratings bitmask a configured level allows (PG → 1, R → 7)."""
    ceiling = NSFW_LEVELS[level]
    return sum(bit for bit in NSFW_LEVELS.values() if bit <= ceiling)


def image_nsfw_level(image: Mapping[str, Any]) -> int | None:
    """Return an image's nsfwLevel bitmask (or its legacy `nsfw` string's)."""
    level = json_int(image.get("nsfwLevel"))
    if level is not None:
        return level
    legacy = image.get("nsfw")
    if isinstance(legacy, str):
        return _LEGACY_NSFW.get(legacy.strip().lower())
    return None


def within_level(level: int | None, mask: int) -> bool:
    """Whether a rating is known and no part of it is above the allowed mask."""
    return level is not None and level > 0 and level & ~mask == 0


# --- hashes ----------------------------------------------------------------------


def file_hashes(file: Mapping[str, Any]) -> dict[str, str]:
    """Return the hashes Civitai lists for one file, upper-cased."""
    hashes = as_object(file.get("hashes"))
    return {
        name: value.strip().upper()
        for name in HASH_LENGTHS
        if isinstance(value := hashes.get(name), str) and value.strip()
    }


def version_sha256s(version: Mapping[str, Any]) -> set[str]:
    """Every SHA256 the version's files carry (to attribute bulk answers)."""
    return {
        sha
        for file in json_objects(version.get("files"))
        if (sha := file_hashes(file).get("SHA256"))
    }


def _same(name: str, theirs: str, ours: str) -> bool:
    length = HASH_LENGTHS[name]
    return theirs[:length] == ours.upper()[:length]


def matching_file(
    version: Mapping[str, Any], ours: Mapping[str, str | None]
) -> JsonObject | None:
    """Return our file: same SHA256, else same AutoV3, else the primary one."""
    files = json_objects(version.get("files"))
    for name in ("SHA256", "AutoV3"):
        mine = ours.get(name)
        for file in files:
            theirs = file_hashes(file).get(name)
            if mine and theirs and _same(name, theirs, mine):
                return file
    primary = [f for f in files if f.get("primary") is True]
    candidates = primary or files
    return candidates[0] if candidates else None


def hash_match(
    theirs: Mapping[str, str], ours: Mapping[str, str | None]
) -> dict[str, bool | None]:
    """Per hash type: equal, different, or None when either side does not know it."""
    out: dict[str, bool | None] = {}
    for name in HASH_LENGTHS:
        mine, other = ours.get(name), theirs.get(name)
        out[name] = _same(name, other, mine) if mine and other else None
    return out


def usable_autov3(autov3: str | None) -> str | None:
    """Return the AutoV3 worth asking about (None if it matches nothing real)."""
    if not autov3 or len(autov3) < 12 or autov3.upper()[:12] == EMPTY_AUTOV3:
        return None
    return autov3.upper()[:12]


# --- columns -----------------------------------------------------------------------


def creator_name(source: Mapping[str, Any]) -> str | None:
    """Return the creator's user name (`creator.username`, or a plain string)."""
    creator = source.get("creator")
    if isinstance(creator, str):
        return json_text(creator, 200)
    return json_text(as_object(creator).get("username"), 200)


def version_columns(version: Mapping[str, Any]) -> dict[str, Any]:
    """First-class columns a model-version object fills."""
    stats = as_object(version.get("stats"))
    columns: dict[str, Any] = {
        "civitai_model_id": json_int(version.get("modelId"), 1),
        "civitai_version_id": json_int(version.get("id"), 1),
        "nsfw_level": json_int(version.get("nsfwLevel")),
        "downloads": json_int(stats.get("downloadCount")),
        "thumbs_up": json_int(stats.get("thumbsUpCount")),
        "published_at": parse_time(version.get("publishedAt")),
    }
    creator = creator_name(version)  # enriched copies (Lora-Manager) carry it
    if creator:
        columns["creator"] = creator
    return columns


def sidecar_columns(version: Mapping[str, Any] | None, not_found: bool) -> JsonObject:
    """Columns a `.civitai.info` (or an embedded Civitai copy) fills at scan time."""
    if version:
        columns = version_columns(version)
        if columns["civitai_version_id"] is not None:
            columns["civitai_status"] = "found"
        return columns
    return {"civitai_status": "not_found"} if not_found else {}


def is_api_record(record: object) -> bool:
    """Whether stored Civitai data came from the API (it outranks sidecar copies)."""
    return isinstance(record, dict) and record.get("source") == "civitai"


def is_civitai_preview(path: str | None) -> bool:
    """Whether a preview path is a download kept in DATA_DIR/previews/civitai/."""
    if not path:
        return False
    parent = Path(path).parent
    return parent.name == "civitai" and parent.parent.name == "previews"


def preview_source_of(path: str | None) -> str | None:
    """Where a scanned preview came from, told by where it lives."""
    if not path:
        return None
    if is_civitai_preview(path):
        return "civitai"
    return "embedded" if Path(path).parent.name == "previews" else "sidecar"


# --- images and versions ---------------------------------------------------------


def images(version: Mapping[str, Any]) -> list[JsonObject]:
    """Return the version's example images with their generation metadata."""
    out = []
    for image in json_objects(version.get("images"))[:MAX_IMAGES]:
        url = json_text(image.get("url"), 2048)
        if url is None:
            continue
        out.append(
            {
                "url": url,
                "type": "video" if image.get("type") == "video" else "image",
                "nsfw_level": image_nsfw_level(image),
                "width": json_int(image.get("width")),
                "height": json_int(image.get("height")),
                "hash": json_text(image.get("hash"), 200),
                "meta": meta if isinstance(meta := image.get("meta"), dict) else None,
            }
        )
    return out


def preview_image(version: Mapping[str, Any], mask: int) -> JsonObject | None:
    """Return the first image (or video) rated within the allowed mask."""
    for image in images(version):
        if within_level(image["nsfw_level"], mask):
            return image
    return None


def _published(entry: Mapping[str, Any]) -> bool:
    status = entry.get("status")
    return status is None or status == "Published"


def newer_version(
    model: Mapping[str, Any], version: Mapping[str, Any]
) -> JsonObject | None:
    """Return the model's newest published version if it is newer than ours."""
    ours_id = json_int(version.get("id"), 1) or 0
    ours_at = parse_time(version.get("publishedAt"))
    best: tuple[datetime | None, int, JsonObject] | None = None
    for entry in json_objects(model.get("modelVersions")):
        entry_id = json_int(entry.get("id"), 1)
        if entry_id is None or entry_id == ours_id or not _published(entry):
            continue
        at = parse_time(entry.get("publishedAt"))
        newer = at > ours_at if at and ours_at else entry_id > ours_id
        if newer and (best is None or (at, entry_id) > (best[0], best[1])):
            best = (at, entry_id, entry)
    if best is None:
        return None
    entry = best[2]
    return {
        "id": best[1],
        "name": json_text(entry.get("name"), 512),
        "base_model": json_text(entry.get("baseModel"), 64),
        "published_at": iso_time(best[0]),
    }
