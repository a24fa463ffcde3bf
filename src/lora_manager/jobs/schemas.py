"""API shapes of jobs (scans, deliveries, syncs, generations, exports)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobPublic(BaseModel):
    """A job as the API shows it."""

    id: str
    kind: str
    status: JobStatus
    progress: dict[str, Any] | None = None
    attempts: int
    max_attempts: int
    error: str | None = None
    result: dict[str, Any] | None = None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class JobList(BaseModel):
    """One page of jobs, newest first."""

    items: list[JobPublic]
    total: int
    limit: int
    offset: int


def job_public(job: Any) -> JobPublic:
    """Shape a stored job for the API."""
    return JobPublic.model_validate(job, from_attributes=True)
