"""The job table shared by scans, deliveries, syncs, generations and exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from lora_manager.core.db import JSONType, UTCDateTime, utcnow

JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
FINISHED_STATUSES = frozenset({"succeeded", "failed", "cancelled"})


class Job(SQLModel, table=True):
    """One unit of background work; the row is the truth about its state."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status", "status", "run_after"),
        Index("ix_jobs_kind", "kind"),
        Index("ix_jobs_created_at", "created_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=32)
    status: str = Field(default="queued", max_length=16)
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONType, nullable=False)
    )
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    progress: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    error: str | None = Field(default=None, sa_type=Text)
    attempts: int = 0
    max_attempts: int = 1
    idempotency_key: str | None = Field(default=None, max_length=200, unique=True)
    cancel_requested: bool = False
    worker: str | None = Field(default=None, max_length=200)

    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    run_after: datetime | None = Field(default=None, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
