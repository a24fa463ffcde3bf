"""How jobs get run: the in-process runner, or RQ on Redis, behind one interface."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import structlog
from sqlalchemy import Engine

from lora_manager.core.config import Settings
from lora_manager.core.db import session_scope, utcnow
from lora_manager.jobs.reaper import Reaper, reap
from lora_manager.jobs.repository import JobRepository
from lora_manager.jobs.worker import run_job

log = structlog.get_logger("lora_manager.jobs")


class JobQueue(Protocol):
    """Something that runs committed jobs by id."""

    def enqueue(self, job_id: str, delay: float = 0.0) -> None:
        """Run the job (after `delay` seconds)."""

    def pending_ids(self) -> set[str]:
        """Ids of jobs waiting in the queue (not yet picked up)."""

    def start(self) -> None:
        """Pick up work left over from a previous run; start the reaper."""

    def shutdown(self) -> None:
        """Stop taking work."""


class InlineQueue:
    """Runs jobs on a small thread pool inside the API process."""

    def __init__(self, engine: Engine, settings: Settings, workers: int = 2) -> None:
        self.engine = engine
        self.settings = settings
        self._workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="job")
        self._timers: set[threading.Timer] = set()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        # Set once by shutdown: no new work, and running resumable jobs hand back.
        self._stopping = threading.Event()
        self._reaper = Reaper(engine, self, settings.job_stale_after_s)

    def enqueue(self, job_id: str, delay: float = 0.0) -> None:
        """Run the job on the pool, now or after `delay` seconds."""
        with self._lock:
            if self._stopping.is_set():
                return
            self._pending.add(job_id)
            if delay > 0:
                timer = threading.Timer(delay, self._submit, args=(job_id,))
                timer.daemon = True
                self._timers.add(timer)
                timer.start()
                return
            self._pool.submit(self._run, job_id)

    def _submit(self, job_id: str) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive()}
            if not self._stopping.is_set():
                self._pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        with self._lock:
            self._pending.discard(job_id)
        status, delay = run_job(self.engine, self.settings, job_id, self._stopping)
        if status == "queued":
            self.enqueue(job_id, delay)

    def pending_ids(self) -> set[str]:
        """Ids submitted to this runner and not yet started."""
        with self._lock:
            return set(self._pending)

    def start(self) -> None:
        """Recover jobs of a previous run, enqueue every queued job, start reaping."""
        reap(self.engine, self, self.settings.job_stale_after_s)
        with session_scope(self.engine) as session:
            queued = JobRepository(session).queued()
        now = utcnow()
        waiting = self.pending_ids()
        for job_id, run_after in queued:
            if job_id not in waiting:
                delay = (run_after - now).total_seconds() if run_after else 0.0
                self.enqueue(job_id, max(0.0, delay))
        self._reaper.start()

    def shutdown(self) -> None:
        """Stop timers and the reaper; running scans and syncs stop and requeue.

        Deliveries in flight finish (each has its own timeout); resumable jobs stop
        at their next check and wait in the queue for the next start.
        """
        with self._lock:
            self._stopping.set()
            for timer in self._timers:
                timer.cancel()
        self._reaper.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def drain(self, timeout: float = 30.0) -> None:
        """Wait until submitted jobs are done (tests and the CLI use this)."""
        with self._lock:
            pool = self._pool
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="job")
        pool.shutdown(wait=True)


def make_queue(engine: Engine, settings: Settings) -> JobQueue:
    """Choose the queue: RQ on Redis when REDIS_URL is set, in-process otherwise."""
    if settings.redis_url:
        from lora_manager.jobs.redis_queue import RedisQueue

        return RedisQueue(engine, settings)
    return InlineQueue(engine, settings)
