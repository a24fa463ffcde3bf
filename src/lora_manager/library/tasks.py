"""Library jobs: a scan run by the job runner, with progress and cancellation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lora_manager.jobs.tasks import JobCancelledError, JobContext, task
from lora_manager.library.service import ScanOptions, ScanStoppedError, run_scan


@task("scan")
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
