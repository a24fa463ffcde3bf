"""Composing prompts over the registry, in every dialect, and parsing them back."""

from __future__ import annotations

import pytest

from tests.factories.lora_files import write_lora
from tests.integration.api.conftest import assert_problem


@pytest.fixture
def library(client, library_root):
    write_lora(library_root, "detail.tweaker", family="sd1", trigger="detailed")
    (library_root / "styles").mkdir()
    write_lora(library_root / "styles", "ink", family="sd1", trigger="inkstyle")
    write_lora(library_root, "xl", family="sdxl", trigger="xltrig")
    job = client.post("/api/v1/library/scan").json()
    from tests.integration.library.test_scan_api import _wait

    assert _wait(client, job["id"])["status"] == "succeeded"
    items = client.get("/api/v1/adapters", params={"sort": "name"}).json()["items"]
    return {a["file_name"]: a for a in items}


def _compose(client, **body):
    response = client.post("/api/v1/compose", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_active_stack_composes_in_ordinal_order_for_a1111(client, library):
    ink, detail = library["ink.safetensors"], library["detail.tweaker.safetensors"]
    client.post(f"/api/v1/adapters/{ink['id']}/activate", json={"weight": 0.7})
    client.post(f"/api/v1/adapters/{detail['id']}/activate")

    result = _compose(client, prompt="a cat", target="a1111")

    assert result["prompt"] == (
        "a cat, <lora:ink:0.7>, inkstyle, <lora:detail.tweaker:1>, detailed"
    )
    assert [a["id"] for a in result["adapters"]] == [ink["id"], detail["id"]]
    assert result["warnings"] == []
    used = client.get(f"/api/v1/adapters/{ink['id']}").json()["last_used_at"]
    assert used is not None


def test_sdnext_and_comfyui_dialects(client, library):
    detail, ink = library["detail.tweaker.safetensors"], library["ink.safetensors"]
    refs = [
        {"id": detail["id"], "te_weight": 0.5, "unet_weight": 0.8},
        {"id": ink["id"], "weight": 0.6},
    ]

    sdnext = _compose(
        client, prompt="p", target="sdnext", adapters=refs, trigger_words="none"
    )
    comfy = _compose(client, prompt="p", target="comfyui", adapters=refs)

    assert (
        sdnext["prompt"] == "p, <lora:detail_tweaker:te=0.5:unet=0.8>, <lora:ink:0.6>"
    )
    assert "<lora" not in comfy["prompt"]
    assert "inkstyle" in comfy["prompt"]
    assert comfy["loras"] == [
        {
            "lora_name": "detail.tweaker.safetensors",
            "strength_model": 0.8,
            "strength_clip": 0.5,
        },
        {
            "lora_name": "styles/ink.safetensors",
            "strength_model": 0.6,
            "strength_clip": 0.6,
        },
    ]
    assert {n["class_type"] for n in comfy["graph"].values()} == {"LoraLoader"}


def test_mixed_architectures_and_base_model_mismatch_are_warned(client, library):
    refs = [
        {"id": library["xl.safetensors"]["id"]},
        {"id": library["ink.safetensors"]["id"]},
    ]

    result = _compose(client, target="a1111", adapters=refs, base_model="SD 1.5")

    codes = {w["code"] for w in result["warnings"]}
    assert {"mixed_architectures", "base_model_mismatch"} <= codes


@pytest.mark.parametrize("weight", ["NaN", "Infinity", "1e308", "-11"])
def test_bad_weights_are_rejected(client, library, weight):
    ink_id = library["ink.safetensors"]["id"]
    body = (
        f'{{"target": "a1111", "adapters": [{{"id": {ink_id}, "weight": {weight}}}]}}'
    )

    response = client.post(
        "/api/v1/compose", content=body, headers={"content-type": "application/json"}
    )
    assert_problem(response, 422)


def test_unknown_adapter_ids_and_targets_are_rejected(client, library):
    unknown = client.post(
        "/api/v1/compose", json={"target": "a1111", "adapters": [{"id": 99999}]}
    )
    body = assert_problem(unknown, 422)
    assert "99999" in body["detail"]
    assert_problem(client.post("/api/v1/compose", json={"target": "midjourney"}), 422)


def test_compose_then_parse_round_trips_adapters_and_weights(client, library):
    refs = [
        {"id": library["detail.tweaker.safetensors"]["id"], "weight": 0.4},
        {"id": library["ink.safetensors"]["id"], "te_weight": 0.3, "unet_weight": 0.9},
    ]
    composed = _compose(client, prompt="a cat", target="a1111", adapters=refs)

    parsed = client.post("/api/v1/compose/parse", json={"text": composed["prompt"]})

    got = [
        (a["adapter_id"], a["te_weight"], a["unet_weight"])
        for a in parsed.json()["adapters"]
    ]
    assert got == [(refs[0]["id"], 0.4, 0.4), (refs[1]["id"], 0.3, 0.9)]


def test_infotext_lora_hashes_resolve_renamed_files(client, library):
    ink = library["ink.safetensors"]
    infotext = (
        "a cat <lora:old_name:0.8>\nNegative prompt: ugly\n"
        f'Steps: 20, Sampler: Euler, Lora hashes: "old_name: {ink["autov3"]}"'
    )

    parsed = client.post("/api/v1/compose/parse", json={"text": infotext}).json()

    assert parsed["negative_prompt"] == "ugly"
    assert parsed["params"]["Steps"] == "20"
    assert parsed["adapters"][0]["adapter_id"] == ink["id"]
    assert parsed["adapters"][0]["matched_by"] == "hash"
