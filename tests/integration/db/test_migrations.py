"""Migrations build the schema the models describe, both ways, on both engines."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect, make_url, text
from sqlalchemy.exc import OperationalError

from lora_manager.core.db import make_engine
from lora_manager.core.migrate import downgrade, pending_model_changes, upgrade
from tests.conftest import PG_ADMIN_URL, service_missing


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    name = f"lm_mig_{uuid.uuid4().hex[:10]}"
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


def test_upgrade_downgrade_upgrade_matches_the_models(empty_engine):
    upgrade(empty_engine)
    assert {"adapters", "jobs"} <= set(inspect(empty_engine).get_table_names())
    assert pending_model_changes(empty_engine) == []

    downgrade(empty_engine)
    assert not {"adapters", "jobs"} & set(inspect(empty_engine).get_table_names())

    upgrade(empty_engine)
    assert pending_model_changes(empty_engine) == []


def test_postgres_gets_jsonb_tags_with_a_gin_index(empty_engine):
    upgrade(empty_engine)
    indexes = {i["name"] for i in inspect(empty_engine).get_indexes("adapters")}
    assert {
        "ix_adapters_status",
        "ix_adapters_sha256",
        "ix_adapters_base_model",
    } <= indexes
    if empty_engine.dialect.name == "postgresql":
        assert "ix_adapters_tags_gin" in indexes
        with empty_engine.connect() as conn:
            kind = conn.execute(
                text(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name='adapters' AND column_name='tags'"
                )
            ).scalar()
            method = conn.execute(
                text(
                    "SELECT am.amname FROM pg_class c "
                    "JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relname = 'ix_adapters_tags_gin'"
                )
            ).scalar()
        assert (kind, method) == ("jsonb", "gin")


def test_timestamps_are_timezone_aware_columns(empty_engine):
    upgrade(empty_engine)
    columns = {c["name"]: c for c in inspect(empty_engine).get_columns("jobs")}
    if empty_engine.dialect.name == "postgresql":
        assert columns["created_at"]["type"].timezone is True
