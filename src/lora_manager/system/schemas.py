"""API shapes of health and status."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Liveness(BaseModel):
    """The process answers."""

    status: Literal["ok"] = "ok"


class Health(BaseModel):
    """The process and its database answer."""

    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "error"]
    database_engine: str
    auth_required: bool
