"""`lora-manager civitai sync`: progress bar, then a summary (or the JSON report)."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from lora_manager.civitai.service import SyncOptions, SyncProgress, SyncReport, run_sync
from lora_manager.core.config import Settings
from lora_manager.core.db import make_engine
from lora_manager.core.migrate import upgrade

MAX_LISTED = 50


def sync_command(settings: Settings, options: SyncOptions, as_json: bool) -> int:
    """Run a sync from the command line; return the exit code (1: Civitai failed)."""
    console = Console(stderr=True)
    # httpx logs every request at INFO: thousands of lines under the progress bar.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=True,
        ) as bar:
            task = bar.add_task("selecting", total=None, counts="")

            def on_progress(p: SyncProgress) -> None:
                bar.update(
                    task,
                    description=p.phase,
                    total=p.total or None,
                    completed=p.done,
                    counts=f"found {p.found}, not found {p.not_found}, "
                    f"errors {p.errors}",
                )

            report = run_sync(engine, settings, options, on_progress=on_progress)
    finally:
        engine.dispose()
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict()) + "\n")
        sys.stdout.flush()
    else:
        _print_summary(Console(), console, report)
    if report.civitai_failed_everywhere:
        console.print(f"[red]error:[/red] {_failure_sentence(report)}")
        return 1
    return 0


def _failure_sentence(report: SyncReport) -> str:
    if report.message:
        return f"{report.message} Nothing was changed."
    reasons = [r.get("reason") for r in report.results if r["outcome"] == "error"]
    first = next((r for r in reasons if r), "no reason given")
    return f"Civitai answered none of the lookups ({first}); nothing was changed."


def _print_summary(out: Console, err: Console, report: SyncReport) -> None:
    table = Table(title="Civitai sync")
    for column in ("found", "not found", "errors", "skipped"):
        table.add_column(column, justify="right")
    table.add_row(
        str(report.found),
        str(report.not_found),
        str(report.errors),
        str(report.skipped),
    )
    out.print(table)
    out.print(f"Took {report.duration_s:.2f} s.")
    errors = [r for r in report.results if r["outcome"] == "error"]
    for item in errors[:MAX_LISTED]:
        err.print(f"[red]error[/red] adapter {item['id']}: {item.get('reason')}")
    if len(errors) > MAX_LISTED:
        err.print(f"... and {len(errors) - MAX_LISTED} more (see --json)")
    skipped = Counter(
        r.get("reason") or "skipped"
        for r in report.results
        if r["outcome"] == "skipped"
    )
    for reason, count in skipped.most_common(10):
        err.print(f"[dim]skipped {count}: {reason}[/dim]")
    if report.offline and not report.civitai_failed_everywhere:
        err.print(
            f"[yellow]warning[/yellow] {report.message} The adapters not looked up "
            "keep their data; run the sync again later."
        )
