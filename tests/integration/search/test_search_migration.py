"""Migration 0005 builds the search index for rows that already exist, both ways."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, insert, inspect, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from lora_manager.adapters.repository import (
    AdapterFilters,
    AdapterPage,
    AdapterRepository,
)
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import downgrade, pending_model_changes, upgrade
from tests.conftest import PG_ADMIN_URL, service_missing
from tests.integration.search.conftest import (
    ADAPTERS,
    adapter_row,
    search_index_mirrors_adapters,
)

SQLITE_TRIGGERS = {
    "adapters_search_insert",
    "adapters_search_update",
    "adapters_search_update_tags",
    "adapters_search_delete",
}
POSTGRES_TRIGGERS = {
    "adapters_search_insert",
    "adapters_search_update",
    "adapters_search_insert_tags",
    "adapters_search_update_tags",
}


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        yield engine
        engine.dispose()
        return
    name = f"lm_search_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        service_missing("PostgreSQL", error)
    engine = make_engine(
        make_url(PG_ADMIN_URL).set(database=name).render_as_string(False)
    )
    yield engine
    engine.dispose()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def triggers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(
                text(
                    "SELECT tgname FROM pg_trigger "
                    "WHERE tgrelid = 'adapters'::regclass AND NOT tgisinternal"
                )
            )
        else:
            rows = conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            )
        return {name for name in rows.scalars() if name.startswith("adapters_search")}


def search(engine: Engine, q: str) -> list[str]:
    with Session(engine) as session:
        rows, _ = AdapterRepository(session).page(AdapterFilters(q=q), AdapterPage())
        return [row["name"] for row in rows]


def test_existing_adapters_are_indexed_by_the_upgrade(fresh_engine):
    upgrade(fresh_engine, "0004")
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(ADAPTERS),
            [
                adapter_row("Moss Golem", trained_words=["mssglm"], tags=["forest"]),
                adapter_row("Sea Glass", description="Frosted shards of bottle."),
            ],
        )

    upgrade(fresh_engine)

    assert search(fresh_engine, "mssglm") == ["Moss Golem"]
    assert search(fresh_engine, "bottl") == ["Sea Glass"]
    search_index_mirrors_adapters(fresh_engine)
    expected = (
        SQLITE_TRIGGERS if fresh_engine.dialect.name == "sqlite" else POSTGRES_TRIGGERS
    )
    assert triggers(fresh_engine) == expected
    assert pending_model_changes(fresh_engine) == []


def test_downgrade_removes_the_index_and_upgrade_builds_it_again(fresh_engine):
    upgrade(fresh_engine)
    with fresh_engine.begin() as conn:
        conn.execute(insert(ADAPTERS), [adapter_row("Tide Pool", tags=["sea"])])

    downgrade(fresh_engine, "0004")

    assert triggers(fresh_engine) == set()
    tables = set(inspect(fresh_engine).get_table_names())
    assert not {t for t in tables if t.startswith("adapters_search")}

    upgrade(fresh_engine)
    assert search(fresh_engine, "tide") == ["Tide Pool"]
    search_index_mirrors_adapters(fresh_engine)
