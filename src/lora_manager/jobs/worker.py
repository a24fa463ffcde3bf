"""Run one job: claim it atomically, execute its task, record the outcome."""

from __future__ import annotations

import os
import random
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import Engine, select
from sqlmodel import col

from lora_manager.core.config import Settings
from lora_manager.core.db import statement_scope, utcnow
from lora_manager.jobs.repository import JobRepository
from lora_manager.jobs.tasks import (
    RESUMABLE,
    JobCancelledError,
    JobContext,
    JobDeferredError,
    JobFailedError,
    RetryableError,
    Task,
    load_tasks,
)
from lora_manager.models import Job

log = structlog.get_logger("lora_manager.jobs")
INTERRUPTED = "Interrupted when its runner stopped; it continues at the next start."


def worker_name() -> str:
    """Identify this process in job rows (host:pid:thread)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def heartbeat_interval(stale_after_s: float) -> float:
    """Beat often enough that a live job never looks stale (4 beats per window)."""
    return max(0.2, min(10.0, stale_after_s / 4))


def retry_delay(attempt: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff with jitter for the given attempt (1-based)."""
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return float(delay * random.uniform(0.8, 1.2))


@dataclass(frozen=True)
class ClaimedJob:
    """What a runner needs to know about the job it has just claimed."""

    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    cancel_requested: bool
    worker: str

    @property
    def owner(self) -> tuple[str, int]:
        """The fence of this runner's writes: (worker, attempt)."""
        return self.worker, self.attempts


def _claim(engine: Engine, job_id: str) -> ClaimedJob | None:
    worker = worker_name()
    with statement_scope(engine) as session:
        row = JobRepository(session).claim(job_id, worker)
        if row is None:
            return None
        return ClaimedJob(
            row.id,
            row.kind,
            dict(row.payload),
            row.attempts,
            row.max_attempts,
            bool(row.cancel_requested),
            worker,
        )


def _update(engine: Engine, job: ClaimedJob, **values: Any) -> bool:
    """Write to the job row while this runner still owns it."""
    with statement_scope(engine) as session:
        return JobRepository(session).transition(
            job.id, ("running",), owner=job.owner, **values
        )


def _cancel_requested(engine: Engine, job_id: str) -> bool:
    with statement_scope(engine) as session:
        stmt = select(col(Job.cancel_requested)).where(col(Job.id) == job_id)
        return bool(session.execute(stmt).scalar())


def _heartbeat(
    engine: Engine, job: ClaimedJob, interval: float, stop: threading.Event
) -> None:
    while not stop.wait(interval):
        try:
            _update(engine, job, heartbeat_at=utcnow())
        except Exception:  # a database hiccup must not end the job; next beat retries
            log.warning("job.heartbeat_failed", job_id=job.id, exc_info=True)


def run_job(
    engine: Engine,
    settings: Settings,
    job_id: str,
    stopping: threading.Event | None = None,
) -> tuple[str, float]:
    """Execute a queued job; return (final status, retry delay in seconds or 0).

    Returns ("skipped", 0) when the job is not claimable (already taken, finished,
    cancelled, or not due yet): running the same id twice is always safe. When
    `stopping` is set while a resumable job runs (a scan, say), the job stops at its
    next check and goes back to the queue without spending an attempt.
    """
    job = _claim(engine, job_id)
    if job is None:
        return "skipped", 0.0
    if job.cancel_requested:  # asked to stop while waiting for a retry
        _update(engine, job, status="cancelled", finished_at=utcnow())
        return "cancelled", 0.0
    fn = load_tasks().get(job.kind)
    if fn is None:
        error = f"Unknown job kind {job.kind!r}."
        _update(engine, job, status="failed", error=error, finished_at=utcnow())
        return "failed", 0.0
    stop = threading.Event()
    interval = heartbeat_interval(settings.job_stale_after_s)
    threading.Thread(
        target=_heartbeat,
        args=(engine, job, interval, stop),
        name=f"heartbeat-{job_id[:8]}",
        daemon=True,
    ).start()
    if job.kind not in RESUMABLE:
        stopping = None
    try:
        return _execute(engine, settings, job, fn, stopping)
    finally:
        stop.set()


def _execute(
    engine: Engine,
    settings: Settings,
    job: ClaimedJob,
    fn: Task,
    stopping: threading.Event | None,
) -> tuple[str, float]:
    bound = log.bind(job_id=job.id, kind=job.kind, attempt=job.attempts)

    def should_stop() -> bool:
        if stopping is not None and stopping.is_set():
            return True
        return _cancel_requested(engine, job.id)

    context = JobContext(
        job_id=job.id,
        payload=job.payload,
        engine=engine,
        settings=settings,
        report_progress=lambda values: _progress(engine, job, values),
        is_cancel_requested=should_stop,
    )
    bound.info("job.started")
    try:
        result = fn(context)
    except JobCancelledError:
        if stopping is not None and stopping.is_set():
            return _interrupted(engine, job, bound)
        _update(engine, job, status="cancelled", finished_at=utcnow())
        bound.info("job.cancelled")
        return "cancelled", 0.0
    except JobDeferredError as error:
        return _defer(engine, job, error, bound)
    except RetryableError as error:
        return _retry_or_fail(engine, job, error, bound)
    except JobFailedError as error:
        _fail(engine, job, str(error), error.result, bound)
        return "failed", 0.0
    except Exception as error:  # a task bug must not kill the runner; it is recorded
        bound.exception("job.crashed")
        _fail(engine, job, f"{error.__class__.__name__}: {error}", None, bound)
        return "failed", 0.0
    if not _update(
        engine, job, status="succeeded", result=result, finished_at=utcnow()
    ):
        bound.warning("job.superseded")  # a reaper gave it to another runner
        return "skipped", 0.0
    bound.info("job.succeeded")
    return "succeeded", 0.0


def _requeue(
    engine: Engine, job: ClaimedJob, event: str, bound: Any, **values: Any
) -> bool:
    """Put the job back in the queue without spending an attempt."""
    requeued = _update(
        engine, job, status="queued", attempts=job.attempts - 1, worker=None, **values
    )
    if requeued:
        bound.info(event)
    return requeued


def _interrupted(engine: Engine, job: ClaimedJob, bound: Any) -> tuple[str, float]:
    """Hand a resumable job back when its runner stops (a cancel asked too wins)."""
    if _cancel_requested(engine, job.id):
        _update(engine, job, status="cancelled", finished_at=utcnow())
        return "cancelled", 0.0
    if not _requeue(engine, job, "job.interrupted", bound, error=INTERRUPTED):
        return "skipped", 0.0
    return "queued", 0.0


def _defer(
    engine: Engine, job: ClaimedJob, error: JobDeferredError, bound: Any
) -> tuple[str, float]:
    """Queue the job again after `delay_s`: it waits for something else first."""
    due = utcnow() + timedelta(seconds=error.delay_s)
    waiting = {"phase": "waiting", "reason": str(error)}
    if not _requeue(
        engine, job, "job.deferred", bound, run_after=due, progress=waiting
    ):
        return "skipped", 0.0
    return "queued", error.delay_s


def _retry_or_fail(
    engine: Engine, job: ClaimedJob, error: RetryableError, bound: Any
) -> tuple[str, float]:
    if job.attempts >= job.max_attempts:
        message = f"{error} (gave up after {job.attempts} attempts)"
        _fail(engine, job, message, None, bound)
        return "failed", 0.0
    delay = error.retry_after_s
    if delay is None:
        delay = retry_delay(job.attempts, base=error.backoff_s)
    if not _update(
        engine,
        job,
        status="queued",
        error=f"Attempt {job.attempts} of {job.max_attempts} failed: {error}",
        run_after=utcnow() + timedelta(seconds=delay),
        worker=None,
    ):
        return "skipped", 0.0  # a reaper gave the job to another runner meanwhile
    bound.warning("job.retrying", error=str(error), delay_s=round(delay, 2))
    return "queued", delay


def _progress(engine: Engine, job: ClaimedJob, values: dict[str, Any]) -> None:
    _update(engine, job, progress=values, heartbeat_at=utcnow())


def _fail(
    engine: Engine,
    job: ClaimedJob,
    message: str,
    result: dict[str, Any] | None,
    bound: Any,
) -> None:
    _update(
        engine,
        job,
        status="failed",
        error=message,
        result=result,
        finished_at=utcnow(),
    )
    bound.warning("job.failed", error=message)
