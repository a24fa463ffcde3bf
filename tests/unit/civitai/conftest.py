"""A fake Civitai server and clients pointed at it (no database needed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from lora_manager.civitai.client import CivitaiClient, ClientOptions
from tests.fakes.civitai import FakeCivitai

TOKEN = "test-token-123"
SHA = "ab" * 32


@pytest.fixture
def fake() -> Iterator[FakeCivitai]:
    with FakeCivitai() as server:
        yield server


@pytest.fixture
def make_client(fake: FakeCivitai) -> Iterator[Callable[..., CivitaiClient]]:
    clients: list[CivitaiClient] = []

    def make(**options: object) -> CivitaiClient:
        settings = {
            "base_url": fake.base_url,
            "api_key": TOKEN,
            "timeout_s": 0.5,
            "max_attempts": 3,
            "backoff_s": 0.001,
            "concurrency": 4,
            **options,
        }
        client = CivitaiClient(ClientOptions(**settings))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
