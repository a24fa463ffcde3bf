"""How jobs get run: the in-process runner (embedded) behind one small interface."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import structlog
from sqlalchemy import Engine

from lora_manager.core.config import Settings
from lora_manager.jobs.worker import recover_stale_jobs, run_job

log = structlog.get_logger("lora_manager.jobs")


class JobQueue(Protocol):
    """Something that runs committed jobs by id."""

    def enqueue(self, job_id: str, delay: float = 0.0) -> None:
        """Run the job (after `delay` seconds)."""

    def start(self) -> None:
        """Pick up work left over from a previous run."""

    def shutdown(self) -> None:
        """Stop taking work."""


class InlineQueue:
    """Runs jobs on a small thread pool inside the API process."""

    def __init__(self, engine: Engine, settings: Settings, workers: int = 2) -> None:
        self.engine = engine
        self.settings = settings
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="job")
        self._timers: set[threading.Timer] = set()
        self._closed = False

    def enqueue(self, job_id: str, delay: float = 0.0) -> None:
        """Run the job on the pool, now or after `delay` seconds."""
        if self._closed:
            return
        if delay > 0:
            timer = threading.Timer(delay, self.enqueue, args=(job_id,))
            timer.daemon = True
            self._timers.add(timer)
            timer.start()
            return
        self._pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        status, delay = run_job(self.engine, self.settings, job_id)
        if status == "queued":
            self.enqueue(job_id, delay)

    def start(self) -> None:
        """Requeue jobs whose runner died and run jobs still queued."""
        for job_id in recover_stale_jobs(self.engine):
            self.enqueue(job_id)

    def shutdown(self) -> None:
        """Stop timers and let running jobs finish in the background."""
        self._closed = True
        for timer in self._timers:
            timer.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def drain(self, timeout: float = 30.0) -> None:
        """Wait until submitted jobs are done (tests and the CLI use this)."""
        self._pool.shutdown(wait=True)
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="job")


def make_queue(engine: Engine, settings: Settings) -> InlineQueue:
    """Choose the queue for this configuration (in-process for the embedded shape)."""
    return InlineQueue(engine, settings)
