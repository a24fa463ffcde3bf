"""The command line as a user runs it: real processes, real files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


def _run(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lora_manager", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_migrate_creates_the_sqlite_database_in_data_dir(tmp_path):
    result = _run("migrate", env={"DATA_DIR": str(tmp_path), "DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lora-manager.db").exists()
    assert "up to date" in result.stderr


def test_a_bad_setting_stops_with_one_sentence(tmp_path):
    result = _run("migrate", env={"DATA_DIR": str(tmp_path), "STORAGE_TYPE": "floppy"})
    assert result.returncode == 2
    assert "STORAGE_TYPE" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "targets", ['{"sink": {"kind": "http"}}', '{"sink": ', '{"bad name!": {}}']
)
def test_serve_refuses_broken_delivery_targets_in_one_sentence(tmp_path, targets):
    result = _run(
        "serve",
        "--port",
        "1",
        env={
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": "",
            "DELIVERY_TARGETS": targets,
        },
    )
    assert result.returncode == 2
    assert "DELIVERY_TARGETS" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = _run("--help", env={})
    assert result.returncode == 0
    assert "serve" in result.stdout
    assert "migrate" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_starts_on_embedded_defaults_and_serves_docs(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "LOG_FORMAT": "json",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "lora_manager", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
        assert (
            httpx.get(f"http://127.0.0.1:{port}/api/v1/adapters").json()["total"] == 0
        )
    finally:
        process.terminate()
        output = process.communicate(timeout=15)[0]
    assert str(tmp_path) in output
    assert f"http://127.0.0.1:{port}/" in output
