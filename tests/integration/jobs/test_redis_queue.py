"""The RQ queue against a real Redis, and the `worker` command as users run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue
from sqlmodel import Session

from lora_manager.core.db import session_scope, utcnow
from lora_manager.jobs.reaper import reap
from lora_manager.jobs.redis_queue import RedisQueue
from lora_manager.jobs.service import submit_job
from lora_manager.models import Job
from tests.fakes.http_sink import HttpSink
from tests.integration.jobs.cluster import SCRUBBED
from tests.integration.jobs.test_job_runner import add_delivery, load


def _queue(engine, settings, redis_url, queue_name, **changes) -> RedisQueue:
    changed = settings.model_copy(
        update={"redis_url": redis_url, "redis_queue": queue_name, **changes}
    )
    return RedisQueue(engine, changed)


def test_entries_wait_on_the_queue_or_in_the_schedule(
    engine, settings, redis_url, queue_name
):
    queue = _queue(engine, settings, redis_url, queue_name)
    try:
        queue.enqueue("now0000000000000000000000000000a")
        before = time.time()
        queue.enqueue("later00000000000000000000000000b", delay=2.3)
        scheduled = Queue(queue_name, connection=queue.redis).scheduled_job_registry
        [(rq_id, due)] = queue.redis.zrange(scheduled.key, 0, -1, withscores=True)

        assert queue.pending_ids() == {
            "now0000000000000000000000000000a",
            "later00000000000000000000000000b",
        }
        assert rq_id.decode().startswith("later00000000000000000000000000b_")
        assert due >= before + 2.3  # never early: rounded up to RQ's whole seconds
        assert due == int(due)
    finally:
        queue.shutdown()


def test_a_job_whose_enqueue_failed_is_enqueued_once_redis_answers(
    engine, settings, redis_url, queue_name
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    down = _queue(engine, settings, f"redis://127.0.0.1:{dead_port}/0", queue_name)
    up = _queue(engine, settings, redis_url, queue_name)
    try:
        with session_scope(engine) as session:
            job = submit_job(session, down, "delivery", {"prompt": "p"})
        assert load(engine, job.id).status == "queued"  # committed, not lost

        with session_scope(engine) as session:
            session.get(Job, job.id).updated_at = utcnow() - timedelta(minutes=5)
        report = reap(engine, up, stale_after_s=60)

        assert report.reenqueued == [job.id]
        assert job.id in up.pending_ids()
    finally:
        down.shutdown()
        up.shutdown()


def _worker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(
        [sys.executable, "-m", "lora_manager", "worker", *args],
        env={**clean, "LOG_FORMAT": "json", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_a_burst_worker_runs_every_queued_job_and_exits(
    engine, settings, redis_url, queue_name, tmp_path
):
    queue = _queue(engine, settings, redis_url, queue_name)
    with HttpSink() as sink:
        ids = [add_delivery(engine, sink.url) for _ in range(5)]
        for job_id in ids:
            queue.enqueue(job_id)
        result = _worker(
            {
                "DATABASE_URL": engine.url.render_as_string(hide_password=False),
                "REDIS_URL": redis_url,
                "REDIS_QUEUE": queue_name,
                "DATA_DIR": str(tmp_path),
            },
            "--burst",
        )
    queue.shutdown()

    assert result.returncode == 0, result.stderr
    with Session(engine) as session:
        assert {session.get(Job, i).status for i in ids} == {"succeeded"}
    assert sink.record.counts == dict.fromkeys(ids, 1)
    assert Redis.from_url(redis_url).llen(f"rq:queue:{queue_name}") == 0


def test_the_worker_explains_that_it_needs_redis(tmp_path):
    result = _worker({"DATA_DIR": str(tmp_path)})

    assert result.returncode == 2
    assert "REDIS_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_worker_refuses_a_bad_delivery_target_in_the_settings(tmp_path, redis_url):
    result = _worker(
        {
            "DATA_DIR": str(tmp_path),
            "REDIS_URL": redis_url,
            "DELIVERY_TARGETS": '{"studio": {"kind": "http", "url": "ftp://x/"}}',
        }
    )

    assert result.returncode == 2
    assert "Delivery target 'studio' in DELIVERY_TARGETS is not valid" in result.stderr
    assert "Traceback" not in result.stderr
