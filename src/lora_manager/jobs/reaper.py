"""Keep the job table honest when runners die or queue entries are lost.

A job whose runner stopped sending heartbeats is requeued while attempts remain, or
failed with a reason. A queued job that has been due for a while but is not waiting
in the queue (its entry was lost: a crash between commit and enqueue, Redis restarted
without persistence) is enqueued again. Every step is an atomic transition, so any
number of reapers (API processes, workers) may run at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

import structlog
from sqlalchemy import Engine

from lora_manager.core.db import session_scope, utcnow
from lora_manager.jobs.repository import JobRepository

log = structlog.get_logger("lora_manager.jobs")


class Enqueuer(Protocol):
    """The part of a job queue the reaper uses."""

    def enqueue(self, job_id: str, delay: float = 0.0) -> None:
        """Run the job (after `delay` seconds)."""

    def pending_ids(self) -> set[str]:
        """Ids of jobs waiting in the queue (not yet picked up)."""


@dataclass
class ReapReport:
    """What one pass did."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reenqueued: list[str] = field(default_factory=list)


def recover_stale_jobs(engine: Engine, stale_after_s: float) -> ReapReport:
    """Requeue (or fail) running jobs whose heartbeat is older than `stale_after_s`."""
    report = ReapReport()
    with session_scope(engine) as session:
        repo = JobRepository(session)
        for job in repo.stale_running(utcnow() - timedelta(seconds=stale_after_s)):
            lost = f"no heartbeat for {stale_after_s:g} s from {job.worker or '?'}"
            if job.attempts < job.max_attempts:
                if repo.transition(
                    job.id,
                    ("running",),
                    status="queued",
                    run_after=None,
                    worker=None,
                    error=f"The worker running attempt {job.attempts} stopped "
                    f"({lost}); retrying.",
                ):
                    report.requeued.append(job.id)
            elif repo.transition(
                job.id,
                ("running",),
                status="failed",
                finished_at=utcnow(),
                error=f"The worker running this job stopped responding ({lost}) "
                f"and no attempts remain ({job.attempts} of {job.max_attempts}).",
            ):
                report.failed.append(job.id)
    return report


def reap(engine: Engine, queue: Enqueuer, stale_after_s: float) -> ReapReport:
    """One pass: recover stale running jobs and re-enqueue lost queued ones."""
    report = recover_stale_jobs(engine, stale_after_s)
    with session_scope(engine) as session:
        overdue = JobRepository(session).overdue_queued_ids(
            utcnow() - timedelta(seconds=stale_after_s)
        )
    overdue = [job_id for job_id in overdue if job_id not in report.requeued]
    if overdue:
        waiting = queue.pending_ids()
        report.reenqueued = [job_id for job_id in overdue if job_id not in waiting]
    for job_id in [*report.requeued, *report.reenqueued]:
        queue.enqueue(job_id)
    if report.requeued or report.failed or report.reenqueued:
        log.warning(
            "jobs.reaped",
            requeued=report.requeued,
            failed=report.failed,
            reenqueued=report.reenqueued,
        )
    return report


class Reaper:
    """Runs `reap` every half stale window on a daemon thread."""

    def __init__(self, engine: Engine, queue: Enqueuer, stale_after_s: float) -> None:
        self.engine = engine
        self.queue = queue
        self.stale_after_s = stale_after_s
        self.interval = max(0.5, stale_after_s / 2)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the periodic passes."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._loop, name="job-reaper", daemon=True
            )
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                reap(self.engine, self.queue, self.stale_after_s)
            except Exception as error:  # database or Redis away: try again next pass
                log.warning(
                    "jobs.reap_failed", error=f"{error.__class__.__name__}: {error}"
                )

    def stop(self) -> None:
        """Stop after the current pass."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
