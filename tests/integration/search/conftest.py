"""Fixtures for search tests: adapters written the way the scanner writes them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, text

from lora_manager.models import Adapter

API = "/api/v1/adapters"
ADAPTERS = Adapter.__table__  # type: ignore[attr-defined]
_numbers = itertools.count(1)


def adapter_row(name: str, **values: Any) -> dict[str, Any]:
    """Every column of an adapter row, with realistic defaults.

    Rows inserted together must have the same keys (one executemany), so every
    column a test may set has a default here.
    """
    n = next(_numbers)
    stem = values.pop("stem", f"{name.lower().replace(' ', '_')}_{n}")
    created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
    row: dict[str, Any] = {
        "name": name,
        "file_path": f"/library/{stem}.safetensors",
        "file_name": f"{stem}.safetensors",
        "root_path": "/library",
        "file_format": "safetensors",
        "size_bytes": 1000 + n,
        "architecture": "sdxl",
        "base_model": "SDXL 1.0",
        "network_type": "lora",
        "alias": None,
        "trained_words": [],
        "tags": [],
        "description": None,
        "active": False,
        "ordinal": None,
        "weight": 1.0,
        "favorite": False,
        "status": "ok",
        "edited_fields": [],
        "civitai": None,
        "civitai_status": None,
        "creator": None,
        "nsfw_level": None,
        "downloads": None,
        "thumbs_up": None,
        "last_used_at": None,
        "update_available": False,
        "created_at": created,
        "updated_at": created,
    }
    row.update(values)
    return row


Insert = Callable[..., list[int]]


@pytest.fixture
def insert_adapters(engine: Engine) -> Insert:
    """Insert rows with one Core executemany, as the scanner does; return their ids."""

    def insert_adapters(*rows: dict[str, Any]) -> list[int]:
        with engine.begin() as conn:
            conn.execute(insert(ADAPTERS), list(rows))
            paths = [r["file_path"] for r in rows]
            found = conn.execute(
                ADAPTERS.select()
                .with_only_columns(ADAPTERS.c.file_path, ADAPTERS.c.id)
                .where(ADAPTERS.c.file_path.in_(paths))
            ).all()
        ids = dict(found)
        return [ids[p] for p in paths]

    return insert_adapters


Search = Callable[..., list[str]]


@pytest.fixture
def names(client: TestClient) -> Search:
    """Names of the adapters a list request returns, in order."""

    def names(**params: Any) -> list[str]:
        response = client.get(API, params=params)
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    return names


def search_index_mirrors_adapters(engine: Engine) -> None:
    """Assert the search index holds exactly what the adapters table says now."""
    with engine.connect() as conn:
        tags = conn.execute(text("SELECT adapter_id, tag FROM adapters_search_tags"))
        if engine.dialect.name == "postgresql":
            expected = conn.execute(
                text(
                    "SELECT a.id, t.value FROM adapters a, "
                    "jsonb_array_elements_text(a.tags) t"
                )
            )
            assert sorted(tags.all()) == sorted(expected.all())
            stale = conn.execute(
                text(
                    "SELECT a.id FROM adapters a FULL JOIN adapters_search s "
                    "ON s.id = a.id WHERE a.id IS NULL OR s.id IS NULL OR "
                    "s.document IS DISTINCT FROM adapters_search_document(a.name, "
                    "a.file_name, a.alias, a.trained_words, a.tags, a.civitai, "
                    "a.creator, a.description)"
                )
            )
            assert stale.all() == []
            return
        expected = conn.execute(
            text("SELECT a.id, t.value FROM adapters a, json_each(a.tags) t")
        )
        assert sorted(tags.all()) == sorted(expected.all())
        indexed = conn.execute(text("SELECT rowid FROM adapters_search")).scalars()
        ids = conn.execute(text("SELECT id FROM adapters")).scalars()
        assert sorted(indexed) == sorted(ids)
        differing = conn.execute(
            text(
                "SELECT a.id FROM adapters a JOIN adapters_search s "
                "ON s.rowid = a.id WHERE s.name IS NOT a.name "
                "OR s.creator IS NOT coalesce(a.creator, '') "
                "OR s.description IS NOT coalesce(a.description, '')"
            )
        )
        assert differing.all() == []
        conn.execute(
            text(
                "INSERT INTO adapters_search (adapters_search, rank) "
                "VALUES ('integrity-check', 1)"
            )
        )
