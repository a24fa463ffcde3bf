"""Facet counts for the filter sidebar: each facet counts over the other filters."""

from __future__ import annotations

import pytest

from tests.integration.search.conftest import API, adapter_row

FACETS = f"{API}/facets"


@pytest.fixture
def library(insert_adapters):
    found = {"civitai_status": "found"}
    insert_adapters(
        adapter_row(
            "Anime Eyes",
            base_model="Pony",
            tags=["anime", "eyes"],
            creator="mika",
            favorite=True,
            **found,
        ),
        adapter_row(
            "Anime Hair",
            base_model="Pony",
            tags=["anime", "hair"],
            creator="mika",
            update_available=True,
            **found,
        ),
        adapter_row(
            "Anime Lineart",
            base_model="Illustrious",
            tags=["anime"],
            network_type="locon",
            creator="lumen",
            **found,
        ),
        adapter_row(
            "Film Grain",
            base_model="SD 1.5",
            architecture="sd1",
            tags=["photo"],
            favorite=True,
            active=True,
            ordinal=0,
        ),
        adapter_row(
            "Night Photo",
            base_model=None,
            architecture="sd1",
            tags=["photo", "night"],
            status="missing",
        ),
    )


def facets(client, **params):
    response = client.get(FACETS, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    for name in (
        "base_model",
        "architecture",
        "network_type",
        "status",
        "creator",
        "tags",
    ):
        body[name] = {v["value"]: v["count"] for v in body[name]}
    return body


def test_facets_count_every_value_and_flag(client, library):
    body = facets(client)

    assert body["total"] == 5
    assert body["base_model"] == {"Pony": 2, "Illustrious": 1, "SD 1.5": 1}
    assert body["architecture"] == {"sdxl": 3, "sd1": 2}
    assert body["network_type"] == {"lora": 4, "locon": 1}
    assert body["status"] == {"ok": 4, "missing": 1}
    assert body["creator"] == {"mika": 2, "lumen": 1}
    assert body["tags"] == {"anime": 3, "photo": 2, "eyes": 1, "hair": 1, "night": 1}
    assert (body["favorite"], body["active"]) == (2, 1)
    assert (body["has_civitai"], body["update_available"]) == (3, 1)


def test_a_facet_ignores_its_own_filter_but_not_the_others(client, library):
    body = facets(client, base_model="Pony", favorite=True)

    assert body["total"] == 1
    # base_model counts favorites of every base model ...
    assert body["base_model"] == {"Pony": 1, "SD 1.5": 1}
    # ... and favorite counts Pony adapters, favorite or not.
    assert body["favorite"] == 1
    assert body["tags"] == {"anime": 1, "eyes": 1}
    assert body["creator"] == {"mika": 1}

    body = facets(client, tags="anime", has_civitai=True, update_available=False)
    assert body["total"] == 2
    assert body["tags"] == {"anime": 2, "eyes": 1}
    assert body["has_civitai"] == 2  # anime, no update: two, both found
    assert body["update_available"] == 1  # anime and found: one of three


def test_facets_follow_the_search_text(client, library):
    body = facets(client, q="anime", base_model="Pony")

    assert body["total"] == 2
    assert body["base_model"] == {"Pony": 2, "Illustrious": 1}
    assert body["network_type"] == {"lora": 2}
    assert body["tags"] == {"anime": 2, "eyes": 1, "hair": 1}
    assert body["favorite"] == 1

    empty = facets(client, q="nothing matches this")
    assert empty["total"] == 0
    assert empty["tags"] == empty["base_model"] == {}
    assert empty["favorite"] == 0


def test_tags_and_creators_show_only_the_most_frequent(client, library):
    body = facets(client, size=1)

    assert body["tags"] == {"anime": 3}
    assert body["creator"] == {"mika": 2}
    assert len(body["base_model"]) == 3


def test_facets_take_the_same_filters_as_the_list(client, library):
    params = {"q": "photo", "tags": "night", "architecture": "sd1", "status": "missing"}

    listed = client.get(API, params=params).json()
    counted = facets(client, **params)

    assert counted["total"] == listed["total"] == 1
    assert client.get(FACETS, params={"size": 0}).status_code == 422
