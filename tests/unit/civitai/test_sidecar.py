"""Writing `.civitai.info` beside a model: verbatim, atomic, never over others'."""

from __future__ import annotations

import json
import os

import pytest

from lora_manager.civitai.sidecar import content_digest, write_civitai_info

VERSION = {"id": 70, "modelId": 7, "trainedWords": ["trig"], "name": "ünï"}


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "style.safetensors"
    path.write_bytes(b"\0" * 16)
    return path


def _info(model):
    return model.with_name("style.civitai.info")


def test_the_version_is_written_verbatim_with_indent_4(model):
    result = write_civitai_info(model, VERSION, ours=None)

    assert result.written
    assert _info(model).read_text() == json.dumps(VERSION, indent=4)
    assert result.digest == content_digest(_info(model).read_bytes())
    assert [p.name for p in model.parent.iterdir() if p.name.startswith(".")] == []


def test_not_found_writes_an_empty_object(model):
    write_civitai_info(model, None, ours=None)
    assert _info(model).read_text() == "{}"


def test_someone_elses_sidecar_is_kept_unless_forced(model):
    _info(model).write_text('{"id": 1, "note": "mine"}')

    kept = write_civitai_info(model, VERSION, ours=None)
    forced = write_civitai_info(model, VERSION, ours=None, force=True)

    assert not kept.written
    assert "kept the existing one" in (kept.reason or "")
    assert forced.written
    assert json.loads(_info(model).read_text()) == VERSION


def test_our_own_sidecar_is_updated(model):
    first = write_civitai_info(model, VERSION, ours=None)
    newer = {**VERSION, "trainedWords": ["trig", "new"]}

    second = write_civitai_info(model, newer, ours=first.digest)

    assert second.written
    assert json.loads(_info(model).read_text()) == newer


def test_an_empty_answer_never_replaces_civitai_data(model):
    write_civitai_info(model, VERSION, ours=None)

    result = write_civitai_info(model, None, ours=None, force=True)

    assert not result.written
    assert json.loads(_info(model).read_text()) == VERSION


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(model, monkeypatch):
    _info(model).write_text("{}")

    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = write_civitai_info(model, VERSION, ours=content_digest(b"{}"))

    assert not result.written
    assert result.reason == "cannot write: No space left on device"
    assert _info(model).read_text() == "{}"
    assert sorted(p.name for p in model.parent.iterdir()) == [
        "style.civitai.info",
        "style.safetensors",
    ]


def test_a_missing_model_file_gets_no_sidecar(tmp_path):
    result = write_civitai_info(tmp_path / "gone.safetensors", VERSION, ours=None)
    assert (result.written, result.reason) == (False, "the model file is not there")
