"""The task registry and the context a task runs with."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from lora_manager.core.config import Settings


class JobCancelledError(Exception):
    """Raised inside a task when the user asked to cancel it."""


class RetryableError(Exception):
    """A transient failure: the job is retried with backoff while attempts remain."""

    def __init__(
        self,
        message: str,
        *,
        backoff_s: float = 1.0,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message)
        self.backoff_s = backoff_s
        # A delay the remote side asked for (e.g. Retry-After), used instead of backoff.
        self.retry_after_s = retry_after_s


class JobDeferredError(Exception):
    """Raised by a task that cannot start yet: it waits in the queue, attempt unspent.

    A task never blocks its runner waiting for another job: with one worker the job
    it waits for could be queued behind it.
    """

    def __init__(self, reason: str, *, delay_s: float = 2.0) -> None:
        super().__init__(reason)
        self.delay_s = delay_s


class JobFailedError(Exception):
    """A permanent failure: the job fails now, keeping what it learned as its result."""

    def __init__(self, message: str, *, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result


@dataclass
class JobContext:
    """What a running task may use: its payload, the database, progress reports."""

    job_id: str
    payload: dict[str, Any]
    engine: Engine
    settings: Settings
    report_progress: Callable[[dict[str, Any]], None]
    is_cancel_requested: Callable[[], bool]
    _last_report: float = field(default=0.0)

    def progress(self, values: dict[str, Any], *, force: bool = False) -> None:
        """Record progress (at most a few writes per second unless forced)."""
        now = time.monotonic()
        if force or now - self._last_report >= 0.25:
            self._last_report = now
            self.report_progress(values)

    def check_cancelled(self) -> None:
        """Stop the task if the user asked to cancel it."""
        if self.is_cancel_requested():
            raise JobCancelledError


Task = Callable[[JobContext], dict[str, Any]]
TASKS: dict[str, Task] = {}
# Kinds whose rerun picks up where an interrupted run stopped (a scan skips what it
# already stored): when their runner stops, they go back to the queue at once.
RESUMABLE: set[str] = set()


def task(kind: str, *, resumable: bool = False) -> Callable[[Task], Task]:
    """Register a function as the task for jobs of `kind`."""

    def register(fn: Task) -> Task:
        TASKS[kind] = fn
        if resumable:
            RESUMABLE.add(kind)
        return fn

    return register


def load_tasks() -> dict[str, Task]:
    """Import every feature's task module so the registry is complete."""
    import lora_manager.civitai.tasks
    import lora_manager.deliveries.tasks
    import lora_manager.library.tasks  # noqa: F401

    return TASKS
