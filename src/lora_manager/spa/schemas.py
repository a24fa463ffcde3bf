"""API shapes of the web UI's runtime configuration."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FrontendSettings(BaseModel):
    """What the web UI needs to know before its first API call."""

    api_base: str = Field(
        description="URL prefix before the paths of /openapi.json ('' at the root)."
    )
    auth_required: bool = Field(description="True when requests need X-API-Key.")
    version: str
    endpoints: list[str] = Field(
        description="'METHOD /path' of every API operation this server offers, "
        "so the UI shows only the screens it can serve."
    )
