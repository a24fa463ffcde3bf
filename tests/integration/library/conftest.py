"""Fixtures for scanning real files into real databases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from lora_manager.library.service import ScanOptions, run_scan
from lora_manager.library.summary import ScanSummary
from lora_manager.models import Adapter

Scan = Callable[..., ScanSummary]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def scan(engine: Engine, library_root: Path, data_dir: Path) -> Scan:
    """Scan the given roots (default: the library root) into the test database."""

    def scan(*roots: Path, **options: Any) -> ScanSummary:
        chosen = list(roots) or [library_root]
        return run_scan(engine, chosen, data_dir, ScanOptions(**options))

    return scan


@pytest.fixture
def adapters(engine: Engine) -> Callable[[], dict[str, Adapter]]:
    """Return every adapter row, by file name."""

    def adapters() -> dict[str, Adapter]:
        with Session(engine) as session:
            rows = session.exec(select(Adapter)).all()
            return {row.file_name: row for row in rows}

    return adapters


@pytest.fixture
def edit(engine: Engine) -> Callable[..., None]:
    """Change an adapter row as a user would (through the same columns)."""

    def edit(adapter_id: int, **values: Any) -> None:
        with Session(engine) as session:
            row = session.get(Adapter, adapter_id)
            assert row is not None
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
            session.commit()

    return edit
