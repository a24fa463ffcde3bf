"""`lora-manager civitai sync` as a user runs it."""

from __future__ import annotations

import json
import sys

import pytest
import structlog
from typer.testing import CliRunner

import lora_manager.cli
from tests.factories.lora_files import write_lora


@pytest.fixture
def run(engine, settings, fake, monkeypatch):
    """Invoke the CLI in-process against the test database and the fake Civitai."""
    # Logs go to stderr as in a real run, through a config undone afterwards
    # (the real one binds handlers to CliRunner's temporary stderr for good).
    monkeypatch.setattr(
        lora_manager.cli,
        "configure_logging",
        lambda *_a: structlog.configure(
            logger_factory=structlog.PrintLoggerFactory(sys.stderr)
        ),
    )
    env = {
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "DATA_DIR": str(settings.data_dir),
        "LORA_ROOTS": "",
        "CIVITAI_BASE_URL": fake.base_url,
        "CIVITAI_BACKOFF_S": "0.001",
        "CIVITAI_TIMEOUT_S": "3",
        "CIVITAI_MAX_ATTEMPTS": "2",
    }

    def run(*args: str):
        return CliRunner().invoke(lora_manager.cli.app, ["civitai", *args], env=env)

    yield run
    structlog.reset_defaults()


def test_sync_prints_a_summary_and_exits_0_despite_per_adapter_errors(
    run, scan, rows, publish, fake, library_root
):
    write_lora(library_root, "good", family="sdxl")
    write_lora(library_root, "bad", family="sdxl")
    scan()
    good, bad = rows()["good"], rows()["bad"]
    publish(good, model_id=1, version_id=10, model_name="Good One")
    publish(bad, model_id=2, version_id=20)
    fake.script("bulk", always=503)
    fake.script(bad.sha256, always=500)

    result = run("sync")

    assert result.exit_code == 0, result.output
    assert "Civitai sync" in result.stdout
    assert f"error adapter {bad.id}: Civitai failed" in result.stderr
    assert rows()["good"].name == "Good One"


def test_sync_says_in_one_sentence_when_civitai_is_unreachable(
    run, scan, rows, fake, library_root
):
    write_lora(library_root, "offline", family="sdxl")
    scan()
    fake.stop()

    result = run("sync")

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert "Civitai is unreachable at" in errors[0]
    assert "Nothing was changed." in result.stderr
    assert "Traceback" not in result.output
    assert rows()["offline"].civitai_status is None


def test_sync_json_report_and_sidecars_on_request(
    run, scan, rows, publish, library_root
):
    path = write_lora(library_root, "side", family="sdxl")
    scan()
    row = rows()["side"]
    publish(row, model_id=1, version_id=10)

    result = run("sync", "--only-missing", "--write-sidecars", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["results"] == [{"id": row.id, "outcome": "found"}]
    assert path.with_name("side.civitai.info").exists()
    again = json.loads(run("sync", "--only-missing", "--json").stdout)
    assert again["results"] == []  # everything was looked up already


def test_civitai_help_lists_sync(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "sync" in result.stdout
