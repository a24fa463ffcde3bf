"""SQL for jobs; state transitions are single conditional UPDATEs (atomic)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Table, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col

from lora_manager.core.db import utcnow
from lora_manager.models import Job

# Clocks of several machines never agree exactly; a job due within this margin is due.
CLOCK_SKEW = timedelta(seconds=1)
JOBS: Table = SQLModel.metadata.tables["jobs"]
CLAIMED = (
    JOBS.c.id,
    JOBS.c.kind,
    JOBS.c.payload,
    JOBS.c.attempts,
    JOBS.c.max_attempts,
    JOBS.c.cancel_requested,
)


class JobRepository:
    """Job queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: Job) -> Job:
        """Insert and flush."""
        self.session.add(job)
        self.session.flush()
        return job

    def add_unless_key_exists(self, job: Job) -> bool:
        """Insert a job with an idempotency key; False when the key is taken.

        INSERT … ON CONFLICT DO NOTHING: two requests racing with the same key
        create one row, and neither sees an integrity error.
        """
        dialect = self.session.get_bind().dialect
        insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
        values = {column.name: getattr(job, column.name) for column in JOBS.columns}
        # Core, on the table: the ORM-enabled INSERT reports a row count of 1 even
        # when the conflict clause skipped the row.
        stmt = (
            insert(JOBS)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
        )
        if dialect.insert_returning:
            return self.session.execute(stmt.returning(JOBS.c.id)).first() is not None
        return bool(self.session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def get(self, job_id: str) -> Job | None:
        """Return one job or None."""
        return self.session.get(Job, job_id)

    def finished_results(
        self, kind: str, limit: int = 50
    ) -> Iterator[tuple[datetime, dict[str, Any]]]:
        """Yield (finished_at, result) of succeeded jobs of `kind`, newest first.

        Rows are fetched a few at a time, so a caller that stops early reads little.
        """
        stmt = (
            select(col(Job.finished_at), col(Job.result))
            .where(col(Job.kind) == kind, col(Job.status) == "succeeded")
            .order_by(col(Job.finished_at).desc())
            .limit(limit)
            .execution_options(yield_per=5)
        )
        for finished_at, result in self.session.execute(stmt):
            if finished_at is not None and isinstance(result, dict):
                yield finished_at, result

    def get_by_key(self, key: str) -> Job | None:
        """Return the job created with this idempotency key, if any."""
        stmt = select(Job).where(col(Job.idempotency_key) == key)
        return self.session.execute(stmt).scalars().first()

    def page(
        self,
        kind: str | None,
        status: str | None,
        limit: int,
        offset: int,
        payload: dict[str, str] | None = None,
    ) -> tuple[list[Job], int]:
        """Return jobs newest first, with the total; `payload` matches string fields."""
        conditions = []
        if kind:
            conditions.append(col(Job.kind) == kind)
        if status:
            conditions.append(col(Job.status) == status)
        for key, value in (payload or {}).items():
            conditions.append(col(Job.payload)[key].as_string() == value)
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
        self,
        job_id: str,
        from_statuses: tuple[str, ...],
        *,
        owner: tuple[str, int] | None = None,
        **values: Any,
    ) -> bool:
        """Move a job to new values only if it is in one of `from_statuses`.

        `owner` = (worker, attempt) fences a runner's writes: once a reaper gave the
        job to someone else, the old runner's late writes change nothing.
        """
        values.setdefault("updated_at", utcnow())
        conditions = [JOBS.c.id == job_id, JOBS.c.status.in_(from_statuses)]
        if owner is not None:
            conditions += [JOBS.c.worker == owner[0], JOBS.c.attempts == owner[1]]
        # Core, not ORM: this runs twice per job on the hot path of every worker.
        stmt = update(JOBS).where(*conditions).values(**values)
        return bool(self.session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def claim(self, job_id: str, worker: str) -> Row[Any] | None:
        """Atomically take a queued job that is due; return what to run, or None.

        One UPDATE … RETURNING: no other worker can take the job too, and the
        runner learns what to run in the same round trip.
        """
        now = utcnow()
        stmt = (
            update(JOBS)
            .where(
                JOBS.c.id == job_id,
                JOBS.c.status == "queued",
                or_(JOBS.c.run_after.is_(None), JOBS.c.run_after <= now + CLOCK_SKEW),
            )
            .values(
                status="running",
                attempts=JOBS.c.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                updated_at=now,
                worker=worker,
                error=None,
            )
        )
        if self.session.get_bind().dialect.update_returning:
            return self.session.execute(stmt.returning(*CLAIMED)).first()
        if not self.session.execute(stmt).rowcount:  # type: ignore[attr-defined]
            return None  # SQLite < 3.35 has no RETURNING
        return self.session.execute(select(*CLAIMED).where(JOBS.c.id == job_id)).first()

    def stale_running(self, older_than: datetime) -> list[Job]:
        """Return running jobs whose worker has stopped sending heartbeats."""
        stmt = select(Job).where(
            col(Job.status) == "running", col(Job.heartbeat_at) < older_than
        )
        return list(self.session.execute(stmt).scalars())

    def queued(self, limit: int = 10_000) -> list[tuple[str, datetime | None]]:
        """Return (id, run_after) of queued jobs, oldest first."""
        stmt = (
            select(col(Job.id), col(Job.run_after))
            .where(col(Job.status) == "queued")
            .order_by(col(Job.created_at))
            .limit(limit)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def overdue_queued_ids(self, due_before: datetime, limit: int = 1000) -> list[str]:
        """Return queued jobs that were due before `due_before` (possibly lost)."""
        due = func.coalesce(col(Job.run_after), col(Job.updated_at))
        stmt = (
            select(col(Job.id))
            .where(col(Job.status) == "queued", due < due_before)
            .order_by(due)
            .limit(limit)
        )
        return list(self.session.execute(stmt).scalars())
