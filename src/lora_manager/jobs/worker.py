"""Run one job: claim it atomically, execute its task, record the outcome."""

from __future__ import annotations

import os
import random
import socket
import threading
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import Engine, select
from sqlmodel import col

from lora_manager.core.config import Settings
from lora_manager.core.db import session_scope, utcnow
from lora_manager.jobs.repository import JobRepository
from lora_manager.jobs.tasks import (
    JobCancelledError,
    JobContext,
    RetryableError,
    load_tasks,
)
from lora_manager.models import Job

log = structlog.get_logger("lora_manager.jobs")
HEARTBEAT_SECONDS = 10.0
STALE_AFTER = timedelta(seconds=120)


def worker_name() -> str:
    """Identify this process in job rows (host:pid:thread)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def retry_delay(attempt: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff with jitter for the given attempt (1-based)."""
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return float(delay * random.uniform(0.8, 1.2))


def _set_progress(engine: Engine, job_id: str, values: dict[str, Any]) -> None:
    with session_scope(engine) as session:
        JobRepository(session).transition(
            job_id, ("running",), progress=values, heartbeat_at=utcnow()
        )


def _cancel_requested(engine: Engine, job_id: str) -> bool:
    with session_scope(engine) as session:
        stmt = select(col(Job.cancel_requested)).where(col(Job.id) == job_id)
        return bool(session.execute(stmt).scalar())


def _heartbeat(engine: Engine, job_id: str, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        with session_scope(engine) as session:
            JobRepository(session).transition(
                job_id, ("running",), heartbeat_at=utcnow()
            )


def _finish(engine: Engine, job_id: str, **values: Any) -> None:
    with session_scope(engine) as session:
        JobRepository(session).transition(job_id, ("running",), **values)


def run_job(engine: Engine, settings: Settings, job_id: str) -> tuple[str, float]:
    """Execute a queued job; return (final status, retry delay in seconds or 0)."""
    with session_scope(engine) as session:
        repo = JobRepository(session)
        if not repo.claim(job_id, worker_name()):
            return "skipped", 0.0
        job = repo.get(job_id)
        assert job is not None
        kind, payload = job.kind, dict(job.payload)
        attempts, max_attempts = job.attempts, job.max_attempts
    bound = log.bind(job_id=job_id, kind=kind, attempt=attempts)
    fn = load_tasks().get(kind)
    if fn is None:
        _finish(
            engine,
            job_id,
            status="failed",
            error=f"Unknown job kind {kind!r}.",
            finished_at=utcnow(),
        )
        return "failed", 0.0
    context = JobContext(
        job_id=job_id,
        payload=payload,
        engine=engine,
        settings=settings,
        report_progress=lambda values: _set_progress(engine, job_id, values),
        is_cancel_requested=lambda: _cancel_requested(engine, job_id),
    )
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(engine, job_id, stop), daemon=True)
    beat.start()
    bound.info("job.started")
    try:
        result = fn(context)
    except JobCancelledError:
        _finish(engine, job_id, status="cancelled", finished_at=utcnow())
        bound.info("job.cancelled")
        return "cancelled", 0.0
    except RetryableError as error:
        if attempts < max_attempts:
            delay = retry_delay(attempts)
            _finish(
                engine,
                job_id,
                status="queued",
                error=str(error),
                run_after=utcnow() + timedelta(seconds=delay),
            )
            bound.warning("job.retrying", error=str(error), delay_s=round(delay, 2))
            return "queued", delay
        _finish(engine, job_id, status="failed", error=str(error), finished_at=utcnow())
        bound.warning("job.failed", error=str(error))
        return "failed", 0.0
    except Exception as error:  # a task bug must not kill the runner; it is recorded
        bound.exception("job.crashed")
        _finish(
            engine,
            job_id,
            status="failed",
            error=f"{error.__class__.__name__}: {error}",
            finished_at=utcnow(),
        )
        return "failed", 0.0
    finally:
        stop.set()
    _finish(engine, job_id, status="succeeded", result=result, finished_at=utcnow())
    bound.info("job.succeeded")
    return "succeeded", 0.0


def recover_stale_jobs(engine: Engine) -> list[str]:
    """Requeue (or fail) running jobs whose worker stopped; return ids to enqueue."""
    requeue: list[str] = []
    with session_scope(engine) as session:
        repo = JobRepository(session)
        for job in repo.stale_running(utcnow() - STALE_AFTER):
            if job.attempts < job.max_attempts:
                repo.transition(
                    job.id,
                    ("running",),
                    status="queued",
                    error="worker stopped; retrying",
                )
                requeue.append(job.id)
            else:
                repo.transition(
                    job.id,
                    ("running",),
                    status="failed",
                    finished_at=utcnow(),
                    error="The worker running this job stopped responding.",
                )
        requeue.extend(repo.queued_ids())
    return list(dict.fromkeys(requeue))
