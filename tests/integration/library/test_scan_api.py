"""Scanning through the API: roots, a scan job with progress, duplicates."""

from __future__ import annotations

import time

import pytest

from tests.factories.lora_files import write_lora
from tests.integration.api.conftest import assert_problem


def _wait(client, job_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_scan_job_imports_the_roots_and_reports_progress(client, library_root):
    for i in range(3):
        write_lora(library_root, f"api{i}", family="sdxl", trigger=f"api{i}trig")
    assert client.get("/api/v1/library/roots").json()[0]["last_scanned_at"] is None

    started = client.post("/api/v1/library/scan", json={})
    assert started.status_code == 202
    job = _wait(client, started.json()["id"])

    assert job["kind"] == "scan"
    assert job["status"] == "succeeded"
    assert job["attempts"] == 1
    assert job["result"]["added"] == 3
    assert job["progress"]["files_done"] == job["progress"]["files_total"] == 3
    found = client.get("/api/v1/adapters", params={"q": "api1trig"}).json()
    assert [a["file_name"] for a in found["items"]] == ["api1.safetensors"]
    roots = client.get("/api/v1/library/roots").json()
    assert roots[0]["adapters"] == {"ok": 3}
    assert roots[0]["source"] == "env"
    assert roots[0]["last_scanned_at"] == job["finished_at"]  # read from its scans
    assert client.get("/api/v1/jobs", params={"kind": "scan"}).json()["total"] == 1
    extras = client.get("/api/v1/jobs", params={"kind": "hash_extras"}).json()
    assert _wait(client, extras["items"][0]["id"])["result"] == {"files_hashed": 3}
    hashed = client.get("/api/v1/adapters").json()["items"]
    assert all(a["blake3"] and a["crc32"] for a in hashed)


def test_roots_can_be_added_scanned_and_removed(client, tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    write_lora(folder, "extra", family="sd1")

    created = client.post("/api/v1/library/roots", json={"path": str(folder)})
    assert created.status_code == 201
    job = client.post("/api/v1/library/scan", json={"roots": [str(folder)]}).json()
    assert _wait(client, job["id"])["result"]["added"] == 1

    assert_problem(
        client.post("/api/v1/library/roots", json={"path": str(folder)}), 409
    )
    assert (
        client.delete(f"/api/v1/library/roots/{created.json()['id']}").status_code
        == 204
    )
    assert client.get("/api/v1/adapters").json()["total"] == 1  # adapters stay
    assert_problem(client.delete(f"/api/v1/library/roots/{created.json()['id']}"), 404)


@pytest.mark.parametrize(
    "path",
    ["relative/dir", "/not/here", "/etc/passwd", "~0", "~nobody-here/x", "/"],
)
def test_roots_must_be_existing_absolute_folders(client, path):
    assert_problem(client.post("/api/v1/library/roots", json={"path": path}), 422)


def test_scanning_an_unknown_root_is_refused(client, tmp_path):
    response = client.post("/api/v1/library/scan", json={"roots": [str(tmp_path)]})
    assert_problem(response, 422)
    assert client.get("/api/v1/jobs").json()["total"] == 0


def test_preview_endpoint_serves_a_webp_thumbnail_and_the_original(
    client, library_root
):
    write_lora(library_root, "pic", family="sdxl", thumbnail=True)
    _wait(client, client.post("/api/v1/library/scan").json()["id"])
    adapter = client.get("/api/v1/adapters").json()["items"][0]

    thumb = client.get(adapter["preview_url"])
    original = client.get(adapter["preview_url"], params={"size": "original"})

    assert thumb.headers["content-type"] == "image/webp"
    assert thumb.content[:4] == b"RIFF"
    assert original.headers["content-type"] == "image/png"
    assert "max-age=604800" in thumb.headers["cache-control"]  # versioned address


def test_the_preview_address_changes_when_the_adapter_does(client, library_root):
    write_lora(library_root, "pic", family="sdxl", thumbnail=True)
    _wait(client, client.post("/api/v1/library/scan").json()["id"])
    before = client.get("/api/v1/adapters").json()["items"][0]
    edited = client.patch(f"/api/v1/adapters/{before['id']}", json={"notes": "x"})
    assert edited.json()["preview_url"].startswith(f"/api/v1/adapters/{before['id']}/")
    assert edited.json()["preview_url"] != before["preview_url"]
    unversioned = client.get(f"/api/v1/adapters/{before['id']}/preview")
    assert "max-age=3600" in unversioned.headers["cache-control"]


def test_unknown_jobs_and_finished_jobs(client, library_root):
    assert_problem(client.get("/api/v1/jobs/0123456789abcdef"), 404)
    write_lora(library_root, "one", family="sd1")
    job = _wait(client, client.post("/api/v1/library/scan").json()["id"])
    assert_problem(client.post(f"/api/v1/jobs/{job['id']}/cancel"), 409)
