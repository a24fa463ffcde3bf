"""The adapter table: one LoRA (or LyCORIS) file and everything known about it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from lora_manager.core.db import JSONType, UTCDateTime, utcnow

# Fields a user may edit that scans and enrichment must never overwrite once edited.
PROTECTED_FIELDS = frozenset(
    {"name", "description", "base_model", "trained_words", "preferred_weight"}
)


# Filter and sort columns of lists, keyed by id (search hits are checked by a seek).
LIST_INDEX_COLUMNS = (
    "id",
    "base_model",
    "architecture",
    "network_type",
    "status",
    "favorite",
    "active",
    "creator",
    "nsfw_level",
    "civitai_status",
    "update_available",
    "name",
    "created_at",
    "updated_at",
    "size_bytes",
    "downloads",
    "thumbs_up",
    "last_used_at",
    "ordinal",
)


class Adapter(SQLModel, table=True):
    """A LoRA file in a library root, with hashes, inferred facts and user edits."""

    __tablename__ = "adapters"
    __table_args__ = (
        Index("ix_adapters_status", "status"),
        Index("ix_adapters_active", "active", "ordinal"),
        Index("ix_adapters_created_at", "created_at"),
        Index("ix_adapters_base_model", "base_model"),
        Index("ix_adapters_architecture", "architecture"),
        Index("ix_adapters_network_type", "network_type"),
        Index("ix_adapters_name", "name"),
        Index("ix_adapters_sha256", "sha256"),
        Index("ix_adapters_autov3", "autov3"),
        Index("ix_adapters_root_path", "root_path"),
        Index("ix_adapters_civitai_version_id", "civitai_version_id"),
        Index("ix_adapters_civitai_model_id", "civitai_model_id"),
        Index("ix_adapters_creator", "creator"),
        Index("ix_adapters_downloads", "downloads"),
        Index("ix_adapters_thumbs_up", "thumbs_up"),
        Index("ix_adapters_last_used_at", "last_used_at"),
        Index("ix_adapters_tags_gin", "tags", postgresql_using="gin").ddl_if(
            dialect="postgresql"
        ),
        Index("ix_adapters_size_bytes", "size_bytes"),
        Index("ix_adapters_updated_at", "updated_at"),
        # Lists and facets read this instead of the wide rows (migration 0005,
        # which also builds the search index the database keeps by triggers).
        Index("ix_adapters_list", *LIST_INDEX_COLUMNS),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=512)
    file_path: str = Field(max_length=2048, unique=True)
    file_name: str = Field(max_length=1024)
    root_path: str | None = Field(default=None, max_length=2048)
    file_format: str = Field(default="safetensors", max_length=32)
    size_bytes: int = Field(default=0, sa_type=BigInteger)
    mtime_ns: int | None = Field(default=None, sa_type=BigInteger)
    file_identity: str | None = Field(default=None, max_length=128)
    sidecar_signature: str | None = Field(default=None, max_length=64)

    sha256: str | None = Field(default=None, max_length=64)
    autov1: str | None = Field(default=None, max_length=8)
    autov2: str | None = Field(default=None, max_length=10)
    autov3: str | None = Field(default=None, max_length=12)
    tensor_sha256: str | None = Field(default=None, max_length=64)
    blake3: str | None = Field(default=None, max_length=64)
    crc32: str | None = Field(default=None, max_length=8)

    architecture: str = Field(default="unknown", max_length=32)
    base_model: str | None = Field(default=None, max_length=64)
    network_type: str = Field(default="unknown", max_length=32)
    rank: int | None = None
    alpha: float | None = None
    alias: str | None = Field(default=None, max_length=512)
    trained_words: list[str] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False)
    )
    tags: list[str] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False)
    )
    description: str | None = Field(default=None, sa_type=Text)
    notes: str | None = Field(default=None, sa_type=Text)
    preferred_weight: float | None = None
    preview_path: str | None = Field(default=None, max_length=2048)

    active: bool = False
    ordinal: int | None = None
    weight: float = 1.0
    favorite: bool = False
    status: str = Field(default="ok", max_length=16)
    status_reason: str | None = Field(default=None, sa_type=Text)
    edited_fields: list[str] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False)
    )

    civitai: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    civitai_model_id: int | None = None
    civitai_version_id: int | None = None
    civitai_status: str | None = Field(default=None, max_length=16)
    civitai_checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    creator: str | None = Field(default=None, max_length=200)
    downloads: int | None = None
    thumbs_up: int | None = None
    nsfw_level: int | None = None
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    update_available: bool = False
    preview_source: str | None = Field(default=None, max_length=16)
    training: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    file_metadata: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSONType)
    )

    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_scanned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
