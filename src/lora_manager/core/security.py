"""API key check: open when no key is configured, constant-time comparison otherwise."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from lora_manager.core.errors import UnauthorizedError

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Required when API_KEY is set."
)


def require_api_key(
    request: Request, api_key: Annotated[str | None, Security(api_key_header)]
) -> None:
    """Reject the request unless it carries the configured key (if any)."""
    expected = request.app.state.settings.api_key
    if expected is None:
        return
    secret = expected.get_secret_value().encode()
    if api_key is None or not hmac.compare_digest(api_key.encode(), secret):
        raise UnauthorizedError("A valid X-API-Key header is required.")


ApiKeyDep = Depends(require_api_key)
