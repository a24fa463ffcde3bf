"""The built web UI is served at / in history mode without touching the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from lora_manager.app import create_app
from lora_manager.spa import service
from tests.integration.spa.conftest import INDEX_HTML

PROBLEM = "application/problem+json"


@pytest.mark.usefixtures("web_dir")
@pytest.mark.parametrize(
    "path", ["/", "/library", "/adapters/12", "/library?base_model=SDXL+1.0&q=ink"]
)
def test_pages_of_the_spa_answer_with_its_index(spa_client: TestClient, path: str):
    response = spa_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == INDEX_HTML
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.usefixtures("web_dir")
def test_hashed_assets_are_served_with_a_long_cache(spa_client: TestClient):
    response = spa_client.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert "console.log" in response.text
    assert "immutable" in response.headers["cache-control"]
    assert spa_client.get("/favicon.svg").text == "<svg/>"


@pytest.mark.usefixtures("web_dir")
def test_a_missing_asset_is_a_404_problem_not_the_index(spa_client: TestClient):
    response = spa_client.get("/assets/gone-000.js")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.usefixtures("web_dir")
@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api", "/frontend/unknown", "/metrics"]
)
def test_unknown_api_paths_stay_404_problems(spa_client: TestClient, path: str):
    response = spa_client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.usefixtures("web_dir")
def test_api_docs_and_health_are_untouched(spa_client: TestClient):
    assert spa_client.get("/health").json() == {"status": "ok"}
    assert spa_client.get("/openapi.json").json()["info"]["title"] == "LoRA Manager"
    assert "swagger" in spa_client.get("/docs").text.lower()
    assert spa_client.get("/api/v1/adapters").json()["total"] == 0


@pytest.mark.usefixtures("web_dir")
@pytest.mark.parametrize(
    "path", ["/..%2F..%2Fetc%2Fpasswd", "/assets/../../secret.txt"]
)
def test_files_outside_the_web_folder_are_never_served(
    spa_client: TestClient, web_dir: Path, path: str
):
    (web_dir.parent / "secret.txt").write_text("top secret")
    response = spa_client.get(path)
    assert "top secret" not in response.text


def test_without_a_build_the_root_page_says_how_to_build_it(
    spa_client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(service, "WEB_DIR", tmp_path / "not-built")
    response = spa_client.get("/")
    assert response.status_code == 200
    assert "make run" in response.text
    assert "npm run build" in response.text


def test_settings_tell_the_ui_about_the_server(spa_client: TestClient):
    body = spa_client.get("/frontend/settings").json()
    assert body["auth_required"] is False
    assert body["api_base"] == ""
    assert body["version"]
    assert "GET /api/v1/adapters" in body["endpoints"]
    assert "POST /api/v1/adapters/bulk" in body["endpoints"]
    assert not any("frontend" in e and "{full_path" in e for e in body["endpoints"])


def test_settings_need_no_key_and_report_that_one_is_required(settings, sqlite_engine):
    settings.api_key = SecretStr("s3cret-key")
    with TestClient(create_app(settings, sqlite_engine)) as client:
        body = client.get("/frontend/settings").json()
        assert body["auth_required"] is True
        assert "s3cret" not in str(body)
        assert client.get("/").status_code == 200
        assert client.get("/api/v1/adapters").status_code == 401
