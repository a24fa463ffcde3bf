"""The job runner's guarantees on both databases: once at a time, fenced, reaped."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col

from lora_manager.core.db import session_scope, utcnow
from lora_manager.jobs.queue import InlineQueue
from lora_manager.jobs.reaper import reap, recover_stale_jobs
from lora_manager.jobs.repository import JobRepository
from lora_manager.jobs.service import submit_job
from lora_manager.jobs.worker import retry_delay, run_job, worker_name
from lora_manager.models import Job
from tests.fakes.http_sink import HttpSink


def add_delivery(engine, url: str, **values) -> str:
    """Store a queued delivery job to `url` (not enqueued anywhere)."""
    job = Job(
        id=uuid.uuid4().hex,
        kind="delivery",
        payload={
            "prompt": "a quiet harbour",
            "target_name": None,
            "target_kind": "http",
            "target": {"kind": "http", "url": url, "backoff_s": 0.1},
        },
        max_attempts=values.pop("max_attempts", 3),
        **values,
    )
    with session_scope(engine) as session:
        JobRepository(session).add(job)
    return job.id


def load(engine, job_id: str) -> Job:
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def set_values(engine, job_id: str, **values) -> None:
    with session_scope(engine) as session:
        session.execute(update(Job).where(col(Job.id) == job_id).values(**values))


@pytest.fixture
def sink():
    with HttpSink() as started:
        yield started


def test_a_job_run_twice_at_the_same_moment_is_delivered_once(engine, settings, sink):
    sink.behaviour.delay_s = 0.5
    job_id = add_delivery(engine, sink.url)
    outcomes: list[str] = []
    runners = [
        threading.Thread(
            target=lambda: outcomes.append(run_job(engine, settings, job_id)[0])
        )
        for _ in range(2)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()

    assert sorted(outcomes) == ["skipped", "succeeded"]
    assert sink.record.counts[job_id] == 1
    assert load(engine, job_id).attempts == 1


def test_a_runner_that_lost_its_job_cannot_overwrite_the_new_runners_outcome(
    engine, settings, sink
):
    sink.behaviour.delay_s, sink.behaviour.delay_first_only = 1.5, True
    job_id = add_delivery(engine, sink.url)
    late: list[str] = []
    frozen = threading.Thread(
        target=lambda: late.append(run_job(engine, settings, job_id)[0])
    )
    frozen.start()
    while sink.record.counts[job_id] == 0:
        time.sleep(0.01)
    set_values(engine, job_id, heartbeat_at=utcnow() - timedelta(minutes=5))

    report = recover_stale_jobs(engine, stale_after_s=60)
    assert report.requeued == [job_id]
    assert run_job(engine, settings, job_id)[0] == "succeeded"
    frozen.join()

    job = load(engine, job_id)
    assert late == ["skipped"]
    assert (job.status, job.attempts) == ("succeeded", 2)
    assert job.worker == worker_name()
    assert sink.record.counts[job_id] == 2


def test_a_stale_job_without_attempts_left_fails_with_a_reason(engine, settings):
    job_id = add_delivery(
        engine,
        "http://127.0.0.1:9/",
        status="running",
        attempts=2,
        max_attempts=2,
        worker="gpu-box:4242:1",
        heartbeat_at=utcnow() - timedelta(seconds=90),
    )

    report = recover_stale_jobs(engine, stale_after_s=60)

    job = load(engine, job_id)
    assert report.failed == [job_id]
    assert job.status == "failed"
    assert job.finished_at is not None
    assert job.error == (
        "The worker running this job stopped responding (no heartbeat for 60 s "
        "from gpu-box:4242:1) and no attempts remain (2 of 2)."
    )


def test_a_job_with_a_fresh_heartbeat_is_left_alone(engine):
    job_id = add_delivery(
        engine, "http://127.0.0.1:9/", status="running", heartbeat_at=utcnow()
    )
    assert recover_stale_jobs(engine, stale_after_s=60).requeued == []
    assert load(engine, job_id).status == "running"


def test_lost_queue_entries_are_enqueued_again_by_the_reaper(engine, settings, sink):
    lost = add_delivery(engine, sink.url, updated_at=utcnow() - timedelta(hours=1))
    waiting = add_delivery(engine, sink.url, updated_at=utcnow() - timedelta(hours=1))
    queue = InlineQueue(engine, settings)
    try:
        queue.enqueue(waiting, delay=30)  # held by the queue: not lost
        report = reap(engine, queue, stale_after_s=60)
        queue.drain()
    finally:
        queue.shutdown()

    assert report.reenqueued == [lost]
    assert load(engine, lost).status == "succeeded"
    assert load(engine, waiting).status == "queued"
    assert sink.record.counts == {lost: 1}


def test_a_retry_does_not_start_before_its_backoff_is_over(engine, settings, sink):
    job_id = add_delivery(engine, sink.url, run_after=utcnow() + timedelta(seconds=30))

    assert run_job(engine, settings, job_id) == ("skipped", 0.0)
    set_values(engine, job_id, run_after=utcnow())
    assert run_job(engine, settings, job_id)[0] == "succeeded"


def test_a_retry_waits_as_long_as_the_endpoint_asks(engine, settings, sink):
    sink.behaviour.status, sink.behaviour.headers = 429, {"Retry-After": "5"}
    job_id = add_delivery(engine, sink.url)

    status, delay = run_job(engine, settings, job_id)

    job = load(engine, job_id)
    assert (status, delay) == ("queued", 5.0)
    assert (
        job.error
        == "Attempt 1 of 3 failed: 127.0.0.1 answered HTTP 429 Too Many Requests"
    )
    assert job.worker is None
    assert timedelta(seconds=4) < job.run_after - utcnow() <= timedelta(seconds=5)


def test_a_job_cancelled_while_waiting_for_a_retry_ends_cancelled(
    engine, settings, sink
):
    job_id = add_delivery(engine, sink.url, cancel_requested=True)

    assert run_job(engine, settings, job_id)[0] == "cancelled"
    assert load(engine, job_id).status == "cancelled"
    assert sink.record.counts[job_id] == 0


def test_submissions_racing_with_one_idempotency_key_create_one_job(
    engine, settings, sink
):
    queue = InlineQueue(engine, settings)
    start = threading.Barrier(6)
    ids: list[str] = []
    payload = {
        "prompt": "p",
        "target_name": None,
        "target": {"kind": "http", "url": sink.url},
    }

    errors: list[BaseException] = []

    def submit() -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                job = submit_job(
                    session, queue, "delivery", payload, idempotency_key="delivery:k-1"
                )
                ids.append(job.id)
        except BaseException as error:  # surfaced below: a thread's error is lost
            errors.append(error)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        queue.drain()
    finally:
        queue.shutdown()

    assert errors == []
    assert len(ids) == 6
    assert len(set(ids)) == 1
    with Session(engine) as session:
        assert JobRepository(session).page("delivery", None, 10, 0)[1] == 1
    assert sink.record.counts == {ids[0]: 1}


def test_retry_delays_double_with_jitter_up_to_a_cap():
    for attempt, nominal in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0)]:
        assert 0.8 * nominal <= retry_delay(attempt) <= 1.2 * nominal
    assert retry_delay(30, base=2.0, cap=60.0) <= 72.0
    assert 0.4 <= retry_delay(1, base=0.5) <= 0.6


def test_a_job_run_after_it_finished_changes_nothing(engine, settings, sink):
    job_id = add_delivery(engine, sink.url)
    assert run_job(engine, settings, job_id)[0] == "succeeded"
    assert run_job(engine, settings, job_id) == ("skipped", 0.0)
    assert sink.record.counts[job_id] == 1
