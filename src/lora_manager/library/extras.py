"""The low-priority pass that fills BLAKE3 and CRC32 after an import.

Computing them in the import's single read would cost more than the import's speed
target allows on two cores (see the benchmarks), so they are filled afterwards, one
file at a time, at a lower CPU priority, for files whose content is unchanged.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import structlog
from sqlalchemy import Engine, select, update
from sqlmodel import col

from lora_manager.core.db import session_scope
from lora_manager.library.hashing import FileChangedError, hash_extras
from lora_manager.models import Adapter

log = structlog.get_logger("lora_manager.library.extras")
ProgressFn = Callable[[int, int], None]


def lower_thread_priority() -> None:
    """Make the calling thread yield the CPU to imports and requests (Linux)."""
    if hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            return  # not permitted here: run at normal priority


def _pending(engine: Engine, limit: int) -> list[tuple[int, str, int, int | None]]:
    with session_scope(engine) as session:
        stmt = (
            select(
                col(Adapter.id),
                col(Adapter.file_path),
                col(Adapter.size_bytes),
                col(Adapter.mtime_ns),
            )
            .where(col(Adapter.status) == "ok", col(Adapter.blake3).is_(None))
            .order_by(col(Adapter.id))
            .limit(limit)
        )
        return [tuple(row) for row in session.execute(stmt)]


def fill_hash_extras(
    engine: Engine,
    *,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Compute BLAKE3 and CRC32 where missing; return how many files were done."""
    lower_thread_priority()
    done, failed = 0, set[int]()
    while True:
        batch = [p for p in _pending(engine, 200 + len(failed)) if p[0] not in failed]
        if not batch:
            return done
        for adapter_id, path, size, mtime_ns in batch:
            if should_stop and should_stop():
                return done
            if _fill_one(engine, adapter_id, Path(path), size, mtime_ns):
                done += 1
            else:
                failed.add(adapter_id)
            if on_progress:
                on_progress(done, len(failed))


def _fill_one(
    engine: Engine, adapter_id: int, path: Path, size: int, mtime_ns: int | None
) -> bool:
    try:
        stat = path.stat()
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
            return False  # changed since the scan: the next scan re-reads it
        blake3, crc32 = hash_extras(path)
    except (OSError, FileChangedError) as error:
        log.info("extras.skipped", path=str(path), reason=str(error))
        return False
    with session_scope(engine) as session:
        session.execute(
            update(Adapter)
            .where(col(Adapter.id) == adapter_id, col(Adapter.mtime_ns) == mtime_ns)
            .values(blake3=blake3, crc32=crc32)
            .execution_options(synchronize_session=False)
        )
    return True
