"""The web UI's generated API client must describe the API this server offers."""

from __future__ import annotations

import json
from pathlib import Path

from lora_manager.app import create_app

SNAPSHOT = Path(__file__).parents[3] / "frontend" / "src" / "api" / "openapi.json"


def test_generated_client_matches_the_live_openapi(settings, sqlite_engine):
    live = create_app(settings, sqlite_engine).openapi()
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert committed == live, (
        "The web UI's generated API client is stale: the OpenAPI changed. "
        "Run `make frontend-client` and commit frontend/src/api/."
    )
