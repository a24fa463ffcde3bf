"""Deliveries through the API: create, follow, list, cancel, retry, named targets."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from tests.integration.api.conftest import assert_problem
from tests.integration.deliveries.conftest import wait_done


def test_a_delivery_is_a_job_that_reports_the_targets_answer(make_client, sink):
    client = make_client()
    response = client.post(
        "/api/v1/deliveries",
        json={
            "prompt": "a castle <lora:castles:0.8>",
            "negative_prompt": "blurry",
            "params": {"steps": 20, "seed": 7},
            "adapters": [{"id": 3, "name": "castles", "weight": 0.8}],
            "target": {"kind": "http", "url": sink.url},
        },
    )
    assert response.status_code == 202
    created = response.json()
    assert created["kind"] == "delivery"
    assert created["status"] in {"queued", "running", "succeeded"}
    assert created["target"] == {
        "name": None,
        "kind": "http",
        "url": sink.url,
        "argv": None,
    }
    assert created["prompt"] == "a castle <lora:castles:0.8>"

    done = wait_done(client, created["id"])

    assert done["status"] == "succeeded"
    assert done["attempts"] == 1
    assert done["result"]["status_code"] == 200
    assert done["result"]["response"] == {"received": created["id"]}
    assert done["finished_at"] is not None
    assert sink.record.bodies[0]["adapters"] == [
        {"id": 3, "name": "castles", "weight": 0.8, "trigger_words": []}
    ]
    job = client.get(f"/api/v1/jobs/{created['id']}").json()
    assert job["kind"] == "delivery"


def test_named_targets_from_the_settings_hide_their_header_values(make_client, sink):
    client = make_client(
        delivery_targets={
            "studio": {
                "kind": "http",
                "url": sink.url,
                "headers": {"Authorization": "Bearer s3cret"},
            }
        }
    )
    listed = client.get("/api/v1/deliveries/targets")
    assert listed.status_code == 200
    assert "s3cret" not in listed.text
    [studio] = listed.json()
    assert studio["name"] == "studio"
    assert studio["source"] == "settings"
    assert studio["header_names"] == ["Authorization"]
    assert studio["timeout_s"] == 30
    assert studio["max_attempts"] == 3

    created = client.post(
        "/api/v1/deliveries", json={"prompt": "p", "target_name": "studio"}
    ).json()
    done = wait_done(client, created["id"])

    assert done["status"] == "succeeded"
    assert done["target"]["name"] == "studio"
    assert "s3cret" not in str(done)
    assert sink.record.headers[0]["Authorization"] == "Bearer s3cret"


def test_stored_targets_are_created_used_and_deleted(make_client, sink):
    client = make_client()
    created = client.post(
        "/api/v1/deliveries/targets",
        json={"name": "lab", "kind": "http", "url": sink.url, "max_attempts": 5},
    )
    assert created.status_code == 201
    assert created.json()["source"] == "database"

    delivery = client.post(
        "/api/v1/deliveries", json={"prompt": "p", "target_name": "lab"}
    ).json()
    assert delivery["max_attempts"] == 5
    assert wait_done(client, delivery["id"])["status"] == "succeeded"

    assert client.delete("/api/v1/deliveries/targets/lab").status_code == 204
    assert_problem(client.delete("/api/v1/deliveries/targets/lab"), 404)
    gone = client.post("/api/v1/deliveries", json={"prompt": "p", "target_name": "lab"})
    assert_problem(gone, 422)


def test_settings_targets_cannot_be_deleted_or_shadowed(make_client, sink):
    client = make_client(delivery_targets={"studio": {"kind": "http", "url": sink.url}})

    assert_problem(client.delete("/api/v1/deliveries/targets/studio"), 409)
    clash = client.post(
        "/api/v1/deliveries/targets",
        json={"name": "studio", "kind": "http", "url": sink.url},
    )
    assert_problem(clash, 409)


def test_the_same_idempotency_key_returns_the_same_delivery(make_client, sink):
    client = make_client()
    body = {"prompt": "p", "target": {"kind": "http", "url": sink.url}}
    headers = {"Idempotency-Key": "order-7f3a"}

    first = client.post("/api/v1/deliveries", json=body, headers=headers).json()
    wait_done(client, first["id"])
    again = client.post("/api/v1/deliveries", json=body, headers=headers).json()
    other = client.post("/api/v1/deliveries", json=body).json()
    wait_done(client, other["id"])

    assert again["id"] == first["id"]
    assert again["status"] == "succeeded"
    assert other["id"] != first["id"]
    assert sink.record.counts == {first["id"]: 1, other["id"]: 1}


def test_deliveries_are_listed_newest_first_with_filters(make_client, sink, tmp_path):
    client = make_client(
        delivery_targets={
            "studio": {"kind": "http", "url": sink.url},
            "script": {"kind": "cli", "argv": [sys.executable, "-c", "pass"]},
        }
    )
    ids = []
    for name in ("studio", "studio", "script"):
        created = client.post(
            "/api/v1/deliveries", json={"prompt": name, "target_name": name}
        ).json()
        ids.append(wait_done(client, created["id"])["id"])
    client.post("/api/v1/library/scan", json={})  # another kind of job

    def listed(**params):
        return client.get("/api/v1/deliveries", params=params).json()

    everything = listed()
    assert everything["total"] == 3
    assert [d["id"] for d in everything["items"]] == ids[::-1]
    assert listed(target="studio")["total"] == 2
    assert listed(target_kind="cli")["total"] == 1
    assert listed(status="succeeded", limit=1)["total"] == 3
    assert len(listed(status="succeeded", limit=1)["items"]) == 1
    assert listed(status="failed")["total"] == 0
    assert listed(target="nobody")["total"] == 0


def test_a_failed_delivery_can_be_retried_as_more_attempts_of_the_same_job(
    make_client, sink
):
    client = make_client()
    sink.behaviour.status = 400
    target = {"kind": "http", "url": sink.url, "max_attempts": 1}
    created = client.post("/api/v1/deliveries", json={"prompt": "p", "target": target})
    failed = wait_done(client, created.json()["id"])
    assert failed["status"] == "failed"
    assert "HTTP 400" in failed["error"]
    assert failed["result"]["status_code"] == 400

    sink.behaviour.status = 200
    retried = client.post(f"/api/v1/deliveries/{failed['id']}/retry")
    assert retried.status_code == 202
    assert retried.json()["id"] == failed["id"]
    assert retried.json()["error"] is None
    done = wait_done(client, failed["id"])

    assert done["status"] == "succeeded"
    assert (done["attempts"], done["max_attempts"]) == (2, 2)
    assert sink.record.counts[failed["id"]] == 2
    assert_problem(client.post(f"/api/v1/deliveries/{failed['id']}/retry"), 409)


def test_a_running_delivery_can_be_cancelled_and_retried(make_client):
    sleeper = {
        "kind": "cli",
        "argv": [sys.executable, "-c", "import time; time.sleep(30)"],
    }
    client = make_client(delivery_targets={"sleeper": sleeper})
    created = client.post(
        "/api/v1/deliveries", json={"prompt": "p", "target_name": "sleeper"}
    ).json()
    while client.get(f"/api/v1/deliveries/{created['id']}").json()["status"] != (
        "running"
    ):
        pass

    asked = client.post(f"/api/v1/deliveries/{created['id']}/cancel")
    assert asked.status_code == 200
    cancelled = wait_done(client, created["id"])
    assert cancelled["status"] == "cancelled"
    assert_problem(client.post(f"/api/v1/deliveries/{created['id']}/cancel"), 409)

    again = client.post(f"/api/v1/deliveries/{created['id']}/retry").json()
    assert again["status"] in {"queued", "running"}
    assert again["max_attempts"] == 1 + 3
    client.post(f"/api/v1/deliveries/{created['id']}/cancel")
    assert wait_done(client, created["id"])["status"] == "cancelled"


def test_unknown_deliveries_are_not_found(make_client):
    client = make_client()
    scan = client.post("/api/v1/library/scan", json={}).json()  # not a delivery

    for path in ("", "/cancel", "/retry"):
        method = client.get if not path else client.post
        assert_problem(method(f"/api/v1/deliveries/0123456789abcdef{path}"), 404)
        assert_problem(method(f"/api/v1/deliveries/{scan['id']}{path}"), 404)


def test_sdnext_is_the_default_target_and_its_images_are_kept(
    make_client, sdnext, settings
):
    client = make_client(sdnext_url=sdnext.url)
    created = client.post(
        "/api/v1/deliveries",
        json={
            "prompt": "a dragon",
            "params": {"steps": 3, "width": 64, "height": 64, "seed": 42},
        },
    ).json()
    assert created["target"]["name"] == "sdnext"

    done = wait_done(client, created["id"])

    assert done["status"] == "succeeded", done["error"]
    [image] = done["result"]["images"]
    assert image["path"] == f"images/{created['id']}/0.png"
    assert image["seed"] == 42
    with Image.open(Path(settings.data_dir) / image["path"]) as png:
        assert png.size == (64, 64)
    assert sdnext.state.requests[0]["prompt"] == "a dragon"
