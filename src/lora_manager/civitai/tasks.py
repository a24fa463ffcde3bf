"""The `civitai_sync` job: a sync with progress, cancellable between adapters."""

from __future__ import annotations

from typing import Any

from lora_manager.civitai.service import (
    SyncOptions,
    SyncProgress,
    SyncStoppedError,
    run_sync,
)
from lora_manager.jobs.tasks import (
    JobCancelledError,
    JobContext,
    JobFailedError,
    task,
)


@task("civitai_sync", resumable=True)
def civitai_sync_task(context: JobContext) -> dict[str, Any]:
    """Enrich the adapters the payload names (default: all that are due)."""
    payload = context.payload
    ids = payload.get("adapter_ids")
    options = SyncOptions(
        only_missing=bool(payload.get("only_missing")),
        force=bool(payload.get("force")),
        adapter_ids=tuple(int(i) for i in ids) if ids is not None else None,
    )
    phases: list[str] = []

    def on_progress(progress: SyncProgress) -> None:
        # Every phase change is written; within a phase a few writes a second.
        changed = not phases or phases[-1] != progress.phase
        phases.append(progress.phase)
        context.progress(progress.as_dict(), force=changed)

    try:
        report = run_sync(
            context.engine,
            context.settings,
            options,
            on_progress=on_progress,
            should_stop=context.is_cancel_requested,
        )
    except SyncStoppedError:
        raise JobCancelledError from None
    if report.civitai_failed_everywhere:
        # Nothing was changed: the job fails with one sentence, keeping the report.
        sentence = report.message or _first_reason(report.results)
        raise JobFailedError(sentence, result=report.as_dict())
    return report.as_dict()


def _first_reason(results: list[dict[str, Any]]) -> str:
    for result in results:
        if result["outcome"] == "error":
            return f"Civitai answered no request usefully: {result.get('reason')}"
    return "Civitai answered no request usefully."
