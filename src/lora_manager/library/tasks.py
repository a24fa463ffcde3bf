"""Library jobs: scans, and the low-priority BLAKE3/CRC32 pass that follows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lora_manager.core.db import session_scope
from lora_manager.jobs.repository import JobRepository
from lora_manager.jobs.tasks import (
    JobCancelledError,
    JobContext,
    JobDeferredError,
    task,
)
from lora_manager.library.extras import fill_hash_extras
from lora_manager.library.service import ScanOptions, ScanStoppedError, run_scan
from lora_manager.models.job import FINISHED_STATUSES


@task("scan", resumable=True)
def scan_task(context: JobContext) -> dict[str, Any]:
    """Scan the roots named in the payload and return the summary."""
    payload = context.payload
    options = ScanOptions(
        force=bool(payload.get("force_resync")), dry_run=bool(payload.get("dry_run"))
    )
    try:
        summary = run_scan(
            context.engine,
            [Path(p) for p in payload.get("roots", [])],
            context.settings.data_dir,
            options,
            on_progress=lambda p: context.progress(
                p.as_dict(), force=p.phase != "reading"
            ),
            should_stop=context.is_cancel_requested,
        )
    except ScanStoppedError:
        raise JobCancelledError from None
    return summary.as_dict()


def _wait_for(context: JobContext, job_id: str) -> None:
    """Defer this pass until the scan it follows has finished, so they never compete."""
    with session_scope(context.engine) as session:
        scan = JobRepository(session).get(job_id)
    if scan is not None and scan.status not in FINISHED_STATUSES:
        raise JobDeferredError(f"waiting for scan {job_id} to finish")


@task("hash_extras", resumable=True)
def hash_extras_task(context: JobContext) -> dict[str, Any]:
    """Fill BLAKE3 and CRC32 for files that lack them (after a scan, if named)."""
    after = context.payload.get("after")
    if after:
        _wait_for(context, str(after))
    done = fill_hash_extras(
        context.engine,
        on_progress=lambda files, failed: context.progress(
            {"phase": "hashing", "files_done": files, "files_skipped": failed}
        ),
        should_stop=context.is_cancel_requested,
    )
    return {"files_hashed": done}
