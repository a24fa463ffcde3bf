"""SQL for jobs; state transitions are single conditional UPDATEs (atomic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from lora_manager.core.db import utcnow
from lora_manager.models import Job


class JobRepository:
    """Job queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: Job) -> Job:
        """Insert and flush."""
        self.session.add(job)
        self.session.flush()
        return job

    def get(self, job_id: str) -> Job | None:
        """Return one job or None."""
        return self.session.get(Job, job_id)

    def get_by_key(self, key: str) -> Job | None:
        """Return the job created with this idempotency key, if any."""
        stmt = select(Job).where(col(Job.idempotency_key) == key)
        return self.session.execute(stmt).scalars().first()

    def page(
        self, kind: str | None, status: str | None, limit: int, offset: int
    ) -> tuple[list[Job], int]:
        """Return jobs newest first, with the total."""
        conditions = []
        if kind:
            conditions.append(col(Job.kind) == kind)
        if status:
            conditions.append(col(Job.status) == status)
        total = self.session.execute(
            select(func.count()).select_from(Job).where(*conditions)
        ).scalar_one()
        stmt = (
            select(Job)
            .where(*conditions)
            .order_by(col(Job.created_at).desc(), col(Job.id).desc())
            .limit(limit)
            .offset(offset)
        )
        return list(self.session.execute(stmt).scalars()), int(total)

    def transition(
        self, job_id: str, from_statuses: tuple[str, ...], **values: Any
    ) -> bool:
        """Move a job to new values only if it is in one of `from_statuses`."""
        values.setdefault("updated_at", utcnow())
        stmt = (
            update(Job)
            .where(col(Job.id) == job_id, col(Job.status).in_(from_statuses))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(self.session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def claim(self, job_id: str, worker: str) -> bool:
        """Atomically take a queued job (no other worker can take it too)."""
        now = utcnow()
        stmt = (
            update(Job)
            .where(col(Job.id) == job_id, col(Job.status) == "queued")
            .values(
                status="running",
                attempts=Job.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                updated_at=now,
                worker=worker,
                error=None,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(self.session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def stale_running(self, older_than: datetime) -> list[Job]:
        """Return running jobs whose worker has stopped sending heartbeats."""
        stmt = select(Job).where(
            col(Job.status) == "running", col(Job.heartbeat_at) < older_than
        )
        return list(self.session.execute(stmt).scalars())

    def queued_ids(self) -> list[str]:
        """Return ids of queued jobs, oldest first."""
        stmt = (
            select(col(Job.id))
            .where(col(Job.status) == "queued")
            .order_by(col(Job.created_at))
        )
        return list(self.session.execute(stmt).scalars())
