"""Job logic: submit (enqueued only after commit), read, list, cancel and retry."""

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
    """Create a job row; it is handed to the queue once the transaction commits.

    With an idempotency key, a second submission returns the first job instead,
    even when both arrive at the same moment.
    """
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
    if idempotency_key:
        if not repo.add_unless_key_exists(job):
            existing = repo.get_by_key(idempotency_key)
            assert existing is not None
            return existing
        stored = repo.get(job.id)
        assert stored is not None
        job = stored
    else:
        repo.add(job)
    job_id = job.id
    after_commit(session, lambda: queue.enqueue(job_id))
    return job


def get_job(session: Session, job_id: str, kind: str | None = None) -> Job:
    """Return the job (of `kind`, when given) or raise NotFoundError."""
    job = JobRepository(session).get(job_id)
    if job is None or (kind is not None and job.kind != kind):
        noun = "Job" if kind is None else kind.capitalize()
        raise NotFoundError(f"{noun} {job_id} does not exist.")
    return job


def list_jobs(
    session: Session,
    kind: str | None,
    status: str | None,
    limit: int,
    offset: int,
    payload: dict[str, str] | None = None,
) -> tuple[list[Job], int]:
    """Return jobs newest first."""
    return JobRepository(session).page(kind, status, limit, offset, payload)


def cancel_job(session: Session, job_id: str, kind: str | None = None) -> Job:
    """Cancel a queued job now, or ask a running one to stop."""
    job = get_job(session, job_id, kind)
    if job.status in FINISHED_STATUSES:
        raise ConflictError(f"Job {job_id} has already finished ({job.status}).")
    repo = JobRepository(session)
    now = utcnow()
    if not repo.transition(job_id, ("queued",), status="cancelled", finished_at=now):
        repo.transition(job_id, ("running",), cancel_requested=True)
    session.refresh(job)
    return job


def retry_job(
    session: Session,
    queue: JobQueue,
    job_id: str,
    *,
    attempts: int,
    kind: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Job:
    """Run a failed or cancelled job again: same id, `attempts` more tries.

    The attempt counter keeps counting (it is the job's history); `max_attempts`
    grows by `attempts`. `payload` replaces the stored one when given.
    """
    job = get_job(session, job_id, kind)
    if job.status not in {"failed", "cancelled"}:
        raise ConflictError(
            f"Job {job_id} is {job.status}; only failed or cancelled jobs can be "
            "retried."
        )
    values: dict[str, Any] = {
        "status": "queued",
        "max_attempts": job.attempts + attempts,
        "error": None,
        "result": None,
        "progress": None,
        "cancel_requested": False,
        "run_after": None,
        "started_at": None,
        "finished_at": None,
        "worker": None,
    }
    if payload is not None:
        values["payload"] = payload
    if not JobRepository(session).transition(job_id, ("failed", "cancelled"), **values):
        raise ConflictError(f"Job {job_id} changed state; try again.")
    after_commit(session, lambda: queue.enqueue(job_id))
    session.refresh(job)
    return job
