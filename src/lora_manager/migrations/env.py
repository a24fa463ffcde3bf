"""Alembic environment: runs against the connection given by the caller or settings."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

import lora_manager.models  # noqa: F401  (registers every table)
from lora_manager.core.config import get_settings
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import include_object_for

target_metadata = SQLModel.metadata


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object_for(connection.dialect.name),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations() -> None:
    """Run with the caller's connection, else one built from settings."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(get_settings().resolved_database_url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
