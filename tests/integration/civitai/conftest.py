"""Real LoRA files, scanned into real databases, enriched from a fake Civitai."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session, select

from lora_manager.civitai.service import SyncOptions, SyncReport, run_sync
from lora_manager.core.config import Settings
from lora_manager.library.service import ScanOptions, run_scan
from lora_manager.library.summary import ScanSummary
from lora_manager.models import Adapter
from tests.fakes.civitai import FakeCivitai

TOKEN = "civitai-test-token"


@pytest.fixture
def fake() -> Iterator[FakeCivitai]:
    with FakeCivitai() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, library_root: Path, fake: FakeCivitai) -> Settings:
    """App settings pointing at the fake Civitai, with tiny retry delays."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "data",
        lora_roots=[library_root],
        log_format="json",
        civitai_base_url=fake.base_url,
        civitai_api_key=SecretStr(TOKEN),
        civitai_backoff_s=0.001,
        civitai_timeout_s=3.0,  # generous: parallel tests load the machine
        civitai_max_attempts=3,
    )


@pytest.fixture
def scan(engine: Engine, library_root: Path, settings: Settings) -> Callable[..., Any]:
    def scan(**options: Any) -> ScanSummary:
        opts = ScanOptions(**options)
        return run_scan(engine, [library_root], settings.data_dir, opts)

    return scan


@pytest.fixture
def sync(engine: Engine, settings: Settings) -> Callable[..., SyncReport]:
    def sync(**options: Any) -> SyncReport:
        ids = options.pop("adapter_ids", None)
        opts = SyncOptions(adapter_ids=tuple(ids) if ids else None, **options)
        return run_sync(engine, settings, opts)

    return sync


@pytest.fixture
def rows(engine: Engine) -> Callable[[], dict[str, Adapter]]:
    """Return every adapter row, by file stem."""

    def rows() -> dict[str, Adapter]:
        with Session(engine) as session:
            return {
                Path(row.file_name).stem: row
                for row in session.exec(select(Adapter)).all()
            }

    return rows


@pytest.fixture
def edit(engine: Engine) -> Callable[..., None]:
    """Change an adapter as the API's PATCH does (marking protected fields)."""

    def edit(adapter_id: int, **values: Any) -> None:
        with Session(engine) as session:
            row = session.get(Adapter, adapter_id)
            assert row is not None
            for name, value in values.items():
                setattr(row, name, value)
            row.edited_fields = sorted({*row.edited_fields, *values})
            session.add(row)
            session.commit()

    return edit


@pytest.fixture
def publish(fake: FakeCivitai) -> Callable[..., dict[str, Any]]:
    """Publish a scanned adapter on the fake Civitai under its own hashes."""

    def publish(row: Adapter, **details: Any) -> dict[str, Any]:
        hashes = {
            "AutoV2": row.autov2,
            "AutoV3": row.autov3,
            "CRC32": row.crc32,
            "BLAKE3": row.blake3,
        }
        assert row.sha256 is not None
        return fake.add_lora(sha256=row.sha256, hashes=hashes, **details)

    return publish
