"""Civitai enrichment over HTTP: the sync job and the single refresh."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from lora_manager.app import create_app
from tests.factories.lora_files import write_lora
from tests.integration.api.conftest import assert_problem


def _wait(client, job_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_sync_job_reports_progress_and_the_outcome_per_adapter(
    client, scan, rows, publish, library_root
):
    write_lora(library_root, "known", family="sdxl")
    write_lora(library_root, "unknown", family="sd1")
    scan()
    known, unknown = rows()["known"], rows()["unknown"]
    publish(known, model_id=1, version_id=10, model_name="Known Style")

    started = client.post("/api/v1/civitai/sync", json={})

    assert started.status_code == 202
    job = _wait(client, started.json()["id"])
    assert (job["kind"], job["status"]) == ("civitai_sync", "succeeded")
    assert job["progress"]["done"] == job["progress"]["total"] == 2
    result = job["result"]
    assert (result["found"], result["not_found"], result["errors"]) == (1, 1, 0)
    outcomes = {r["id"]: r["outcome"] for r in result["results"]}
    assert outcomes == {known.id: "found", unknown.id: "not_found"}
    adapter = client.get(f"/api/v1/adapters/{known.id}").json()
    assert adapter["name"] == "Known Style"
    assert adapter["civitai"]["version_id"] == 10
    assert adapter["preview_source"] == "civitai"
    thumbnail = client.get(adapter["preview_url"], params={"size": "256"})
    assert thumbnail.headers["content-type"] == "image/webp"


def test_sync_can_name_its_adapters(client, scan, rows, publish, library_root):
    write_lora(library_root, "a", family="sdxl")
    write_lora(library_root, "b", family="sdxl")
    scan()
    a = rows()["a"]
    publish(a, model_id=1, version_id=10)

    job = client.post(
        "/api/v1/civitai/sync", json={"adapter_ids": [a.id, 999_999]}
    ).json()

    results = _wait(client, job["id"])["result"]["results"]
    assert sorted(results, key=lambda r: r["id"]) == [
        {"id": a.id, "outcome": "found"},
        {"id": 999_999, "outcome": "skipped", "reason": "no such adapter"},
    ]
    assert rows()["b"].civitai_status is None


def test_sync_requests_are_validated(client):
    assert_problem(client.post("/api/v1/civitai/sync", json={"forse": True}), 422)
    assert_problem(client.post("/api/v1/civitai/sync", json={"adapter_ids": [0]}), 422)


def test_sync_fails_with_one_sentence_when_civitai_is_unreachable(
    client, scan, rows, fake, library_root
):
    write_lora(library_root, "lonely", family="sdxl")
    scan()
    fake.stop()

    job = _wait(client, client.post("/api/v1/civitai/sync").json()["id"])

    assert job["status"] == "failed"
    assert job["error"].startswith("Civitai is unreachable at")
    assert job["result"]["results"][0]["outcome"] == "skipped"
    assert rows()["lonely"].civitai_status is None


def test_refresh_returns_the_updated_adapter_even_after_a_not_found(
    client, scan, sync, rows, publish, library_root
):
    write_lora(library_root, "late", family="sdxl")
    scan()
    row = rows()["late"]
    sync()
    assert rows()["late"].civitai_status == "not_found"
    publish(row, model_id=4, version_id=40, model_name="Published Later")

    response = client.post(f"/api/v1/adapters/{row.id}/civitai/refresh")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Published Later"
    assert body["civitai_status"] == "found"
    assert body["civitai_version_id"] == 40


def test_refresh_of_unknown_or_unhashed_adapters_is_refused(client, library_root):
    (library_root / "bare.safetensors").write_bytes(b"\0" * 16)
    created = client.post(
        "/api/v1/adapters", json={"file_path": str(library_root / "bare.safetensors")}
    ).json()

    assert_problem(client.post("/api/v1/adapters/424242/civitai/refresh"), 404)
    problem = assert_problem(
        client.post(f"/api/v1/adapters/{created['id']}/civitai/refresh"), 409
    )
    assert "scan its file first" in problem["detail"]


@pytest.mark.parametrize(
    ("failure", "status"), [("server", 502), ("slow", 504), ("down", 503)]
)
def test_refresh_reports_civitai_failures_as_problems(
    client, settings, scan, rows, fake, library_root, failure, status
):
    write_lora(library_root, "flaky", family="sdxl")
    scan()
    row = rows()["flaky"]
    if failure == "server":
        fake.script(row.sha256, always=500)
    elif failure == "slow":
        settings.civitai_timeout_s = 0.3  # the app reads its settings per request
        fake.script(row.sha256, delay_s=1.0)
    else:
        fake.stop()

    response = client.post(f"/api/v1/adapters/{row.id}/civitai/refresh")

    problem = assert_problem(response, status)
    assert "Civitai" in problem["detail"]
    assert rows()["flaky"].civitai_status is None


def test_civitai_endpoints_need_the_api_key(settings, engine):
    keyed = settings.model_copy(update={"api_key": SecretStr("sesame")})
    with TestClient(create_app(keyed, engine)) as client:
        assert_problem(client.post("/api/v1/civitai/sync"), 401)
        assert_problem(client.post("/api/v1/adapters/1/civitai/refresh"), 401)
        answer = client.post(
            "/api/v1/adapters/1/civitai/refresh", headers={"X-API-Key": "sesame"}
        )
        assert_problem(answer, 404)


def test_openapi_declares_stable_ids_and_problem_responses(client):
    paths = client.get("/openapi.json").json()["paths"]
    sync = paths["/api/v1/civitai/sync"]["post"]
    refresh = paths["/api/v1/adapters/{adapter_id}/civitai/refresh"]["post"]
    assert (sync["operationId"], refresh["operationId"]) == (
        "sync_civitai",
        "refresh_adapter_civitai",
    )
    for status in ("404", "409", "502", "503", "504"):
        assert "application/problem+json" in refresh["responses"][status]["content"]
