"""Fixtures for the registry API tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


@pytest.fixture
def make_file(library_root: Path) -> Callable[..., Path]:
    """Write a small file inside the library root and return its path."""

    def make(name: str = "style.safetensors", size: int = 64) -> Path:
        path = library_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * size)
        return path

    return make


@pytest.fixture
def register(
    client: TestClient, make_file: Callable[..., Path]
) -> Callable[..., dict[str, Any]]:
    """Create a file and register it through the API."""

    def register(file: str = "style.safetensors", **fields: Any) -> dict[str, Any]:
        path = make_file(file)
        response = client.post(
            "/api/v1/adapters", json={"file_path": str(path), **fields}
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return register


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """Check that a response is RFC 9457 problem+json with the given status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body
