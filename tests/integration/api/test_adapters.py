from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from tests.integration.api.conftest import assert_problem

API = "/api/v1/adapters"


def test_create_registers_file_with_defaults_from_its_name(client, make_file):
    path = make_file("chars/Anime Girl.v2.safetensors", size=1234)

    response = client.post(
        API, json={"file_path": str(path), "tags": ["Anime", "anime "]}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Anime Girl.v2"
    assert body["file_name"] == "Anime Girl.v2.safetensors"
    assert body["file_path"] == str(path.resolve())
    assert body["size_bytes"] == 1234
    assert body["tags"] == ["Anime"]
    assert body["status"] == "ok"
    assert body["active"] is False
    created = datetime.fromisoformat(body["created_at"])
    offset = created.utcoffset()
    assert offset is not None
    assert offset.total_seconds() == 0


def test_create_twice_at_the_same_path_is_a_conflict(client, make_file):
    path = make_file()
    assert client.post(API, json={"file_path": str(path)}).status_code == 201

    response = client.post(API, json={"file_path": str(path)})

    assert_problem(response, 409)
    assert client.get(API).json()["total"] == 1


def test_get_patch_and_delete_round_trip_keeps_the_file(client, register):
    adapter = register(name="Original", notes="keep me")
    url = f"{API}/{adapter['id']}"

    patched = client.patch(url, json={"tags": ["style"], "preferred_weight": 0.7})

    assert patched.status_code == 200
    body = patched.json()
    assert body["tags"] == ["style"]
    assert body["preferred_weight"] == 0.7
    assert body["name"] == "Original"
    assert body["notes"] == "keep me"
    assert "preferred_weight" in body["edited_fields"]
    assert client.get(url).json()["tags"] == ["style"]
    assert client.delete(url).status_code == 204
    assert_problem(client.get(url), 404)
    assert Path(adapter["file_path"]).exists()


def test_patch_rejects_null_for_required_fields(client, register):
    adapter = register()

    response = client.patch(f"{API}/{adapter['id']}", json={"name": None})

    body = assert_problem(response, 422)
    assert body["errors"][0]["loc"] == ["body", "name"]
    assert client.get(f"{API}/{adapter['id']}").json()["name"] == "style"


def test_activate_appends_to_the_stack_and_deactivate_removes(client, register):
    first = register("a.safetensors")
    second = register("b.safetensors")

    one = client.post(f"{API}/{first['id']}/activate").json()
    two = client.post(f"{API}/{second['id']}/activate", json={"weight": 0.6}).json()
    moved = client.post(f"{API}/{first['id']}/activate", json={"ordinal": 5}).json()
    off = client.post(f"{API}/{second['id']}/deactivate").json()

    assert (one["active"], one["ordinal"]) == (True, 0)
    assert (two["ordinal"], two["weight"]) == (1, 0.6)
    assert moved["ordinal"] == 5
    assert (off["active"], off["ordinal"]) == (False, None)
    active = client.get(API, params={"active": True}).json()
    assert [a["id"] for a in active["items"]] == [first["id"]]


def test_list_filters_combine_and_paginate(client, register):
    register("a.safetensors", name="Alpha", tags=["style", "anime"], favorite=True)
    register("b.safetensors", name="Beta", tags=["style"], base_model="SDXL 1.0")
    register("c.safetensors", name="Gamma", tags=["anime"], base_model="SDXL 1.0")

    def names(**params):
        body = client.get(API, params=params).json()
        return [a["name"] for a in body["items"]], body["total"]

    assert names(tags="style") == (["Alpha", "Beta"], 2)
    assert names(tags=["style", "anime"], tags_mode="all") == (["Alpha"], 1)
    assert names(tags="style,anime") == (["Alpha", "Beta", "Gamma"], 3)
    assert names(base_model="SDXL 1.0", tags="anime") == (["Gamma"], 1)
    assert names(favorite=True) == (["Alpha"], 1)
    assert names(sort="name", order="desc", limit=2) == (["Gamma", "Beta"], 3)
    assert names(limit=1, offset=2) == (["Gamma"], 3)
    assert names(architecture="unknown", network_type="unknown")[1] == 3
    assert names(status="missing") == ([], 0)


def test_search_matches_names_and_trigger_words_case_insensitively(client, register):
    register("a.safetensors", name="Watercolor Style", trained_words=["wtrclr"])
    register("b.safetensors", name="Pixel Art")
    register("c.safetensors", name="50%_off")

    assert [
        a["name"] for a in client.get(API, params={"q": "WATERcolor"}).json()["items"]
    ] == ["Watercolor Style"]
    assert client.get(API, params={"q": "wtrclr"}).json()["total"] == 1
    assert client.get(API, params={"q": "%"}).json()["total"] == 1
    assert client.get(API, params={"q": "nothing-like-this"}).json()["total"] == 0


def test_bulk_applies_actions_and_reports_each_id(client, register):
    a = register("a.safetensors")
    b = register("b.safetensors")

    activated = client.post(
        f"{API}/bulk", json={"action": "activate", "ids": [a["id"], 999, b["id"]]}
    ).json()
    tagged = client.post(
        f"{API}/bulk", json={"action": "add_tags", "ids": [a["id"]], "tags": ["x", "y"]}
    ).json()
    untagged = client.post(
        f"{API}/bulk", json={"action": "remove_tags", "ids": [a["id"]], "tags": ["X"]}
    ).json()

    assert (activated["succeeded"], activated["failed"]) == (2, 1)
    assert activated["results"][1] == {"id": 999, "ok": False, "error": "not found"}
    ordinals = [client.get(f"{API}/{i}").json()["ordinal"] for i in (a["id"], b["id"])]
    assert ordinals == [0, 1]
    assert tagged["succeeded"] == 1
    assert untagged["succeeded"] == 1
    assert client.get(f"{API}/{a['id']}").json()["tags"] == ["y"]

    deleted = client.post(
        f"{API}/bulk", json={"action": "delete", "ids": [a["id"], b["id"]]}
    )
    assert deleted.json()["succeeded"] == 2
    assert client.get(API).json()["total"] == 0


def test_bulk_tag_actions_require_tags(client, register):
    a = register()

    response = client.post(f"{API}/bulk", json={"action": "add_tags", "ids": [a["id"]]})

    assert_problem(response, 422)


def test_health_is_open_and_reports_the_database(client: TestClient):
    assert client.get("/health").json() == {"status": "ok"}
    health = client.get("/api/v1/system/health").json()
    assert health["database"] == "ok"
    assert health["auth_required"] is False
