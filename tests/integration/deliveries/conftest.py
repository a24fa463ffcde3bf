"""Fixtures for the deliveries API: an app per settings, a sink, a fake SD.Next."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lora_manager.app import create_app
from lora_manager.core.config import Settings
from tests.fakes.http_sink import HttpSink
from tests.fakes.sdnext import FakeSdNext

FINISHED = {"succeeded", "failed", "cancelled"}


@pytest.fixture
def sink() -> Iterator[HttpSink]:
    """An HTTP endpoint on loopback that records what it receives."""
    with HttpSink() as started:
        yield started


@pytest.fixture
def sdnext() -> Iterator[FakeSdNext]:
    """A fake SD.Next server on loopback."""
    with FakeSdNext() as started:
        yield started


@pytest.fixture
def make_client(
    settings: Settings, engine: Engine
) -> Iterator[Callable[..., TestClient]]:
    """An app over the parametrised database with some settings changed."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        client = TestClient(create_app(settings.model_copy(update=overrides), engine))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def wait_done(client: TestClient, delivery_id: str, timeout: float = 30) -> Any:
    """Poll a delivery until it has finished; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = client.get(f"/api/v1/deliveries/{delivery_id}").json()
        if delivery["status"] in FINISHED:
            return delivery
        time.sleep(0.02)
    raise AssertionError(f"delivery {delivery_id} did not finish: {delivery}")
