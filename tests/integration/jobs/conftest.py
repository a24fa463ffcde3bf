"""Fixtures for queue tests: a real Redis, and clusters of real processes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError

from tests.conftest import service_missing
from tests.integration.jobs.cluster import (
    Cluster,
    create_postgres_database,
    drop_postgres_database,
    purge_queue,
)

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis (TEST_REDIS_URL or 127.0.0.1:6379/0), known to answer."""
    client = Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as error:
        service_missing("Redis", error)
    finally:
        client.close()
    return REDIS_TEST_URL


@pytest.fixture
def queue_name(redis_url: str) -> Iterator[str]:
    """A queue name no other test run uses; everything under it is deleted after."""
    name = f"lm-test-{uuid.uuid4().hex[:12]}"
    yield name
    client = Redis.from_url(redis_url)
    try:
        purge_queue(client, name)
    finally:
        client.close()


@pytest.fixture(scope="module")
def module_queue_name(redis_url: str) -> Iterator[str]:
    """A queue name for one test module (its processes live as long as it does)."""
    name = f"lm-test-{uuid.uuid4().hex[:12]}"
    yield name
    client = Redis.from_url(redis_url)
    try:
        purge_queue(client, name)
    finally:
        client.close()


@pytest.fixture(scope="module", params=["inline", "rq"])
def cluster(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """`serve` (and, on RQ, two workers) over a fresh database, for one module.

    Each behavioural test runs on the in-process runner and on RQ workers. The
    module sets STALE_AFTER_S (how soon a silent runner's job is taken back).
    """
    runner = str(request.param)
    workdir = tmp_path_factory.mktemp(f"cluster-{runner}")
    stale_after_s = float(getattr(request.module, "STALE_AFTER_S", 10.0))
    database = None
    if runner == "inline":
        cluster = Cluster(
            runner,
            workdir,
            f"sqlite:///{workdir / 'jobs.db'}",
            stale_after_s=stale_after_s,
        )
    else:
        redis_url = request.getfixturevalue("redis_url")
        queue = request.getfixturevalue("module_queue_name")
        try:
            database = create_postgres_database()
        except OperationalError as error:
            service_missing("PostgreSQL", error)
        cluster = Cluster(
            runner, workdir, database, redis_url, queue, stale_after_s=stale_after_s
        )
    try:
        cluster.start(workers=2 if runner == "rq" else 0)
        yield cluster
    finally:
        cluster.stop()
        if database:
            drop_postgres_database(database)
