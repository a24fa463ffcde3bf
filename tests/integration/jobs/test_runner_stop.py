"""Stopping a runner: scans and syncs go back to the queue, deliveries finish."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest

from lora_manager.core.db import session_scope
from lora_manager.jobs.queue import InlineQueue
from lora_manager.jobs.repository import JobRepository
from lora_manager.jobs.tasks import JobContext, task
from lora_manager.jobs.worker import INTERRUPTED, run_job
from lora_manager.models import Job
from tests.fakes.http_sink import HttpSink
from tests.integration.jobs.test_job_runner import add_delivery, load

started = threading.Event()
runs: list[str] = []


@task("test_long_resumable", resumable=True)
def long_resumable(context: JobContext) -> dict[str, Any]:
    """Work until stopped on the first run; finish at once on the next."""
    runs.append(context.job_id)
    if runs.count(context.job_id) > 1:
        return {"resumed": True}
    started.set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        context.check_cancelled()
        time.sleep(0.02)
    return {"resumed": False}


def add_job(engine, kind: str) -> str:
    job = Job(id=uuid.uuid4().hex, kind=kind, payload={}, max_attempts=1)
    with session_scope(engine) as session:
        JobRepository(session).add(job)
    return job.id


def wait_for(predicate, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _fresh_task_state():
    started.clear()
    runs.clear()


def test_a_stopping_server_requeues_a_scan_and_lets_a_delivery_finish(engine, settings):
    with HttpSink() as sink:
        sink.behaviour.delay_s = 0.6
        queue = InlineQueue(engine, settings)
        long_id = add_job(engine, "test_long_resumable")
        delivery_id = add_delivery(engine, sink.url)
        queue.enqueue(long_id)
        queue.enqueue(delivery_id)
        assert started.wait(10)
        wait_for(lambda: load(engine, delivery_id).status == "running")

        stopped_at = time.monotonic()
        queue.shutdown()
        wait_for(lambda: load(engine, long_id).status == "queued", timeout=5)
        assert time.monotonic() - stopped_at < 2

        interrupted = load(engine, long_id)
        assert interrupted.attempts == 0  # the stop costs no attempt
        assert interrupted.error == INTERRUPTED
        assert interrupted.worker is None
        wait_for(lambda: load(engine, delivery_id).status == "succeeded")
        assert sink.record.counts[delivery_id] == 1

    restarted = InlineQueue(engine, settings)
    restarted.start()
    try:
        wait_for(lambda: load(engine, long_id).status == "succeeded")
    finally:
        restarted.shutdown()
    resumed = load(engine, long_id)
    assert resumed.result == {"resumed": True}
    assert resumed.error is None
    assert resumed.attempts == 1


def test_a_cancel_asked_during_the_stop_wins(engine, settings):
    stopping = threading.Event()
    job_id = add_job(engine, "test_long_resumable")
    outcome: list[tuple[str, float]] = []
    runner = threading.Thread(
        target=lambda: outcome.append(run_job(engine, settings, job_id, stopping))
    )
    runner.start()
    assert started.wait(10)
    with session_scope(engine) as session:
        JobRepository(session).transition(job_id, ("running",), cancel_requested=True)
    stopping.set()
    runner.join(10)
    assert outcome == [("cancelled", 0.0)]
    assert load(engine, job_id).status == "cancelled"


def test_jobs_that_cannot_resume_ignore_the_stop(engine, settings):
    stopping = threading.Event()
    stopping.set()
    with HttpSink() as sink:
        job_id = add_delivery(engine, sink.url)
        assert run_job(engine, settings, job_id, stopping) == ("succeeded", 0.0)


def test_a_pass_queued_before_its_scan_waits_without_holding_the_only_runner(
    engine, settings, library_root
):
    from tests.factories.lora_files import write_lora

    write_lora(library_root, "first", family="sd1")
    write_lora(library_root, "second", family="sdxl")
    scan_id = uuid.uuid4().hex
    extras = Job(id=uuid.uuid4().hex, kind="hash_extras", payload={"after": scan_id})
    scan = Job(id=scan_id, kind="scan", payload={"roots": [str(library_root)]})
    with session_scope(engine) as session:
        JobRepository(session).add(extras)
        JobRepository(session).add(scan)
    queue = InlineQueue(engine, settings, workers=1)
    try:
        queue.enqueue(extras.id)  # ahead of the scan it must follow
        wait_for(
            lambda: (
                load(engine, extras.id).status == "queued"
                and (load(engine, extras.id).progress or {}).get("phase") == "waiting"
            )
        )
        assert load(engine, extras.id).attempts == 0
        queue.enqueue(scan_id)
        wait_for(lambda: load(engine, extras.id).status == "succeeded", timeout=30)
    finally:
        queue.shutdown()
    assert load(engine, scan_id).status == "succeeded"
    assert load(engine, extras.id).result == {"files_hashed": 2}
    assert load(engine, extras.id).attempts == 1
