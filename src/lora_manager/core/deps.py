"""Request dependencies defined once: the database session and the settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from lora_manager.core.config import Settings
from lora_manager.core.db import session_scope


def get_session(request: Request) -> Iterator[Session]:
    """Yield a session that commits when the endpoint succeeds, rolls back if not.

    Used with `scope="function"`: the commit happens before the response is
    sent, so a client that reads right after a write sees it, and a failed
    commit becomes an error response instead of a lost write.
    """
    with session_scope(request.app.state.engine) as session:
        yield session


def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
