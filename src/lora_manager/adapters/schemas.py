"""API shapes of the adapter registry."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from lora_manager.core.types import LongText, Name, text

AdapterSort = Literal[
    "name",
    "created_at",
    "updated_at",
    "size_bytes",
    "downloads",
    "thumbs_up",
    "last_used_at",
    "ordinal",
    "relevance",
]
BulkAction = Literal["activate", "deactivate", "delete", "add_tags", "remove_tags"]
AdapterStatus = Literal["ok", "missing", "offline", "error"]


class NsfwLevel(IntEnum):
    """Civitai's NSFW levels, one bit each (a model's level ORs its images')."""

    PG = 1
    PG13 = 2
    R = 4
    X = 8
    XXX = 16
    BLOCKED = 32


MAX_TAGS = 100
MAX_ID = 2**31 - 1
MAX_PAGE_SIZE = 500
Weight = Annotated[float, Field(ge=-10.0, le=10.0, allow_inf_nan=False)]


def _normalize_tags(tags: list[str]) -> list[str]:
    """Strip, collapse spaces, drop case-insensitive duplicates (first one wins)."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        clean = " ".join(tag.split())
        if not clean:
            raise ValueError("tags must not be empty")
        if clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


Tag = Annotated[str, text(64, min_length=1)]
TagList = Annotated[
    list[Tag], Field(max_length=MAX_TAGS), AfterValidator(_normalize_tags)
]
Word = Annotated[str, text(200, min_length=1)]


class AdapterEditable(BaseModel):
    """Fields a user may set on create and change with PATCH."""

    model_config = ConfigDict(extra="forbid")

    description: LongText | None = None
    notes: LongText | None = None
    preferred_weight: Weight | None = None
    base_model: Annotated[str, text(64, min_length=1)] | None = None
    trained_words: list[Word] | None = Field(default=None, max_length=200)
    tags: TagList | None = None
    favorite: bool | None = None
    weight: Weight | None = None


class AdapterCreate(AdapterEditable):
    """Register an existing file; the file itself is never modified."""

    file_path: Annotated[str, text(2048, min_length=1)]
    name: Name | None = None
    active: bool = False


class AdapterUpdate(AdapterEditable):
    """Partial update; only the fields sent are changed."""

    name: Name | None = None


class ActivateRequest(BaseModel):
    """Optional position in the active stack and weight."""

    model_config = ConfigDict(extra="forbid")

    ordinal: int | None = Field(default=None, ge=0, le=1_000_000)
    weight: Weight | None = None


class BulkRequest(BaseModel):
    """One action over many adapters, applied in a single transaction."""

    model_config = ConfigDict(extra="forbid")

    action: BulkAction
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        min_length=1, max_length=10_000
    )
    tags: TagList | None = None


class BulkItemResult(BaseModel):
    """What happened to one id."""

    id: int
    ok: bool
    error: str | None = None


class BulkResult(BaseModel):
    """Per-id outcome of a bulk action."""

    action: BulkAction
    succeeded: int
    failed: int
    results: list[BulkItemResult]


class AdapterPublic(BaseModel):
    """An adapter as the API shows it."""

    id: int
    name: str
    file_path: str
    file_name: str
    root_path: str | None
    file_format: str
    size_bytes: int
    sha256: str | None
    autov1: str | None
    autov2: str | None
    autov3: str | None
    tensor_sha256: str | None
    blake3: str | None
    crc32: str | None
    architecture: str
    base_model: str | None
    network_type: str
    rank: int | None
    alpha: float | None
    alias: str | None
    trained_words: list[str]
    tags: list[str]
    description: str | None
    notes: str | None
    preferred_weight: float | None
    preview_url: str | None
    active: bool
    ordinal: int | None
    weight: float
    favorite: bool
    status: AdapterStatus
    status_reason: str | None
    edited_fields: list[str]
    civitai: dict[str, Any] | None
    civitai_model_id: int | None
    civitai_version_id: int | None
    civitai_status: str | None
    civitai_checked_at: datetime | None
    creator: str | None
    downloads: int | None
    thumbs_up: int | None
    nsfw_level: int | None
    published_at: datetime | None
    update_available: bool
    preview_source: str | None
    training: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    last_scanned_at: datetime | None
    last_used_at: datetime | None


class AdapterList(BaseModel):
    """One page of adapters."""

    items: list[AdapterPublic]
    total: int
    limit: int
    offset: int


def preview_url(
    adapter_id: int, preview_path: str | None, updated_at: Any
) -> str | None:
    """Return the preview's address, versioned so browsers refetch a changed one.

    A versioned address is cached for a week: its `v` token changes with the
    preview's path and with every change of the adapter (a rescan, a refresh).
    """
    if not preview_path:
        return None
    token = hashlib.blake2s(
        f"{preview_path}|{updated_at}".encode(), digest_size=6
    ).hexdigest()
    return f"/api/v1/adapters/{adapter_id}/preview?v={token}"


def adapter_public(adapter: Any) -> AdapterPublic:
    """Shape a stored adapter for the API."""
    url = preview_url(adapter.id, adapter.preview_path, adapter.updated_at)
    return AdapterPublic.model_validate({**adapter.model_dump(), "preview_url": url})


def adapter_public_row(row: Mapping[Any, Any]) -> AdapterPublic:
    """Shape a stored adapter read as a plain row (lists read rows, not objects)."""
    url = preview_url(row["id"], row["preview_path"], row["updated_at"])
    return AdapterPublic.model_validate({**row, "preview_url": url})


class FacetValue(BaseModel):
    """How many adapters have one value of a field."""

    value: str
    count: int


class AdapterFacets(BaseModel):
    """Counts for a filter sidebar; each facet ignores its own filter."""

    total: int = Field(description="Adapters matching every filter.")
    base_model: list[FacetValue]
    architecture: list[FacetValue]
    network_type: list[FacetValue]
    status: list[FacetValue]
    creator: list[FacetValue] = Field(description="The most frequent creators.")
    tags: list[FacetValue] = Field(description="The most used tags.")
    favorite: int
    active: int
    has_civitai: int
    update_available: int


FACET_LISTS = (
    "base_model",
    "architecture",
    "network_type",
    "status",
    "creator",
    "tags",
)


def adapter_facets(counts: dict[str, Any]) -> AdapterFacets:
    """Shape facet counts for the API."""
    lists = {
        name: [FacetValue(value=v, count=n) for v, n in counts[name]]
        for name in FACET_LISTS
    }
    return AdapterFacets.model_validate({**counts, **lists})
