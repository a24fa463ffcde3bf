"""The library root table: folders the user added through the API or the UI."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from lora_manager.core.db import UTCDateTime, utcnow


class LibraryRoot(SQLModel, table=True):
    """A folder that holds LoRA files (roots from LORA_ROOTS are not stored)."""

    __tablename__ = "library_roots"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(max_length=2048, unique=True)
    label: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_scanned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
