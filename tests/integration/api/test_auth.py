"""With API_KEY set, every route but /health needs the key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from lora_manager.app import create_app
from tests.integration.api.conftest import assert_problem


@pytest.fixture
def locked_client(settings, engine):
    settings.api_key = SecretStr("s3cret-key")
    with TestClient(create_app(settings, engine)) as client:
        yield client


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}])
def test_requests_without_the_right_key_are_unauthorized(locked_client, headers):
    for path in ("/api/v1/adapters", "/api/v1/system/health", "/api/v1/adapters/1"):
        body = assert_problem(locked_client.get(path, headers=headers), 401)
        assert "s3cret" not in str(body)


def test_the_right_key_opens_the_api_and_health_stays_open(locked_client):
    ok = locked_client.get("/api/v1/adapters", headers={"X-API-Key": "s3cret-key"})
    assert ok.status_code == 200
    assert locked_client.get("/health").status_code == 200
    health = locked_client.get(
        "/api/v1/system/health", headers={"X-API-Key": "s3cret-key"}
    ).json()
    assert health["auth_required"] is True


def test_writes_without_a_key_change_nothing(locked_client, library_root):
    path = library_root / "a.safetensors"
    path.write_bytes(b"x")
    assert_problem(
        locked_client.post("/api/v1/adapters", json={"file_path": str(path)}), 401
    )
    listing = locked_client.get("/api/v1/adapters", headers={"X-API-Key": "s3cret-key"})
    assert listing.json()["total"] == 0


def test_responses_carry_a_request_id(locked_client):
    response = locked_client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    generated = locked_client.get("/health", headers={"X-Request-ID": "bad id\n"})
    assert generated.headers["x-request-id"] != "bad id"


def test_the_cookie_opens_reads_for_images_but_never_writes(settings, engine):
    settings.api_key = SecretStr("s3cret key;é")
    cookie = {"lora_manager_key": "s3cret%20key%3B%C3%A9"}  # as the web UI writes it
    with TestClient(create_app(settings, engine), cookies=cookie) as client:
        assert client.get("/api/v1/adapters").status_code == 200
        assert_problem(client.get("/api/v1/adapters/999"), 404)  # past auth
        assert_problem(client.post("/api/v1/adapters", json={"file_path": "/x"}), 401)
        assert_problem(client.delete("/api/v1/adapters/1"), 401)
    with TestClient(
        create_app(settings, engine), cookies={"lora_manager_key": "wrong"}
    ) as client:
        assert_problem(client.get("/api/v1/adapters"), 401)
