"""The search index follows every write: scans, edits, bulk actions, deletes."""

from __future__ import annotations

import json

import pytest

from lora_manager.library.service import ScanOptions, run_scan
from tests.factories.lora_files import write_lora
from tests.integration.search.conftest import (
    API,
    adapter_row,
    search_index_mirrors_adapters,
)


@pytest.fixture
def scan(engine, library_root, tmp_path):
    def scan():
        return run_scan(engine, [library_root], tmp_path / "data", ScanOptions())

    return scan


def found(client, q, **params):
    body = client.get(API, params={"q": q, **params}).json()
    return sorted(item["file_name"] for item in body["items"])


def test_scanned_files_are_found_and_follow_renames_and_deletes(
    client, engine, scan, library_root
):
    write_lora(library_root, "night_city", family="sdxl", trigger="nghtcty")
    lantern = write_lora(library_root, "paper_lantern", family="sd1", metadata=False)
    (library_root / "paper_lantern.civitai.info").write_text(
        json.dumps(
            {
                "baseModel": "SD 1.5",
                "trainedWords": ["lntrn glow"],
                "model": {"name": "Glowing Lanterns", "type": "LORA"},
            }
        )
    )
    scan()

    assert found(client, "nghtcty") == ["night_city.safetensors"]
    assert found(client, "lntrn") == ["paper_lantern.safetensors"]
    assert found(client, "lanterns") == ["paper_lantern.safetensors"]
    search_index_mirrors_adapters(engine)

    lantern.rename(library_root / "festival_light.safetensors")
    (library_root / "paper_lantern.civitai.info").rename(
        library_root / "festival_light.civitai.info"
    )
    (library_root / "night_city.safetensors").unlink()
    scan()

    assert found(client, "festival") == ["festival_light.safetensors"]
    assert found(client, "paper") == []  # the old file name is gone from the index
    assert found(client, "lntrn") == ["festival_light.safetensors"]
    # A vanished file keeps its row (marked missing) and so stays findable.
    assert found(client, "nghtcty", status="missing") == ["night_city.safetensors"]
    search_index_mirrors_adapters(engine)


def test_edits_bulk_actions_and_deletes_reach_the_index(
    client, engine, insert_adapters
):
    first, second, third = insert_adapters(
        adapter_row("Ember Glow", tags=["fire"], stem="first"),
        adapter_row("Frost Bite", tags=["ice"], stem="second"),
        adapter_row("Stone Skin", tags=["earth"], stem="third"),
    )

    client.patch(
        f"{API}/{first}",
        json={"name": "Ember Blaze", "trained_words": ["mbrblz"], "tags": ["lava"]},
    )
    assert found(client, "blaze") == found(client, "mbrblz") != []
    assert found(client, "glow") == []
    assert client.get(API, params={"tags": "lava"}).json()["total"] == 1

    client.post(
        f"{API}/bulk",
        json={"action": "add_tags", "ids": [second, third], "tags": ["cold"]},
    )
    assert len(found(client, "cold")) == 2
    client.post(
        f"{API}/bulk", json={"action": "remove_tags", "ids": [second], "tags": ["cold"]}
    )
    assert client.get(API, params={"tags": "cold"}).json()["total"] == 1
    search_index_mirrors_adapters(engine)

    client.delete(f"{API}/{first}")
    client.post(f"{API}/bulk", json={"action": "delete", "ids": [second]})
    assert found(client, "blaze") == found(client, "frost") == []
    assert client.get(f"{API}/facets").json()["total"] == 1
    assert client.get(API, params={"tags": "ice"}).json()["total"] == 0
    search_index_mirrors_adapters(engine)


def test_a_status_change_does_not_touch_the_text_index(client, engine, insert_adapters):
    (adapter,) = insert_adapters(adapter_row("Quiet Row", description="calm"))
    client.post(f"{API}/{adapter}/activate")
    client.post(f"{API}/bulk", json={"action": "deactivate", "ids": [adapter]})

    assert found(client, "calm", active=False) != []
    search_index_mirrors_adapters(engine)
