"""`serve --watch`: file changes reach the index within seconds."""

from __future__ import annotations

import time

import pytest
from sqlmodel import Session, select

from lora_manager.library.watch import LibraryWatcher
from lora_manager.models import Adapter
from tests.factories.lora_files import write_lora


def _names(engine):
    with Session(engine) as session:
        return {a.file_name: a.status for a in session.exec(select(Adapter)).all()}


def _until(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_watcher_applies_new_and_deleted_files(engine, settings, library_root):
    watcher = LibraryWatcher(engine, settings)
    watcher.start()
    try:
        time.sleep(1.0)  # let the watch start
        path = write_lora(library_root, "live", family="sdxl")
        assert _until(lambda: _names(engine).get("live.safetensors") == "ok")
        path.unlink()
        assert _until(lambda: _names(engine).get("live.safetensors") == "missing")
    finally:
        watcher.stop()
