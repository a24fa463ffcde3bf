"""Hostile and wrong input gets a clear problem+json answer and writes nothing."""

from __future__ import annotations

import os

import pytest

from tests.integration.api.conftest import assert_problem

API = "/api/v1/adapters"


def _count(client) -> int:
    return client.get(API).json()["total"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": -5},
        {"limit": 10**9},
        {"limit": "abc"},
        {"offset": -1},
        {"offset": 10**30},
        {"sort": "password"},
        {"order": "sideways"},
        {"active": "perhaps"},
        {"status": "exploded"},
        {"q": "x" * 201},
    ],
)
def test_list_rejects_bad_query_parameters(client, params):
    body = assert_problem(client.get(API, params=params), 422)
    assert body["errors"][0]["loc"][0] == "query"


@pytest.mark.parametrize("adapter_id", ["999999", "0", "-1", "abc", str(2**40)])
def test_unknown_or_malformed_ids_are_404_or_422(client, adapter_id):
    response = client.get(f"{API}/{adapter_id}")
    assert_problem(response, 404 if adapter_id == "999999" else 422)


@pytest.mark.parametrize(
    ("make_path", "reason"),
    [
        (lambda root: f"{root}/../../etc/passwd", "outside"),
        (lambda root: "/etc/passwd", "outside"),
        (lambda root: "relative/file.safetensors", "absolute"),
        (lambda root: f"{root}/missing.safetensors", "does not exist"),
        (lambda root: str(root), "not a regular file"),
        (lambda root: f"{root}/bad\x00name.safetensors", "file_path"),
    ],
)
def test_create_refuses_paths_outside_roots_missing_or_not_files(
    client, library_root, make_path, reason
):
    response = client.post(API, json={"file_path": make_path(library_root)})

    body = assert_problem(response, 422)
    assert reason in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "file_path"]
    assert _count(client) == 0


def test_create_refuses_a_symlink_that_escapes_the_root(client, library_root, tmp_path):
    outside = tmp_path / "secret.safetensors"
    outside.write_bytes(b"x")
    link = library_root / "link.safetensors"
    os.symlink(outside, link)

    body = assert_problem(client.post(API, json={"file_path": str(link)}), 422)

    assert "outside" in body["detail"]
    assert _count(client) == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"file_path": 42},
        {"file_path": None},
        {},
        {"file_path": "/x", "name": "n" * 513},
        {"file_path": "/x", "tags": ["t" * 65]},
        {"file_path": "/x", "tags": [f"t{i}" for i in range(101)]},
        {"file_path": "/x", "preferred_weight": 1e308},
        {"file_path": "/x", "weight": "heavy"},
        {"file_path": "/x", "unexpected": True},
        {"file_path": "x" * 3000},
        [],
        "just a string",
    ],
)
def test_create_rejects_wrong_types_and_oversize_values(client, payload):
    assert_problem(client.post(API, json=payload), 422)
    assert _count(client) == 0


@pytest.mark.parametrize(
    "body", [b"{not json", b"", b'{"file_path": "/x"', b"\xff\xfe"]
)
def test_malformed_json_is_a_bad_request(client, body):
    response = client.post(
        API, content=body, headers={"content-type": "application/json"}
    )
    assert_problem(response, 400 if body else 422)
    assert _count(client) == 0


def test_nan_weights_are_rejected(client, register):
    adapter = register()
    response = client.post(
        f"{API}/{adapter['id']}/activate",
        content=b'{"weight": NaN}',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 422)
    assert client.get(f"{API}/{adapter['id']}").json()["active"] is False


def test_bulk_rejects_unknown_actions_and_empty_id_lists(client, register):
    adapter = register()
    assert_problem(
        client.post(f"{API}/bulk", json={"action": "explode", "ids": [1]}), 422
    )
    assert_problem(
        client.post(f"{API}/bulk", json={"action": "delete", "ids": []}), 422
    )
    assert_problem(
        client.post(f"{API}/bulk", json={"action": "delete", "ids": [2**40]}), 422
    )
    assert _count(client) == 1
    assert client.get(f"{API}/{adapter['id']}").status_code == 200


def test_unknown_routes_and_methods_are_problems(client):
    assert_problem(client.get("/api/v1/nothing-here"), 404)
    response = client.put(API)
    assert_problem(response, 405)
    assert "allow" in response.headers
