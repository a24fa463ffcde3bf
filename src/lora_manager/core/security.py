"""API key check: open when no key is configured, constant-time comparison otherwise.

Clients send the key in the `X-API-Key` header. Reads (GET and HEAD) also
accept it from the `lora_manager_key` cookie, because a browser cannot add a
header to `<img src>` and `<video src>` requests; the web UI sets that cookie
(SameSite=Strict) when the user enters the key. Writes need the header, so a
cookie alone can never change anything.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyCookie, APIKeyHeader

from lora_manager.core.errors import UnauthorizedError

API_KEY_COOKIE = "lora_manager_key"
SAFE_METHODS = frozenset({"GET", "HEAD"})

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Required when API_KEY is set."
)
api_key_cookie = APIKeyCookie(
    name=API_KEY_COOKIE,
    auto_error=False,
    description="The same key, URL-encoded; accepted on GET and HEAD only.",
)


def require_api_key(
    request: Request,
    api_key: Annotated[str | None, Security(api_key_header)],
    cookie_key: Annotated[str | None, Security(api_key_cookie)],
) -> None:
    """Reject the request unless it carries the configured key (if any)."""
    expected = request.app.state.settings.api_key
    if expected is None:
        return
    if api_key is None and cookie_key is not None and request.method in SAFE_METHODS:
        api_key = unquote(cookie_key)
    secret = expected.get_secret_value().encode()
    if api_key is None or not hmac.compare_digest(api_key.encode(), secret):
        raise UnauthorizedError("A valid X-API-Key header is required.")


ApiKeyDep = Depends(require_api_key)
