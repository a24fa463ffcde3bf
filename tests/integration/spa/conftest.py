"""Fixtures for the web UI tests: an app over SQLite and a fake built SPA."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lora_manager.app import create_app
from lora_manager.core.config import Settings
from lora_manager.spa import service

INDEX_HTML = "<!doctype html><html><body><div id=app></div>spa-index</body></html>"


@pytest.fixture
def web_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built SPA (index.html and one hashed asset) in place of the real one."""
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text(INDEX_HTML)
    (web / "assets" / "index-abc123.js").write_text("console.log('spa')")
    (web / "favicon.svg").write_text("<svg/>")
    monkeypatch.setattr(service, "WEB_DIR", web)
    return web


@pytest.fixture
def spa_client(settings: Settings, sqlite_engine: Engine) -> Iterator[TestClient]:
    """A client of the app; the web UI tests need no second database."""
    with TestClient(create_app(settings, sqlite_engine)) as client:
        yield client
