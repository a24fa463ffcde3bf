"""A burst of deliveries through real processes arrives exactly once, on both runners.

`inline` = `lora-manager serve` running jobs in-process (SQLite, the embedded shape);
`rq` = `serve` with REDIS_URL plus two `lora-manager worker` processes (PostgreSQL).
"""

from __future__ import annotations

import time

import pytest

from tests.fakes.http_sink import HttpSink
from tests.integration.jobs.cluster import wait_for

pytestmark = pytest.mark.slow
STALE_AFTER_S = 20.0  # nothing dies here; a loaded machine must not look dead


def test_every_delivery_of_a_burst_arrives_exactly_once(cluster):
    with HttpSink() as sink, cluster.client() as client:
        target = {"kind": "http", "url": sink.url}
        ids = []
        for n in range(500):
            response = client.post(
                "/api/v1/deliveries",
                json={"prompt": f"a castle, <lora:style:0.8> #{n}", "target": target},
            )
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])
        wait_for(
            lambda: cluster.status_counts(ids)["succeeded"] == 500,
            120,
            "500 deliveries to succeed",
        )
        time.sleep(0.5)  # a duplicate would arrive now, if there were one

    assert cluster.status_counts(ids) == {"succeeded": 500}
    assert set(sink.record.counts) == set(ids)
    assert set(sink.record.counts.values()) == {1}
    assert {cluster.job(i).attempts for i in ids[::25]} == {1}
    if cluster.runner == "rq":  # both workers took part
        pids = {cluster.job(i).worker.split(":")[1] for i in ids[::5]}
        assert len(pids) == 2
