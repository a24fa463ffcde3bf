"""Failures on both runners: a runner killed mid-job, a failing sink, a dead sink.

`inline` = `lora-manager serve` running jobs in-process (SQLite, the embedded shape);
`rq` = `serve` with REDIS_URL plus two `lora-manager worker` processes (PostgreSQL).
"""

from __future__ import annotations

import socket

import pytest

from tests.fakes.http_sink import HttpSink, SinkBehaviour
from tests.integration.jobs.cluster import Cluster, wait_for

pytestmark = pytest.mark.slow
STALE_AFTER_S = 2.0  # a killed runner's job is taken back after this


def _deliver(cluster: Cluster, url: str, **spec: object) -> str:
    with cluster.client() as client:
        response = client.post(
            "/api/v1/deliveries",
            json={
                "prompt": "a lighthouse at dusk",
                "target": {"kind": "http", "url": url, **spec},
            },
        )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def _kill_runner_mid_delivery(cluster: Cluster, sink: HttpSink, job_id: str) -> int:
    wait_for(lambda: sink.record.counts[job_id] == 1, 30, "the delivery to start")
    killed = cluster.kill_runner_of(job_id)
    if cluster.runner == "inline":
        cluster.restart_api()  # the embedded service comes back
    else:
        cluster.spawn_workers(1)  # keep two workers for the next tests
    return killed


def test_a_runner_killed_mid_delivery_does_not_leave_it_running(cluster):
    slow_first = SinkBehaviour(delay_s=60, delay_first_only=True)
    with HttpSink(behaviour=slow_first) as sink:
        job_id = _deliver(cluster, sink.url, max_attempts=3)
        killed = _kill_runner_mid_delivery(cluster, sink, job_id)
        job = cluster.wait_finished(job_id, timeout=60)

    assert job.status == "succeeded", job.error
    assert job.attempts == 2
    assert sink.record.counts[job_id] == 2  # at least once: the cut-off try counts
    assert f":{killed}:" not in (job.worker or "")


def test_a_killed_runner_with_no_attempts_left_fails_the_job_with_a_reason(cluster):
    with HttpSink(behaviour=SinkBehaviour(delay_s=60)) as sink:
        job_id = _deliver(cluster, sink.url, max_attempts=1)
        _kill_runner_mid_delivery(cluster, sink, job_id)
        job = cluster.wait_finished(job_id, timeout=60)

    assert job.status == "failed"
    assert "stopped responding" in (job.error or "")
    assert "1 of 1" in (job.error or "")
    assert sink.record.counts[job_id] == 1


def test_a_failing_sink_is_retried_with_growing_delays_then_fails(cluster):
    with HttpSink(behaviour=SinkBehaviour(status=503)) as sink:
        job_id = _deliver(cluster, sink.url, max_attempts=3, backoff_s=0.5)
        job = cluster.wait_finished(job_id, timeout=60)
        times = sink.record.times[job_id]

    assert job.status == "failed"
    assert job.attempts == 3
    assert "HTTP 503" in (job.error or "")
    assert "gave up after 3 attempts" in (job.error or "")
    assert len(times) == 3
    first_gap, second_gap = times[1] - times[0], times[2] - times[1]
    assert first_gap >= 0.5 * 0.8  # backoff_s, less the jitter
    assert second_gap >= 2 * 0.5 * 0.8  # doubled


def test_a_sink_that_is_down_fails_the_job_with_the_connection_error(cluster):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    job_id = _deliver(
        cluster, f"http://127.0.0.1:{port}/x", max_attempts=2, backoff_s=0.2
    )
    job = cluster.wait_finished(job_id, timeout=60)
    with cluster.client() as client:
        shown = client.get(f"/api/v1/deliveries/{job_id}").json()

    assert job.status == "failed"
    assert job.attempts == 2
    assert "Could not reach 127.0.0.1" in (job.error or "")
    assert shown["status"] == "failed"
    assert shown["error"] == job.error
