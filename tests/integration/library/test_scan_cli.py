"""`lora-manager scan` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.factories.lora_files import write_hostile, write_lora

SUMMARY_KEYS = {
    "added",
    "updated",
    "moved",
    "missing",
    "unchanged",
    "duplicates",
    "errors",
}


def _scan(tmp_path, *args):
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": "",
        "LORA_ROOTS": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "lora_manager", "scan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_scan_json_prints_one_summary_object(tmp_path, library_root):
    write_lora(library_root, "cli", family="sdxl")
    bad = write_hostile(library_root, "invalid_json")

    result = _scan(tmp_path, "--path", str(library_root), "--json")

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert SUMMARY_KEYS <= set(summary)
    assert summary["added"] == 1
    assert summary["errors"][0]["path"] == str(bad)
    assert summary["errors"][0]["reason"]

    again = json.loads(_scan(tmp_path, "--path", str(library_root), "--json").stdout)
    assert (again["unchanged"], again["added"]) == (1, 0)
    assert [e["path"] for e in again["errors"]] == [str(bad)]  # still reported


def test_scan_dry_run_and_table_output(tmp_path, library_root):
    write_lora(library_root, "cli", family="sd1")

    dry = _scan(tmp_path, "--path", str(library_root), "--dry-run")
    real = _scan(tmp_path, "--path", str(library_root))

    assert dry.returncode == 0
    assert "dry run" in dry.stdout
    assert "added" in real.stdout
    assert json.loads(_scan(tmp_path, "--json").stdout)["unchanged"] == 1


def test_scan_without_any_root_explains_what_to_do(tmp_path):
    result = _scan(tmp_path)
    assert result.returncode == 2
    assert "--path" in result.stderr
