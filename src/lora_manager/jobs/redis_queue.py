"""Jobs through RQ on Redis, run by `lora-manager worker` processes on any machine.

The database row stays the truth: an RQ entry only says "try to run job X". Workers
run the same `run_job` as the in-process runner, whose atomic claim makes a job run
at most once at a time even when it was enqueued twice. Each enqueue gets its own RQ
id (`<job id>_<token>`) so a retry scheduled from inside a running job never collides
with the entry being executed.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import FrameType

import structlog
from redis import Redis
from redis.client import Pipeline
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from sqlalchemy import Engine

from lora_manager.core.config import Settings, get_settings
from lora_manager.core.db import make_engine
from lora_manager.jobs.reaper import Reaper, reap
from lora_manager.jobs.worker import run_job

log = structlog.get_logger("lora_manager.jobs")
EXECUTE = "lora_manager.jobs.redis_queue.execute"
# Set by the worker's first SIGINT/SIGTERM: a running scan or sync stops at its
# next check and goes back to the queue, so another worker carries it on.
_stopping = threading.Event()
# RQ keeps nothing we need: the job row holds status, result and error.
RQ_OPTIONS = {"result_ttl": 0, "failure_ttl": 7 * 86_400, "job_timeout": 86_400}


def _whole_second_after(delay: float) -> datetime:
    """When to schedule a delayed entry: RQ's scheduler keeps whole seconds only.

    Rounding up keeps retries from starting before their backoff is over.
    """
    due = datetime.now(UTC) + timedelta(seconds=delay)
    if due.microsecond:
        due = due.replace(microsecond=0) + timedelta(seconds=1)
    return due


class RedisQueue:
    """Enqueues job ids on an RQ queue; workers elsewhere run them."""

    def __init__(
        self, engine: Engine, settings: Settings, connection: Redis | None = None
    ) -> None:
        assert settings.redis_url, "RedisQueue needs REDIS_URL"
        self.engine = engine
        self.settings = settings
        self.redis = connection or Redis.from_url(
            settings.redis_url, socket_connect_timeout=5, socket_timeout=10
        )
        self.queue = Queue(settings.redis_queue, connection=self.redis)
        self._reaper = Reaper(engine, self, settings.job_stale_after_s)

    def enqueue(self, job_id: str, delay: float = 0.0) -> None:
        """Put the job on the RQ queue (or its scheduled registry when delayed).

        When Redis is unreachable the job stays queued in the database and the
        reaper enqueues it again once Redis answers.
        """
        rq_id = f"{job_id}_{secrets.token_hex(4)}"
        try:
            if delay > 0:
                self.queue.enqueue_at(
                    _whole_second_after(delay),
                    EXECUTE,
                    job_id,
                    job_id=rq_id,
                    **RQ_OPTIONS,
                )
            else:
                self.queue.enqueue(EXECUTE, job_id, job_id=rq_id, **RQ_OPTIONS)
        except RedisError as error:
            log.warning("jobs.enqueue_failed", job_id=job_id, error=str(error))

    def pending_ids(self) -> set[str]:
        """Job ids waiting on the RQ queue, or scheduled and not long overdue.

        A scheduled entry overdue by more than the stale window counts as lost:
        no scheduler is moving it (every worker with one was stopped).
        """
        waiting = self.queue.get_job_ids()
        cutoff = time.time() - self.settings.job_stale_after_s
        scheduled: list[bytes] = self.redis.zrangebyscore(  # type: ignore[assignment]
            self.queue.scheduled_job_registry.key, cutoff, "+inf"
        )
        waiting += [rq_id.decode() for rq_id in scheduled]
        return {rq_id.rsplit("_", 1)[0] for rq_id in waiting}

    def start(self) -> None:
        """Start the reaper (workers and API processes each run one)."""
        self._reaper.start()

    def shutdown(self) -> None:
        """Stop the reaper and close the connection pool."""
        self._reaper.stop()
        self.redis.close()


class JobWorker(SimpleWorker):
    """RQ's in-process worker, refreshing its registry entry at most once a second.

    RQ refreshes the worker's key two or three times per job, three round trips
    each; the key lives for minutes, so once a second keeps the worker just as
    visible and leaves Redis time for the jobs themselves.
    """

    def heartbeat(
        self, timeout: int | None = None, pipeline: Pipeline | None = None
    ) -> None:
        """Refresh the worker key unless it was refreshed within the last second."""
        last = self.last_heartbeat
        if pipeline is None and timeout is None and last is not None:
            if (datetime.now(UTC) - last).total_seconds() < 1.0:
                return
        super().heartbeat(timeout, pipeline)

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Warm shutdown: also ask a running resumable job to hand itself back."""
        _stopping.set()
        super().request_stop(signum, frame)  # type: ignore[no-untyped-call]


@dataclass
class _Runtime:
    engine: Engine
    settings: Settings
    queue: RedisQueue


_runtime: _Runtime | None = None


def _current_runtime() -> _Runtime:
    """Return this process's engine and queue (built from settings on first use)."""
    global _runtime
    if _runtime is None:
        settings = get_settings()
        engine = make_engine(settings.resolved_database_url)
        _runtime = _Runtime(engine, settings, RedisQueue(engine, settings))
    return _runtime


def execute(job_id: str) -> str:
    """Run the job (the function RQ calls); schedule its retry if it asks for one."""
    runtime = _current_runtime()
    status, delay = run_job(runtime.engine, runtime.settings, job_id, _stopping)
    if status == "queued":
        runtime.queue.enqueue(job_id, delay)
    return status


def run_worker(
    settings: Settings, *, burst: bool = False, name: str | None = None
) -> None:
    """Work jobs off the queue until stopped (or, with `burst`, until it is empty).

    `JobWorker` (RQ's `SimpleWorker`) runs jobs in this process, not in a fork per job:
    a fork costs milliseconds and a fresh database connection per job, which caps a
    worker far below the 200 jobs/s the service aims at; our tasks never leak state
    between jobs, and a job killed with its worker is recovered by the reaper.
    """
    global _runtime
    assert settings.redis_url, "the worker needs REDIS_URL"
    engine = make_engine(settings.resolved_database_url)
    queue = RedisQueue(
        engine, settings, Redis.from_url(settings.redis_url, socket_connect_timeout=5)
    )
    _runtime = _Runtime(engine, settings, queue)
    _stopping.clear()
    try:
        reap(engine, queue, settings.job_stale_after_s)
    except Exception as error:  # database away or not migrated: the reaper retries
        log.warning("worker.reap_failed", error=f"{error.__class__.__name__}: {error}")
    worker = JobWorker([queue.queue], connection=queue.redis, name=name)
    log.info("worker.ready", queue=settings.redis_queue, name=worker.name, burst=burst)
    queue.start()
    try:
        worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")
    finally:
        queue.shutdown()
        engine.dispose()
        _runtime = None
