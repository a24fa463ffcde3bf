"""List filters: each narrows, all combine, lists take repeats and commas."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.integration.search.conftest import API, adapter_row

FOUND = {"civitai_status": "found"}


@pytest.fixture
def library(insert_adapters):
    insert_adapters(
        adapter_row(
            "Anime Eyes",
            base_model="Pony",
            tags=["anime", "eyes"],
            creator="mika",
            nsfw_level=1,
            favorite=True,
            downloads=500,
            **FOUND,
        ),
        adapter_row(
            "Anime Lineart",
            base_model="Illustrious",
            network_type="locon",
            tags=["anime", "lineart"],
            creator="mika",
            nsfw_level=3,  # PG and PG-13 images
            update_available=True,
            downloads=900,
            **FOUND,
        ),
        adapter_row(
            "Film Grain",
            base_model="SD 1.5",
            architecture="sd1",
            tags=["photo"],
            creator="lumen",
            nsfw_level=4,
            thumbs_up=40,
            **FOUND,
        ),
        adapter_row(
            "Local Experiment",
            base_model=None,
            architecture="flux1",
            network_type="lokr",
            tags=["anime", "wip"],
            status="missing",
            civitai_status="not_found",
            last_used_at=datetime(2026, 5, 1, tzinfo=UTC),
        ),
        adapter_row(
            "Night Photo",
            base_model="SD 1.5",
            architecture="sd1",
            tags=["photo", "night"],
            active=True,
            ordinal=0,
            nsfw_level=24,  # X and XXX
            **FOUND,
        ),
    )


def listed(client, **params):
    body = client.get(API, params=params).json()
    return sorted(item["name"] for item in body["items"]), body["total"]


def test_each_filter_narrows_the_list(client, library):
    assert listed(client, base_model="SD 1.5")[1] == 2
    assert listed(client, architecture="flux1")[0] == ["Local Experiment"]
    assert listed(client, network_type="locon")[0] == ["Anime Lineart"]
    assert listed(client, creator="mika")[1] == 2
    assert listed(client, favorite=True)[0] == ["Anime Eyes"]
    assert listed(client, active=True)[0] == ["Night Photo"]
    assert listed(client, status="missing")[0] == ["Local Experiment"]
    assert listed(client, has_civitai=False)[0] == ["Local Experiment"]
    assert listed(client, has_civitai=True)[1] == 4
    assert listed(client, update_available=True)[0] == ["Anime Lineart"]
    assert listed(client, update_available=False)[1] == 4


def test_lists_accept_repeats_and_commas(client, library):
    both = ["Anime Eyes", "Anime Lineart", "Film Grain", "Night Photo"]
    assert listed(client, base_model=["Pony", "Illustrious"])[1] == 2
    assert listed(client, base_model="Pony,SD 1.5")[1] == 3
    assert listed(client, creator="mika,lumen")[1] == 3
    assert listed(client, status=["ok"])[0] == both


def test_tags_match_any_or_all(client, library):
    assert listed(client, tags="anime")[1] == 3
    assert listed(client, tags="anime,photo")[1] == 5
    assert listed(client, tags=["anime", "wip"], tags_mode="all")[0] == [
        "Local Experiment"
    ]
    assert listed(client, tags=["anime", "photo"], tags_mode="all")[1] == 0
    assert listed(client, tags="Anime")[1] == 0  # tags match exactly as written


def test_nsfw_level_is_a_maximum_over_civitai_bitmasks(client, library):
    # Unrated adapters (no Civitai data) are always shown.
    assert listed(client, nsfw_level=1)[0] == ["Anime Eyes", "Local Experiment"]
    assert listed(client, nsfw_level=2)[0] == [
        "Anime Eyes",
        "Anime Lineart",
        "Local Experiment",
    ]
    assert listed(client, nsfw_level=4)[1] == 4
    assert listed(client, nsfw_level=16)[1] == 5
    assert client.get(API, params={"nsfw_level": 3}).status_code == 422


def test_filters_combine_with_each_other_and_with_search(client, library):
    assert listed(client, q="anime", base_model="Pony,Illustrious", creator="mika") == (
        ["Anime Eyes", "Anime Lineart"],
        2,
    )
    assert listed(client, q="anime", tags="lineart", nsfw_level=2) == (
        ["Anime Lineart"],
        1,
    )
    assert listed(client, q="anime", favorite=False, has_civitai=True) == (
        ["Anime Lineart"],
        1,
    )
    assert listed(client, q="photo", architecture="sd1", active=False) == (
        ["Film Grain"],
        1,
    )
    assert listed(client, tags="photo", base_model="SD 1.5", nsfw_level=8) == (
        ["Film Grain"],
        1,
    )


def test_sorts_put_empty_values_last_in_both_orders(client, library):
    def order(**params):
        return [i["name"] for i in client.get(API, params=params).json()["items"]]

    assert order(sort="downloads", order="desc")[:2] == ["Anime Lineart", "Anime Eyes"]
    assert order(sort="downloads")[:2] == ["Anime Eyes", "Anime Lineart"]
    assert order(sort="thumbs_up")[0] == "Film Grain"
    assert order(sort="last_used_at", order="desc")[0] == "Local Experiment"
    assert order(sort="ordinal")[0] == "Night Photo"
    assert order(sort="size_bytes") == sorted(
        order(sort="size_bytes"), key=order(sort="created_at").index
    )
    assert order(sort="updated_at", order="desc") == order(
        sort="created_at", order="desc"
    )
