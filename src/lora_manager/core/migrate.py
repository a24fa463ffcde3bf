"""Apply Alembic migrations programmatically (works from an installed package)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, Index
from sqlmodel import SQLModel

IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]
# Tables the database keeps for itself (the full-text search index, built by triggers
# in the migrations, with SQLite FTS5's shadow tables): no model describes them.
SEARCH_INDEX_TABLE_PREFIX = "adapters_search"


def include_object_for(dialect: str) -> IncludeObject:
    """Skip dialect-specific model indexes (GIN) and the search index tables."""

    def include_object(
        obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        if type_ == "table" and reflected and compare_to is None:
            return not (name or "").startswith(SEARCH_INDEX_TABLE_PREFIX)
        if type_ == "index" and isinstance(obj, Index) and not reflected:
            ddl_if = getattr(obj, "_ddl_if", None)
            if ddl_if is not None and ddl_if.dialect and ddl_if.dialect != dialect:
                return False
        return True

    return include_object


def alembic_config(engine: Engine | None = None) -> Config:
    """Build an Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", "lora_manager:migrations")
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False)
        )
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind `engine` to `revision`."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Downgrade the database behind `engine` to `revision`."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def pending_model_changes(engine: Engine) -> list[Any]:
    """Return the differences between the models and the migrated schema."""
    import lora_manager.models  # noqa: F401  (registers every table)

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": include_object_for(connection.dialect.name),
                "compare_type": True,
            },
        )
        return list(compare_metadata(context, SQLModel.metadata))
