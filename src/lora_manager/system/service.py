"""Health checks."""

from __future__ import annotations

import structlog
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from lora_manager import __version__
from lora_manager.core.config import Settings
from lora_manager.system.schemas import Health

log = structlog.get_logger("lora_manager.system")


def database_ok(engine: Engine) -> bool:
    """Return True when the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("system.database_unreachable", error=str(error.__class__.__name__))
        return False
    return True


def health(engine: Engine, settings: Settings) -> Health:
    """Report the service's health."""
    ok = database_ok(engine)
    return Health(
        status="ok" if ok else "degraded",
        version=__version__,
        database="ok" if ok else "error",
        database_engine=engine.dialect.name,
        auth_required=settings.api_key is not None,
    )
