"""Job logic: submit (enqueued only after commit), read, list and cancel."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from lora_manager.core.db import after_commit, utcnow
from lora_manager.core.errors import ConflictError, NotFoundError
from lora_manager.jobs.queue import JobQueue
from lora_manager.jobs.repository import JobRepository
from lora_manager.models import Job
from lora_manager.models.job import FINISHED_STATUSES


def submit_job(
    session: Session,
    queue: JobQueue,
    kind: str,
    payload: dict[str, Any],
    *,
    idempotency_key: str | None = None,
    max_attempts: int = 1,
) -> Job:
    """Create a job row; it is handed to the queue once the transaction commits."""
    repo = JobRepository(session)
    if idempotency_key:
        existing = repo.get_by_key(idempotency_key)
        if existing is not None:
            return existing
    job = Job(
        id=uuid.uuid4().hex,
        kind=kind,
        payload=payload,
        max_attempts=max_attempts,
        idempotency_key=idempotency_key,
    )
    repo.add(job)
    job_id = job.id
    after_commit(session, lambda: queue.enqueue(job_id))
    return job


def get_job(session: Session, job_id: str) -> Job:
    """Return the job or raise NotFoundError."""
    job = JobRepository(session).get(job_id)
    if job is None:
        raise NotFoundError(f"Job {job_id} does not exist.")
    return job


def list_jobs(
    session: Session, kind: str | None, status: str | None, limit: int, offset: int
) -> tuple[list[Job], int]:
    """Return jobs newest first."""
    return JobRepository(session).page(kind, status, limit, offset)


def cancel_job(session: Session, job_id: str) -> Job:
    """Cancel a queued job now, or ask a running one to stop."""
    job = get_job(session, job_id)
    if job.status in FINISHED_STATUSES:
        raise ConflictError(f"Job {job_id} has already finished ({job.status}).")
    repo = JobRepository(session)
    now = utcnow()
    if not repo.transition(job_id, ("queued",), status="cancelled", finished_at=now):
        repo.transition(job_id, ("running",), cancel_requested=True)
    session.refresh(job)
    return job
